import type { Compound, CompoundType } from '@gongzhi/contracts';
import { compoundTypeNames, compoundTypes } from '@gongzhi/contracts/labels';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/jurisdictions';
import { useAuth } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { UnitPicker } from '../common/UnitPicker';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import './community.css';

const PAGE_SIZE = 30;

/** /admin/community/compounds — the compounds in scope: search, type and unit filters in the URL, cursor pages. */
export function CompoundsPage() {
  const { t, pick } = useLang();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const own = me?.grants.find((g) => g.role !== 'resident')?.unit;
  const unit = params.get('unit') ?? own?.code ?? '';
  const type = (params.get('type') ?? undefined) as CompoundType | undefined;
  const q = params.get('q') ?? '';
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [unit, type, q, reset]);
  const res = useAsync((s) => api.compounds({ unit, type, q: q || undefined, limit: PAGE_SIZE, cursor: pages.cursor }, s), [unit, type, q, pages.cursor]);

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const columns: TableProps<Compound>['columns'] = [
    { title: t('community.compounds.col.name'), dataIndex: 'name', ellipsis: true, render: (v: string) => <b>{v}</b> },
    { title: t('community.compounds.col.type'), dataIndex: 'type', width: 120, render: (v: CompoundType) => <Tag>{pick(compoundTypeNames[v])}</Tag> },
    { title: t('community.compounds.col.neighborhood'), key: 'n', width: 130, ellipsis: true, render: (_, c) => c.neighborhood.name },
    { title: t('community.compounds.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('community.compounds.col.year'), dataIndex: 'yearBuilt', width: 90, render: (v: number | null) => v ?? '—' },
    { title: t('community.compounds.col.buildings'), dataIndex: 'buildingCount', width: 70, align: 'right' },
    { title: t('community.compounds.col.households'), dataIndex: 'householdCount', width: 80, align: 'right' },
  ];

  return (
    <Card size="small" title={t('community.compounds.title')} data-testid="compounds-page">
      <Space wrap className="gz-community-filters">
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('community.compounds.search')}
          onSearch={(v) => set('q', v.trim() || undefined)}
          style={{ width: 260 }}
          data-testid="compound-search"
        />
        <Select
          allowClear
          placeholder={t('community.compounds.allTypes')}
          value={type}
          onChange={(v) => set('type', v)}
          options={compoundTypes.map((c) => ({ value: c, label: pick(compoundTypeNames[c]) }))}
          style={{ width: 150 }}
          data-testid="compound-type"
        />
        <UnitPicker value={unit || undefined} onChange={(c) => set('unit', c)} initial={own} placeholder={t('community.compounds.unit')} style={{ width: 240 }} testId="compound-unit" />
      </Space>
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<Compound>
          size="small"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 300px)' }}
          onRow={(c) => ({ onClick: () => navigate(`/community/compounds/${c.id}`), className: 'gz-clickable' })}
          locale={{ emptyText: t('community.compounds.empty') }}
          data-testid="compound-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="compound-pager" />
    </Card>
  );
}
