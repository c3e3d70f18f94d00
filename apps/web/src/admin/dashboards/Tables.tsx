import type { CaseStatsDepartmentRow, CaseStatsUnitRow } from '@gongzhi/contracts';
import { Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { canDrill, formatCount, formatRate } from '../../stats/format';
import { useLang } from '../i18n';

const num = (n: number) => formatCount(n);
const sortNum = (pick: (r: { figures: CaseStatsUnitRow['figures'] }) => number | null) => (a: { figures: CaseStatsUnitRow['figures'] }, b: { figures: CaseStatsUnitRow['figures'] }) =>
  (pick(a) ?? -1) - (pick(b) ?? -1);

/** The children of the unit with every figure; a row leads one level down. */
export function UnitTable({ rows, onDrill }: { rows: CaseStatsUnitRow[]; onDrill: (code: string) => void }) {
  const { t } = useLang();
  const columns: TableProps<CaseStatsUnitRow>['columns'] = [
    { title: t('dashboards.cols.name'), dataIndex: 'name', fixed: 'left', width: 150, render: (v: string, r) => (canDrill(r) ? <a onClick={() => onDrill(r.code)}>{v}</a> : v) },
    { title: t('dashboards.cols.intake'), align: 'right', render: (_, r) => num(r.figures.intake), sorter: sortNum((r) => r.figures.intake), defaultSortOrder: 'descend' },
    { title: t('dashboards.cols.resolved'), align: 'right', render: (_, r) => num(r.figures.resolved), sorter: sortNum((r) => r.figures.resolved) },
    { title: t('dashboards.cols.open'), align: 'right', render: (_, r) => num(r.figures.open), sorter: sortNum((r) => r.figures.open) },
    { title: t('dashboards.cols.overdue'), align: 'right', render: (_, r) => (r.figures.overdue ? <span className="gz-danger">{num(r.figures.overdue)}</span> : 0), sorter: sortNum((r) => r.figures.overdue) },
    { title: t('dashboards.cols.closure'), align: 'right', render: (_, r) => formatRate(r.figures.closureRate.rate), sorter: sortNum((r) => r.figures.closureRate.rate) },
    { title: t('dashboards.cols.onTime'), align: 'right', render: (_, r) => formatRate(r.figures.onTimeRate.rate), sorter: sortNum((r) => r.figures.onTimeRate.rate) },
    { title: t('dashboards.cols.satisfaction'), align: 'right', render: (_, r) => formatRate(r.figures.satisfactionRate.rate), sorter: sortNum((r) => r.figures.satisfactionRate.rate) },
  ];
  return (
    <Table<CaseStatsUnitRow>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 760 }}
      onRow={(r) => ({ onClick: () => canDrill(r) && onDrill(r.code), style: canDrill(r) ? { cursor: 'pointer' } : undefined, 'data-code': r.code }) as never}
      data-testid="dash-units-table"
    />
  );
}

/** Departments in ranking order (the server ranks: on-time rate, then satisfaction, then volume). */
export function DepartmentTable({ rows }: { rows: CaseStatsDepartmentRow[] }) {
  const { t } = useLang();
  const columns: TableProps<CaseStatsDepartmentRow>['columns'] = [
    { title: t('dashboards.cols.rank'), width: 56, align: 'center', render: (_, __, i) => <Tag color={i < 3 ? ['gold', 'lime', 'cyan'][i] : undefined}>{i + 1}</Tag> },
    { title: t('dashboards.cols.department'), dataIndex: 'name', width: 200, ellipsis: true },
    { title: t('dashboards.cols.intake'), align: 'right', render: (_, r) => num(r.figures.intake) },
    { title: t('dashboards.cols.resolved'), align: 'right', render: (_, r) => num(r.figures.resolved) },
    { title: t('dashboards.cols.overdue'), align: 'right', render: (_, r) => (r.figures.overdue ? <span className="gz-danger">{num(r.figures.overdue)}</span> : 0) },
    { title: t('dashboards.cols.onTime'), align: 'right', render: (_, r) => formatRate(r.figures.onTimeRate.rate) },
    { title: t('dashboards.cols.satisfaction'), align: 'right', render: (_, r) => formatRate(r.figures.satisfactionRate.rate) },
  ];
  return (
    <Table<CaseStatsDepartmentRow>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: t('dashboards.noDepartments') }}
      data-testid="dash-dept-table"
    />
  );
}
