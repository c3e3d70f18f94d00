import type { Resident } from '@gongzhi/contracts';
import { householdRelationNames, householdRelations, residentStatusNames, residentStatuses, specialGroupTagNames, specialGroupTags } from '@gongzhi/contracts/community-labels';
import { Button, Card, Input, InputNumber, Select, Space, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ResidentQuery, communityApi } from '../api/community';
import { useAuth } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { UnitPicker } from '../common/UnitPicker';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { roomLabel } from './labels';
import { usePersonColumns } from './MemberColumns';
import { ResidentDrawer } from './ResidentDrawer';
import './community.css';

const PAGE_SIZE = 30;
const keys = ['q', 'unit', 'status', 'relation', 'hukouHere', 'livesHere', 'tag', 'ageMin', 'ageMax'] as const;

/** /admin/community/residents — exact search by ID number, mobile or name (blind index), filters, a masked table, a detail drawer. */
export function ResidentsPage() {
  const { t, pick } = useLang();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const own = me?.grants.find((g) => g.role !== 'resident')?.unit;
  const filter = useMemo(() => {
    const f: ResidentQuery = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v === null || v === '') continue;
      if (k === 'ageMin' || k === 'ageMax') f[k] = Number(v);
      else f[k] = v;
    }
    // Browsing shows who lives here now; a search finds moved-out and deceased records too.
    if (!params.has('status') && !f.q) f.status = 'active';
    return f;
  }, [params]);
  const query = JSON.stringify(filter);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [query, reset]);
  const res = useAsync((s) => communityApi.residents({ ...filter, limit: PAGE_SIZE, cursor: pages.cursor }, s), [query, pages.cursor]);
  const openId = params.get('open');

  const set = (k: string, v: string | number | null | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    next.delete('open');
    setParams(next, { replace: true });
  };
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next);
  };

  const person = usePersonColumns({ reveal: false });
  const columns: TableColumnsType<Resident> = [
    ...person,
    { title: t('community.resident.address'), key: 'addr', ellipsis: true, render: (_, r) => `${r.compound.name} ${roomLabel(r.household, r.building.name)}` },
  ];
  const bool = (k: 'hukouHere' | 'livesHere', label: string) => (
    <Select
      allowClear
      placeholder={label}
      value={params.get(k) ?? undefined}
      onChange={(v) => set(k, v)}
      options={[
        { value: 'true', label: `${label}：${t('community.common.yes')}` },
        { value: 'false', label: `${label}：${t('community.common.no')}` },
      ]}
      style={{ width: 130 }}
    />
  );

  return (
    <Card size="small" title={t('community.residents.title')} data-testid="residents-page">
      <Space wrap className="gz-community-filters">
        <Tooltip title={t('community.residents.searchHint')}>
          <Input.Search allowClear defaultValue={params.get('q') ?? ''} placeholder={t('community.residents.search')} onSearch={(v) => set('q', v.trim())} style={{ width: 280 }} data-testid="resident-search" />
        </Tooltip>
        <UnitPicker value={params.get('unit') ?? undefined} onChange={(c) => set('unit', c)} initial={own} placeholder={t('community.compounds.unit')} allowClear style={{ width: 180 }} />
        <Select
          placeholder={t('community.residents.status')}
          value={params.get('status') ?? (filter.q ? undefined : 'active')}
          allowClear
          onChange={(v) => set('status', v ?? '')}
          options={residentStatuses.map((s) => ({ value: s, label: pick(residentStatusNames[s]) }))}
          style={{ width: 100 }}
          data-testid="resident-status"
        />
        <Select allowClear placeholder={t('community.residents.relation')} value={params.get('relation') ?? undefined} onChange={(v) => set('relation', v)} options={householdRelations.map((s) => ({ value: s, label: pick(householdRelationNames[s]) }))} style={{ width: 110 }} />
        {bool('hukouHere', t('community.resident.hukou'))}
        {bool('livesHere', t('community.resident.lives'))}
        <Select allowClear placeholder={t('community.residents.tag')} value={params.get('tag') ?? undefined} onChange={(v) => set('tag', v)} options={specialGroupTags.map((s) => ({ value: s, label: pick(specialGroupTagNames[s]) }))} style={{ width: 120 }} />
        <Space.Compact>
          <InputNumber min={0} max={150} placeholder={t('community.residents.ageMin')} value={filter.ageMin ?? null} onChange={(v) => set('ageMin', v)} style={{ width: 92 }} />
          <InputNumber min={0} max={150} placeholder={t('community.residents.ageMax')} value={filter.ageMax ?? null} onChange={(v) => set('ageMax', v)} style={{ width: 92 }} />
        </Space.Compact>
        <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('community.residents.reset')}</Button>
      </Space>
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<Resident>
          size="small"
          className="gz-person-table"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 330px)', x: 1100 }}
          onRow={(r) => ({ onClick: () => open(r.id), className: 'gz-clickable', 'data-resident': r.id }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('community.residents.empty') }}
          data-testid="resident-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="resident-pager" />
      {openId && <ResidentDrawer id={openId} onClose={() => open(null)} />}
    </Card>
  );
}
