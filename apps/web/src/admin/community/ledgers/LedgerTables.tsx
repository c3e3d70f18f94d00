import type { LedgerCell, LedgerColumn, LedgerRow, LedgerTable as Table_ } from '@gongzhi/contracts';
import { Card, Empty, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useLang } from '../../i18n';

const show = (v: LedgerCell | undefined, c: LedgerColumn): string => {
  if (v === null || v === undefined || v === '') return c.kind === 'text' || c.kind === 'date' ? '' : '–';
  if (typeof v === 'number') return c.kind === 'percent' ? v.toFixed(1) : v.toLocaleString('en-US');
  return v;
};

const columnsOf = (table: Table_, header: (c: LedgerColumn) => string, onDrill?: (row: LedgerRow) => void): ColumnsType<LedgerRow> =>
  table.columns.map((c, i) => ({
    key: c.key,
    title: header(c),
    align: c.key === 'index' ? 'center' : c.kind === 'count' || c.kind === 'percent' ? 'right' : 'left',
    // The main table keeps its unit column in view when scrolled sideways; a list's 序号 stays narrow.
    fixed: i === 0 && onDrill ? 'left' : undefined,
    width: c.key === 'index' ? 64 : i === 0 && onDrill ? 180 : undefined,
    onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    render: (_: unknown, row: LedgerRow) =>
      i === 0 && row.unit && onDrill ? (
        <a onClick={(e) => (e.stopPropagation(), onDrill(row))} data-code={row.unit.code}>
          {show(row.cells[c.key], c)}
        </a>
      ) : (
        show(row.cells[c.key], c)
      ),
  }));

/** The ledger's main table: one row per child unit (click to drill down) and the 合计 row. */
export function MainTable({ table, onDrill }: { table: Table_; onDrill: (code: string) => void }) {
  const { t, lang } = useLang();
  const header = (c: LedgerColumn) => (lang === 'en' ? c.headerEn : c.header);
  const drill = (row: LedgerRow) => row.unit && onDrill(row.unit.code);
  return (
    <Table<LedgerRow>
      data-testid="ledger-table"
      size="small"
      bordered
      rowKey={(r, i) => r.unit?.code ?? `${String(r.cells.name)}-${i}`}
      columns={columnsOf(table, header, drill)}
      dataSource={table.rows}
      pagination={false}
      scroll={{ x: 'max-content', y: 420 }}
      locale={{ emptyText: <Empty description={t('ledgers.emptyRows')} /> }}
      onRow={(row) => (row.unit ? { onClick: () => drill(row), className: 'gz-ledger-drill' } : {})}
      summary={() =>
        table.totals && table.rows.length > 0 ? (
          <Table.Summary fixed>
            <Table.Summary.Row className="gz-ledger-total" data-testid="ledger-total">
              {table.columns.map((c, i) => (
                <Table.Summary.Cell key={c.key} index={i} align={c.kind === 'count' || c.kind === 'percent' ? 'right' : 'left'}>
                  {i === 0 ? t('ledgers.total') : show(table.totals![c.key], c)}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

/** A list of persons or households (masked values as the server sent them). */
export function ListCard({ table }: { table: Table_ }) {
  const { t, lang } = useLang();
  const header = (c: LedgerColumn) => (lang === 'en' ? c.headerEn : c.header);
  return (
    <Card size="small" title={lang === 'en' ? table.titleEn : table.title} extra={<span className="gz-muted">{t('ledgers.listCount', { n: table.rows.length })}</span>} data-testid={`ledger-list-${table.key}`}>
      <Table<LedgerRow>
        size="small"
        rowKey={(r) => String(r.cells.index)}
        columns={columnsOf(table, header)}
        dataSource={table.rows}
        pagination={table.rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgers.emptyList')} /> }}
      />
    </Card>
  );
}
