import type { ResidentImportSummary } from '@gongzhi/contracts';
import { Button, Empty, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { residentImportsApi } from '../../api/residentImports';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { useCursorPages } from '../../common/useCursorPages';
import { useLang } from '../../i18n';

/** Past imports in the user's scope (optionally one neighborhood), newest first. */
export function ImportHistory({ neighborhood, onOpen, refreshKey }: { neighborhood?: string | undefined; onOpen: (id: string) => void; refreshKey: number }) {
  const { t, lang } = useLang();
  const pages = useCursorPages();
  const [data, setData] = useState<{ items: ResidentImportSummary[]; nextCursor: string | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { reset } = pages;

  useEffect(reset, [neighborhood, refreshKey, reset]);
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    residentImportsApi.list({ neighborhood, limit: 10, cursor: pages.cursor }, ctrl.signal).then(
      (r) => {
        setData(r);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (ctrl.signal.aborted) return;
        setError(e.message);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [neighborhood, pages.cursor, refreshKey]);

  return (
    <>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<ResidentImportSummary>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('communityImport.history.empty')} /> }}
        columns={[
          { title: t('communityImport.history.at'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v, lang) },
          { title: t('communityImport.history.neighborhood'), dataIndex: ['neighborhood', 'name'], width: 140 },
          { title: t('communityImport.history.file'), dataIndex: 'fileName', ellipsis: true },
          {
            title: t('communityImport.history.counts'),
            key: 'counts',
            width: 220,
            render: (_, r) => (
              <span>
                <Typography.Text type="success">{r.accepted}</Typography.Text> / {r.updated} / {r.unchanged} /{' '}
                <Typography.Text type={r.rejected ? 'danger' : undefined}>{r.rejected}</Typography.Text>
              </span>
            ),
          },
          { title: t('communityImport.history.by'), dataIndex: 'importedBy', width: 130, render: (v: string | null) => v ?? 'CLI' },
          {
            title: '',
            key: 'open',
            width: 100,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => onOpen(r.id)} data-testid={`history-open-${r.id}`}>
                {t('communityImport.history.open')}
              </Button>
            ),
          },
        ]}
        data-testid="import-history"
      />
      <CursorPager page={pages.page} nextCursor={data?.nextCursor} loading={loading} onPrev={pages.prev} onNext={pages.next} testId="history-pager" />
    </>
  );
}
