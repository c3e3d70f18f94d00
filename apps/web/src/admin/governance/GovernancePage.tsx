import type { CompoundType, GovernanceOverview, GovernanceType } from '@gongzhi/contracts';
import { governanceListKinds } from '@gongzhi/contracts/community-labels';
import { compoundTypeNames, compoundTypes } from '@gongzhi/contracts/labels';
import { Alert, Card, Segmented, Spin, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { governanceApi } from '../api/governance';
import { useAuth } from '../auth/AuthContext';
import { useLang } from '../i18n';
import { CompareTab } from './CompareTab';
import { EvaluateTab } from './EvaluateTab';
import { GuideTab } from './GuideTab';
import { IndicatorsTab } from './IndicatorsTab';
import { ListTab } from './ListTab';
import './governance.css';

const isType = (v: string | undefined): v is CompoundType => !!v && (compoundTypes as readonly string[]).includes(v);

/** 分类治理: one page per compound type with its three lists, guide, indicators, evaluation and comparison. */
export function GovernancePage() {
  const { type } = useParams();
  const { t, pick } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [overview, setOverview] = useState<GovernanceOverview | null>(null);
  const [data, setData] = useState<GovernanceType | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState('problems');

  const load = useCallback(
    (signal?: AbortSignal) => {
      if (!isType(type)) return;
      governanceApi.type(type, signal).then(
        (d) => {
          setData(d);
          setError(null);
        },
        (e: Error) => e.name !== 'AbortError' && setError(e.message),
      );
    },
    [type],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    setData(null);
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);
  useEffect(() => {
    governanceApi.overview().then(setOverview, () => undefined);
  }, [data]);

  if (!isType(type)) return <Navigate to="/governance/resold_public" replace />;
  const counts = overview?.items.find((i) => i.type === type);
  const listTabs = governanceListKinds.map((kind) => ({
    key: kind,
    label: `${t(`gov.tabs.${kind}`)}${data ? ` (${data.lists[kind].length})` : ''}`,
    children: data && <ListTab type={type} kind={kind} items={data.lists[kind]} editable={data.editable} onChanged={() => load()} />,
  }));
  return (
    <div className="gz-gov" data-testid="governance-page">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('gov.title', { type: pick(compoundTypeNames[type]) })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('gov.intro')}
        </Typography.Paragraph>
        <Segmented
          data-testid="governance-types"
          value={type}
          onChange={(v) => navigate(`/governance/${v}`)}
          options={compoundTypes.map((ct) => {
            const n = overview?.items.find((i) => i.type === ct)?.compounds;
            return { value: ct, label: <span data-testid={`type-${ct}`}>{pick(compoundTypeNames[ct])}{n !== undefined ? <span className="gz-gov-count"> · {n}</span> : null}</span> };
          })}
        />
        {counts && <span className="gz-gov-count-line">{t('gov.compounds', { n: counts.compounds })}</span>}
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {data && !data.editable && <Alert type="info" showIcon title={t('gov.readOnly')} style={{ marginTop: 12 }} />}
      <Card size="small" style={{ marginTop: 12 }}>
        {!data && !error ? (
          <Spin />
        ) : (
          data && (
            <Tabs
              activeKey={tab}
              onChange={setTab}
              destroyOnHidden
              items={[
                ...listTabs,
                { key: 'guide', label: t('gov.tabs.guide'), children: <GuideTab type={type} guide={data.guide} editable={data.editable} onChanged={() => load()} /> },
                { key: 'indicators', label: t('gov.tabs.indicators'), children: <IndicatorsTab type={type} indicators={data.indicators} editable={data.editable} onSaved={() => load()} /> },
                ...(can('compound.evaluate') ? [{ key: 'evaluate', label: t('gov.tabs.evaluate'), children: <EvaluateTab type={type} indicators={data.indicators.filter((i) => i.active)} /> }] : []),
                { key: 'compare', label: t('gov.tabs.compare'), children: <CompareTab type={type} /> },
              ]}
            />
          )
        )}
      </Card>
    </div>
  );
}
