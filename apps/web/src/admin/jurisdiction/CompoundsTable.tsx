import { Button, Input, Select, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { compoundTypeNames, compoundTypes } from '@gongzhi/contracts/labels';
import type { Compound, CompoundType } from '@gongzhi/contracts';
import { useState } from 'react';
import { api } from '../api/jurisdictions';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from './LoadError';

const PAGE_SIZE = 10;

/**
 * Compounds inside a unit, one cursor page at a time (the API pages by cursor, not offset).
 * The parent remounts it per unit (`key`), which resets filters and paging.
 */
export function CompoundsTable({ unit }: { unit: string }) {
  const { t, pick, lang } = useLang();
  const [type, setType] = useState<CompoundType>();
  const [q, setQ] = useState('');
  // cursors[i] is the cursor that opens page i; page 0 needs none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;

  const cursor = cursors[page] ?? null;
  const res = useAsync((s) => api.compounds({ unit, type, q, limit: PAGE_SIZE, cursor }, s), [unit, type, q, cursor]);
  const fmt = new Intl.NumberFormat(lang);

  const columns: TableProps<Compound>['columns'] = [
    { title: t('compounds.name'), dataIndex: 'name', ellipsis: true },
    { title: t('compounds.type'), dataIndex: 'type', width: 120, render: (v: CompoundType) => pick(compoundTypeNames[v]) },
    { title: t('compounds.neighborhood'), dataIndex: ['neighborhood', 'name'], width: 140, ellipsis: true },
    { title: t('compounds.address'), dataIndex: 'address', ellipsis: true },
    { title: t('compounds.buildings'), dataIndex: 'buildingCount', width: 80, align: 'right', render: (n: number) => fmt.format(n) },
    { title: t('compounds.households'), dataIndex: 'householdCount', width: 90, align: 'right', render: (n: number) => fmt.format(n) },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8} data-testid="compounds-table">
      <Space wrap>
        <Select<CompoundType | undefined>
          allowClear
          style={{ width: 180 }}
          placeholder={t('compounds.allTypes')}
          value={type}
          onChange={(v) => (setType(v), setCursors([null]))}
          options={compoundTypes.map((v) => ({ value: v, label: pick(compoundTypeNames[v]) }))}
        />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('compounds.searchPlaceholder')} onSearch={(v) => (setQ(v.trim()), setCursors([null]))} />
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
          locale={{ emptyText: t('compounds.empty') }}
          pagination={false}
        />
      )}
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button size="small" disabled={page === 0 || res.loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('common.prev')}
        </Button>
        <span>{t('common.page', { page: page + 1 })}</span>
        <Button
          size="small"
          disabled={!res.data?.nextCursor || res.loading}
          onClick={() => setCursors((c) => [...c, res.data!.nextCursor])}
        >
          {t('common.next')}
        </Button>
      </Space>
    </Space>
  );
}
