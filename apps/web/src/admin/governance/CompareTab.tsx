import type { CompoundType, GovernanceComparison } from '@gongzhi/contracts';
import { Empty, InputNumber, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { governanceApi } from '../api/governance';
import { useLang } from '../i18n';

type Row = GovernanceComparison['rows'][number];

/** 对比分析: the evaluated compounds of a type in scope for a year, ranked, with averages and a bar per compound. */
export function CompareTab({ type }: { type: CompoundType }) {
  const { t } = useLang();
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<GovernanceComparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setData(null);
    governanceApi.compare(type, year, ctrl.signal).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: Error) => e.name !== 'AbortError' && setError(e.message),
    );
    return () => ctrl.abort();
  }, [type, year]);

  const fixed = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));
  return (
    <div data-testid="compare">
      <Space style={{ marginBottom: 12 }}>
        {t('gov.cmp.year')}
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(Number(v))} data-testid="cmp-year" />
        {data && data.notEvaluated > 0 && <Typography.Text type="secondary">{t('gov.cmp.notEvaluated', { n: data.notEvaluated })}</Typography.Text>}
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {!data && !error && <Spin />}
      {data && data.rows.length === 0 && <Empty description={t('gov.cmp.empty')} />}
      {data && data.rows.length > 0 && (
        <>
          <Table<Row>
            rowKey={(r) => r.compound.id}
            size="small"
            pagination={data.rows.length > 20 ? { pageSize: 20 } : false}
            dataSource={data.rows}
            scroll={{ x: 'max-content' }}
            data-testid="cmp-table"
            columns={[
              { title: t('gov.cmp.rank'), dataIndex: 'rank', width: 60, fixed: 'left' },
              { title: t('gov.cmp.compound'), render: (_v, r) => r.compound.name, fixed: 'left', width: 160 },
              { title: t('gov.cmp.neighborhood'), render: (_v, r) => r.neighborhood.name, width: 120 },
              ...data.indicators.map((i) => ({ title: `${i.name}（${i.weight}）`, key: i.id, width: 120, render: (_v: unknown, r: Row) => fixed(r.scores[i.id]) })),
              { title: t('gov.cmp.total'), dataIndex: 'total', width: 80, fixed: 'right', render: (v: number) => <strong>{v.toFixed(2)}</strong> },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  <strong>{t('gov.cmp.average')}</strong>
                </Table.Summary.Cell>
                {data.indicators.map((i, k) => (
                  <Table.Summary.Cell key={i.id} index={3 + k}>
                    {fixed(data.averages.scores[i.id])}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={3 + data.indicators.length}>
                  <strong>{data.averages.total?.toFixed(2) ?? '—'}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('gov.cmp.chart')}
          </Typography.Title>
          <div className="gz-bars" data-testid="cmp-bars">
            {data.rows.slice(0, 20).map((r) => (
              <div className="gz-bar" key={r.compound.id}>
                <span className="gz-bar-name" title={r.compound.name}>
                  {r.rank}. {r.compound.name}
                </span>
                <span className="gz-bar-track">
                  <span className="gz-bar-fill" style={{ width: `${r.total}%`, display: 'block' }} />
                </span>
                <span className="gz-bar-value">{r.total.toFixed(1)}</span>
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
