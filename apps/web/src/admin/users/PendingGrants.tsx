import type { RoleGrant } from '@gongzhi/contracts';
import { roleNames } from '@gongzhi/contracts/roles';
import { Alert, App, Button, Input, Modal, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { grantsApi } from '../api/users';
import { useMe } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { formatTime } from '../common/format';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';

/** Grants waiting for a second security administrator (分级审批): approve or reject with a note. */
export function PendingGrants({ onChanged, onOpenUser }: { onChanged: () => void; onOpenUser: (id: string) => void }) {
  const { t, pick, lang } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const pages = useCursorPages();
  const res = useAsync((s) => grantsApi.list({ status: 'pending', limit: 20, cursor: pages.cursor }, s), [pages.cursor]);
  const [deciding, setDeciding] = useState<{ grant: RoleGrant; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    try {
      const n = note.trim() || undefined;
      await (deciding.approve ? grantsApi.approve(deciding.grant.id, n) : grantsApi.reject(deciding.grant.id, n));
      void message.success(deciding.approve ? t('grants.approvedOk') : t('grants.rejectedOk'));
      setDeciding(null);
      res.reload();
      onChanged();
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

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
            <Button type="link" size="small" onClick={() => (setNote(''), setDeciding({ grant: g, approve: true }))} data-testid="pending-approve">
              {t('grants.approve')}
            </Button>
            <Button type="link" size="small" danger onClick={() => (setNote(''), setDeciding({ grant: g, approve: false }))} data-testid="pending-reject">
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
      <Modal
        open={deciding !== null}
        title={deciding && t(deciding.approve ? 'grants.approveTitle' : 'grants.rejectTitle', { name: deciding.grant.user.displayName, role: pick(roleNames[deciding.grant.role]) })}
        okText={deciding?.approve ? t('grants.approve') : t('grants.reject')}
        okButtonProps={{ danger: deciding?.approve === false }}
        confirmLoading={busy}
        onOk={decide}
        onCancel={() => setDeciding(null)}
      >
        <Input.TextArea rows={3} maxLength={200} showCount value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('grants.notePlaceholder')} data-testid="decision-note" />
      </Modal>
    </div>
  );
}
