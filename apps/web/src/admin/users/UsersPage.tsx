import { PlusOutlined } from '@ant-design/icons';
import type { UserAccount } from '@gongzhi/contracts';
import { Badge, Button, Card, Table, Tabs, Tag } from 'antd';
import type { TableProps } from 'antd';
import { roleNames } from '@gongzhi/contracts/roles';
import { useState } from 'react';
import { grantsApi, resetsApi, usersApi, type UserListFilter } from '../api/users';
import { useAuth } from '../auth/AuthContext';
import { CursorPager } from '../common/CursorPager';
import { formatTime } from '../common/format';
import { RevealField } from '../common/RevealField';
import { useCursorPages } from '../common/useCursorPages';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { CreateUserDialog } from './CreateUserDialog';
import { PendingGrants } from './PendingGrants';
import { PendingResets } from './PendingResets';
import { StatusTags } from './StatusTags';
import { UserDrawer } from './UserDrawer';
import { UserFilters } from './UserFilters';

const PAGE_SIZE = 20;

/** /admin/users: accounts in the caller's scope, their grants, and grants waiting for approval. */
export function UsersPage() {
  const { t, pick, lang } = useLang();
  const { can } = useAuth();
  const [filter, setFilter] = useState<UserListFilter>({});
  const pages = useCursorPages();
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const res = useAsync((s) => usersApi.list({ ...filter, limit: PAGE_SIZE, cursor: pages.cursor }, s), [filter, pages.cursor]);
  // The count on the approvals tab; the tab itself loads the list.
  const pending = useAsync(can('role.approve') ? (s) => grantsApi.list({ status: 'pending', limit: 100 }, s) : null, []);
  const pendingResets = useAsync(can('role.approve') ? (s) => resetsApi.list({ status: 'pending', limit: 100 }, s) : null, []);
  const pendingCount = (pending.data?.items.length ?? 0) + (pendingResets.data?.items.length ?? 0);
  const reloadPending = () => (pending.reload(), pendingResets.reload());

  const columns: TableProps<UserAccount>['columns'] = [
    { title: t('users.username'), dataIndex: 'username', width: 170, render: (v: string) => <a data-testid="user-row-link">{v}</a> },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 150, ellipsis: true },
    {
      title: t('users.phone'),
      dataIndex: 'phone',
      width: 190,
      render: (v: string | null, u) => <RevealField masked={v} resourceType="user" id={u.id} field="phone" />,
    },
    {
      title: t('users.unit'),
      key: 'unit',
      ellipsis: true,
      render: (_, u) => (u.department ? `${u.department.name}` : (u.unit?.name ?? '—')),
    },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (rs: UserAccount['roles']) =>
        rs.length ? rs.map((r) => <Tag key={r}>{pick(roleNames[r])}</Tag>) : <span className="gz-muted">{t('users.noRoles')}</span>,
    },
    { title: t('users.statusCol'), key: 'status', width: 170, render: (_, u) => <StatusTags user={u} /> },
    { title: t('users.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatTime(v, lang) },
  ];

  const list = (
    <>
      <div className="gz-toolbar">
        <UserFilters value={filter} onChange={(f) => (setFilter(f), pages.reset())} />
        {can('user.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t('users.create')}
          </Button>
        )}
      </div>
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<UserAccount>
          size="small"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 340px)' }}
          locale={{ emptyText: t('users.empty') }}
          onRow={(u) => ({ onClick: () => setOpenId(u.id), className: 'gz-clickable' })}
          data-testid="users-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="users-pager" />
    </>
  );

  return (
    <Card title={t('nav.users')} data-testid="users-page" styles={{ body: { paddingTop: 4 } }}>
      {can('role.approve') ? (
        <Tabs
          items={[
            { key: 'accounts', label: t('users.accounts'), children: list },
            {
              key: 'pending',
              label: (
                <span data-testid="pending-tab">
                  {t('users.pending')} <Badge count={pendingCount} size="small" />
                </span>
              ),
              children: (
                <>
                  <PendingGrants onChanged={() => (reloadPending(), res.reload())} onOpenUser={setOpenId} />
                  <PendingResets onChanged={() => (reloadPending(), res.reload())} onOpenUser={setOpenId} />
                </>
              ),
            },
          ]}
        />
      ) : (
        list
      )}
      <UserDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => (res.reload(), reloadPending())} />
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          res.reload();
          setOpenId(u.id);
        }}
      />
    </Card>
  );
}
