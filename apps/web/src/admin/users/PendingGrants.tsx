import type { RoleGrant } from '@gongzhi/contracts';
import { roleNames } from '@gongzhi/contracts/roles';
import { Alert, Button, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { grantsApi } from '../api/users';
import { useMe } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { DecisionModal, useDecision } from '../common/Decision';
import { formatTime } from '../common/format';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';

/** Grants waiting for a second security administrator (分级审批): approve or reject with a note. */
export function PendingGrants({ onChanged, onOpenUser }: { onChanged: () => void; onOpenUser: (id: string) => void }) {
  const { t, pick, lang } = useLang();
  const me = useMe();
  const pages = useCursorPages();
  const res = useAsync((s) => grantsApi.list({ status: 'pending', limit: 20, cursor: pages.cursor }, s), [pages.cursor]);
  const decision = useDecision<RoleGrant>({
    approve: (g, n) => grantsApi.approve(g.id, n),
    reject: (g, n) => grantsApi.reject(g.id, n),
    messages: { approved: t('grants.approvedOk'), rejected: t('grants.rejectedOk') },
    onDone: () => (res.reload(), onChanged()),
  });

  const columns: TableProps<RoleGrant>['columns'] = [
    {
      title: t('grants.account'),
      key: 'user',
      render: (_, g) => (
        <a onClick={() => onOpenUser(g.user.id)}>
          {g.user.displayName} <span className="gz-muted">({g.user.username})</span>
        </a>
      ),
    },
    { title: t('grants.role'), dataIndex: 'role', render: (r: RoleGrant['role']) => pick(roleNames[r]) },
    { title: t('grants.scope'), key: 'scope', render: (_, g) => (g.department ? `${g.unit.name} · ${g.department.name}` : g.unit.name) },
    { title: t('grants.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('grants.requestedBy'), key: 'by', render: (_, g) => `${g.requestedBy?.displayName ?? '—'} · ${formatTime(g.createdAt, lang)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, g) =>
        g.requestedBy?.id === me.user.id ? (
          <span className="gz-muted gz-small">{t('grants.waitingOther')}</span>
        ) : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => decision.open(g, true)} data-testid="pending-approve">
              {t('grants.approve')}
            </Button>
            <Button type="link" size="small" danger onClick={() => decision.open(g, false)} data-testid="pending-reject">
              {t('grants.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <div data-testid="pending-grants">
      <Alert type="info" showIcon title={t('grants.pendingHint')} style={{ marginBottom: 12 }} />
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<RoleGrant> size="small" rowKey="id" loading={res.loading} columns={columns} dataSource={res.data?.items ?? []} pagination={false} locale={{ emptyText: t('grants.noPending') }} />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} />
      <DecisionModal
        decision={decision}
        title={decision.deciding && t(decision.deciding.approve ? 'grants.approveTitle' : 'grants.rejectTitle', { name: decision.deciding.item.user.displayName, role: pick(roleNames[decision.deciding.item.role]) })}
        approveText={t('grants.approve')}
        rejectText={t('grants.reject')}
        notePlaceholder={t('grants.notePlaceholder')}
        noteTestId="decision-note"
      />
    </div>
  );
}
