import type { VerificationProgress } from '@gongzhi/contracts';
import { Card, Empty, Progress, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { verificationApi } from '../../api/verification';
import { UnitPicker } from '../../common/UnitPicker';
import { useLang } from '../../i18n';

type Child = VerificationProgress['children'][number];

/** Completion per child unit (neighborhoods of a 街镇, grids of a 居委会 …): open, verified, dismissed, % handled. */
export function ProgressView() {
  const { t } = useLang();
  const [unit, setUnit] = useState<string | undefined>();
  const [data, setData] = useState<VerificationProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    verificationApi.progress(unit, ctrl.signal).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: Error) => e.name !== 'AbortError' && setError(e.message),
    );
    return () => ctrl.abort();
  }, [unit]);
  const bar = (r: { percentDone: number; total: number }) => <Progress percent={r.percentDone} size="small" status={r.total && r.percentDone === 100 ? 'success' : 'normal'} style={{ minWidth: 120, margin: 0 }} />;
  return (
    <div data-testid="verify-progress">
      <UnitPicker value={unit} onChange={setUnit} allowClear placeholder={t('cv.filters.unit')} style={{ width: 280, maxWidth: '100%', marginBottom: 12 }} />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {!data && !error && <Spin />}
      {data && (
        <>
          <Card size="small" style={{ marginBottom: 12, maxWidth: 640 }}>
            <Typography.Text strong>{t('cv.progress.totals', { name: data.unit.name })}</Typography.Text>
            <div>
              {t('cv.progress.open')} {data.totals.open} · {t('cv.progress.done')} {data.totals.done} · {t('cv.progress.dismissed')} {data.totals.dismissed}
            </div>
            {bar(data.totals)}
          </Card>
          {data.children.length === 0 ? (
            data.totals.total === 0 && <Empty description={t('cv.progress.empty')} />
          ) : (
            <Table<Child>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={data.children}
              onRow={(r) => ({ onClick: () => setUnit(r.code), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('cv.progress.unit'), dataIndex: 'name' },
                { title: t('cv.progress.open'), dataIndex: 'open', width: 80 },
                { title: t('cv.progress.done'), dataIndex: 'done', width: 80 },
                { title: t('cv.progress.dismissed'), dataIndex: 'dismissed', width: 80 },
                { title: t('cv.progress.total'), dataIndex: 'total', width: 70 },
                { title: t('cv.progress.percent'), width: 200, render: (_v, r) => bar(r) },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}
