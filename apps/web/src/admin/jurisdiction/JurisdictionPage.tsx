import { Card, Spin, Tabs } from 'antd';
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/jurisdictions';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { ChildrenTable } from './ChildrenTable';
import { CompoundsTable } from './CompoundsTable';
import { JurisdictionTree } from './JurisdictionTree';
import { LoadError } from './LoadError';
import { UnitDetailCard } from './UnitDetailCard';
import { UnitMap } from './UnitMap';
import { UnitSearch } from './UnitSearch';


/** /admin/jurisdictions[/:code]: the URL holds the selection, so every view can be linked. */
export function JurisdictionPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  const params = useParams<{ code?: string }>();
  const root = useAsync((s) => api.root(s), []);
  // A tile server is a deployment choice (GONGZHI_TILE_URL); without one the map draws boundaries only.
  const meta = useAsync((s) => api.meta(s), []);
  const tileUrl = meta.data?.tileUrl ?? undefined;
  const code = params.code ?? root.data?.code;

  const detail = useAsync(code ? (s) => api.unit(code, s) : null, [code]);
  const children = useAsync(code ? (s) => api.children(code, s) : null, [code]);
  const geometry = useAsync(code ? (s) => api.geometry(code, s) : null, [code]);
  const select = useCallback((c: string) => navigate(`/jurisdictions/${c}`), [navigate]);
  // While another unit loads, the previous answer stays on screen; don't pass it on as current.
  const current = detail.data?.code === code ? detail.data : undefined;

  return (
    <div className="gz-jur">
      <Card className="gz-jur-left" size="small" title={<UnitSearch onSelect={select} />}>
        {root.error ? (
          <LoadError error={root.error} onRetry={root.reload} />
        ) : root.data ? (
          <JurisdictionTree root={root.data} selected={current} onSelect={select} />
        ) : (
          <Spin style={{ display: 'block', marginTop: 24 }} />
        )}
      </Card>
      <div className="gz-jur-right">
        <div className="gz-jur-top">
          <UnitDetailCard
            detail={detail.data}
            loading={detail.loading}
            error={detail.error}
            onRetry={detail.reload}
            onSelect={select}
          />
          <Card size="small" title={t('jurisdiction.map')} styles={{ body: { padding: 8 } }}>
            {geometry.error ? (
              <LoadError error={geometry.error} onRetry={geometry.reload} />
            ) : (
              <UnitMap geometry={geometry.data} loading={geometry.loading} onSelect={select} tileUrl={tileUrl} />
            )}
          </Card>
        </div>
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs
            items={[
              {
                key: 'children',
                label: `${t('jurisdiction.children')}${children.data ? ` (${children.data.items.length})` : ''}`,
                children: (
                  <ChildrenTable
                    items={children.data?.items}
                    loading={children.loading}
                    error={children.error}
                    onRetry={children.reload}
                    onSelect={select}
                  />
                ),
              },
              {
                key: 'compounds',
                label: `${t('compounds.title')}${current ? ` (${current.counts.compounds})` : ''}`,
                children: code ? <CompoundsTable key={code} unit={code} /> : null,
              },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
