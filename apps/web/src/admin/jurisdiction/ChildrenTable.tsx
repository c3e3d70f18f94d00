import { Table } from 'antd';
import type { TableProps } from 'antd';
import { unitLevelNames } from '@gongzhi/contracts/labels';
import type { UnitSummary } from '@gongzhi/contracts';
import { useLang } from '../i18n';
import { LoadError } from './LoadError';

type Props = {
  items: UnitSummary[] | undefined;
  loading: boolean;
  error: Error | undefined;
  onRetry: () => void;
  onSelect: (code: string) => void;
};

export function ChildrenTable({ items, loading, error, onRetry, onSelect }: Props) {
  const { t, pick } = useLang();
  if (error) return <LoadError error={error} onRetry={onRetry} />;

  const columns: TableProps<UnitSummary>['columns'] = [
    {
      title: t('jurisdiction.name'),
      dataIndex: 'name',
      render: (name: string, u) => (
        <a href={`/admin/jurisdictions/${u.code}`} onClick={(e) => e.preventDefault()}>
          {name}
        </a>
      ),
    },
    { title: t('jurisdiction.code'), dataIndex: 'code', width: 170 },
    { title: t('jurisdiction.level'), dataIndex: 'level', width: 100, render: (l: UnitSummary['level']) => pick(unitLevelNames[l]) },
    { title: t('jurisdiction.childCount'), dataIndex: 'childCount', width: 100, align: 'right' },
  ];

  return (
    <Table<UnitSummary>
      data-testid="children-table"
      size="small"
      rowKey="code"
      loading={loading}
      columns={columns}
      dataSource={items ?? []}
      locale={{ emptyText: t('jurisdiction.noChildren') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      // The whole row is the target, so staff need not aim for the name.
      onRow={(u) => ({ onClick: () => onSelect(u.code), style: { cursor: 'pointer' } })}
    />
  );
}
