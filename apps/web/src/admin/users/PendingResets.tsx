import type { AccountReset } from '@gongzhi/contracts';
import { Alert, Button, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { resetsApi } from '../api/users';
import { useMe } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { DecisionModal, useDecision } from '../common/Decision';
import { formatTime } from '../common/format';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';

/** Password and second-factor resets of administrator accounts waiting for a second security administrator (三权分立). */
export function PendingResets({ onChanged, onOpenUser }: { onChanged: () => void; onOpenUser: (id: string) => void }) {
  const { t, lang } = useLang();
  const me = useMe();
  const pages = useCursorPages();
  const res = useAsync((s) => resetsApi.list({ status: 'pending', limit: 20, cursor: pages.cursor }, s), [pages.cursor]);
  const decision = useDecision<AccountReset>({
    approve: (r, n) => resetsApi.approve(r.id, n),
    reject: (r, n) => resetsApi.reject(r.id, n),
    messages: { approved: t('resets.approvedOk'), rejected: t('resets.rejectedOk') },
    onDone: () => (res.reload(), onChanged()),
  });

  const columns: TableProps<AccountReset>['columns'] = [
    {
      title: t('resets.account'),
      key: 'user',
      render: (_, r) => (
        <a onClick={() => onOpenUser(r.user.id)}>
          {r.user.displayName} <span className="gz-muted">({r.user.username})</span>
        </a>
      ),
    },
    { title: t('resets.kind'), dataIndex: 'kind', render: (k: AccountReset['kind']) => t(`resets.kinds.${k}`) },
    { title: t('resets.reason'), dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('resets.requestedBy'), key: 'by', render: (_, r) => `${r.requestedBy?.displayName ?? '—'} · ${formatTime(r.createdAt, lang)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) =>
        // The server refuses both anyway; the page does not offer what would be refused.
        r.requestedBy?.id === me.user.id || r.user.id === me.user.id ? (
          <span className="gz-muted gz-small">{t('resets.waitingOther')}</span>
        ) : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => decision.open(r, true)} data-testid="reset-approve">
              {t('resets.approve')}
            </Button>
            <Button type="link" size="small" danger onClick={() => decision.open(r, false)} data-testid="reset-reject">
              {t('resets.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  const deciding = decision.deciding;
  const kind = deciding ? t(`resets.kinds.${deciding.item.kind}`) : '';
  return (
    <div data-testid="pending-resets" style={{ marginTop: 24 }}>
      <Typography.Title level={5}>{t('resets.title')}</Typography.Title>
      <Alert type="warning" showIcon title={t('resets.hint')} style={{ marginBottom: 12 }} />
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<AccountReset> size="small" rowKey="id" loading={res.loading} columns={columns} dataSource={res.data?.items ?? []} pagination={false} locale={{ emptyText: t('resets.noPending') }} />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} />
      <DecisionModal
        decision={decision}
        title={deciding && t(deciding.approve ? 'resets.approveTitle' : 'resets.rejectTitle', { name: deciding.item.user.displayName, kind })}
        approveText={t('resets.approve')}
        rejectText={t('resets.reject')}
        notePlaceholder={t('resets.notePlaceholder')}
        noteTestId="reset-decision-note"
      />
    </div>
  );
}
