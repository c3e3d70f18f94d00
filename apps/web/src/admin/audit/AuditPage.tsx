import { DownloadOutlined } from '@ant-design/icons';
import type { AuditFilter, AuditItem } from '@gongzhi/contracts';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { auditApi } from '../api/audit';
import { useAuth } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { formatTime } from '../common/format';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { actionLabel, roleLabel } from './actionLabels';
import { AuditDetail } from './AuditDetail';
import { AuditFilters } from './AuditFilters';
import { VerifyButton } from './VerifyButton';

const PAGE_SIZE = 30;
const outcomeColor = { success: 'green', failure: 'orange', denied: 'red' } as const;

/** /admin/audit: search the tamper-evident trail, export it, verify its chain. */
export function AuditPage() {
  const { t, pick, lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<AuditFilter>({});
  const pages = useCursorPages();
  const [exporting, setExporting] = useState(false);
  const res = useAsync((s) => auditApi.list({ ...filter, limit: PAGE_SIZE, cursor: pages.cursor }, s), [filter, pages.cursor]);

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await auditApi.export(filter);
      void message.success(t('audit.exported'));
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<AuditItem>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatTime(v, lang) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 200,
      render: (_, i) => (
        <div>
          <div>{i.actor.username ?? <span className="gz-muted">{t('audit.system')}</span>}</div>
          {i.actor.role && <div className="gz-muted gz-small">{roleLabel(i.actor.role, pick)}</div>}
        </div>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 240,
      render: (a: string) => (
        <div>
          <div>{actionLabel(a, pick)}</div>
          <code className="gz-muted gz-small gz-nowrap">{a}</code>
        </div>
      ),
    },
    { title: t('audit.outcome'), dataIndex: 'outcome', width: 80, render: (o: AuditItem['outcome']) => <Tag color={outcomeColor[o]}>{t(`audit.outcomes.${o}`)}</Tag> },
    {
      title: t('audit.resource'),
      key: 'resource',
      ellipsis: true,
      render: (_, i) =>
        i.resource.type ? (
          <span title={i.resource.id ?? ''}>
            {t(`audit.types.${i.resource.type}`, { defaultValue: i.resource.type })}
            {i.resource.id && <code className="gz-muted gz-small"> {i.resource.id.slice(0, 8)}</code>}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('audit.unit'), key: 'unit', width: 130, ellipsis: true, render: (_, i) => i.unit?.name ?? '—' },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card
      title={t('nav.audit')}
      data-testid="audit-page"
      extra={
        <Space>
          <VerifyButton />
          {can('audit.export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="audit-export">
              {t('audit.export')}
            </Button>
          )}
        </Space>
      }
    >
      <AuditFilters onChange={(f) => (setFilter(f), pages.reset())} />
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<AuditItem>
          size="small"
          rowKey="seq"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 300px)' }}
          expandable={{ expandedRowRender: (i) => <AuditDetail item={i} />, expandRowByClick: true }}
          locale={{ emptyText: t('audit.empty') }}
          data-testid="audit-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="audit-pager" />
    </Card>
  );
}
