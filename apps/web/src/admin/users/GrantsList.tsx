import type { RoleGrant } from '@gongzhi/contracts';
import { roleNames } from '@gongzhi/contracts/roles';
import { App, Button, Popconfirm, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { grantsApi } from '../api/users';
import { useAuth } from '../auth/AuthContext';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { GrantStatusTag } from './GrantStatusTag';

/** An account's grants: live, waiting and past; revoke, approve or reject where allowed. */
export function GrantsList({ grants, onChanged }: { grants: RoleGrant[]; onChanged: () => void }) {
  const { t, pick, lang } = useLang();
  const { can, me } = useAuth();
  const { message } = App.useApp();

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
    } catch (err) {
      void message.error((err as Error).message);
    }
    onChanged();
  };

  const columns: TableProps<RoleGrant>['columns'] = [
    { title: t('grants.role'), dataIndex: 'role', render: (r: RoleGrant['role']) => pick(roleNames[r]) },
    { title: t('grants.scope'), key: 'scope', render: (_, g) => (g.department ? `${g.unit.name} · ${g.department.name}` : g.unit.name) },
    { title: t('grants.statusCol'), dataIndex: 'status', width: 80, render: (s: RoleGrant['status']) => <GrantStatusTag status={s} /> },
    {
      title: t('grants.history'),
      key: 'history',
      render: (_, g) => (
        <div className="gz-small">
          <div>
            {t('grants.requested', { who: g.requestedBy?.displayName ?? '—', at: formatTime(g.createdAt, lang) })}
          </div>
          {g.decidedBy && <div>{t('grants.decided', { who: g.decidedBy.displayName, at: formatTime(g.decidedAt, lang) })}</div>}
          {g.revokedBy && <div>{t('grants.revoked', { who: g.revokedBy.displayName, at: formatTime(g.revokedAt, lang) })}</div>}
          {g.reason && <div className="gz-muted">{t('grants.reasonIs', { reason: g.reason })}</div>}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, g) => (
        <Space size={0}>
          {g.status === 'active' && can('role.grant') && (
            <Popconfirm title={t('grants.revokeConfirm')} okButtonProps={{ danger: true }} onConfirm={() => act(() => grantsApi.revoke(g.id), t('grants.revokedOk'))}>
              <Button type="link" size="small" danger data-testid="grant-revoke">
                {t('grants.revoke')}
              </Button>
            </Popconfirm>
          )}
          {g.status === 'pending' && can('role.approve') && g.requestedBy?.id !== me?.user.id && (
            <>
              <Button type="link" size="small" onClick={() => act(() => grantsApi.approve(g.id), t('grants.approvedOk'))} data-testid="grant-approve">
                {t('grants.approve')}
              </Button>
              <Button type="link" size="small" danger onClick={() => act(() => grantsApi.reject(g.id), t('grants.rejectedOk'))} data-testid="grant-reject">
                {t('grants.reject')}
              </Button>
            </>
          )}
          {g.status === 'pending' && g.requestedBy?.id === me?.user.id && <span className="gz-muted gz-small">{t('grants.waitingOther')}</span>}
        </Space>
      ),
    },
  ];

  return (
    <Table<RoleGrant>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={grants}
      pagination={false}
      locale={{ emptyText: t('grants.empty') }}
      data-testid="grants-table"
    />
  );
}
