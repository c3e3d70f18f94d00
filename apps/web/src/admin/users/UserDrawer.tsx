import { roleNames } from '@gongzhi/contracts/roles';
import { Descriptions, Divider, Drawer, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { UserDetail } from '@gongzhi/contracts';
import { usersApi } from '../api/users';
import { useAuth } from '../auth/AuthContext';
import { formatTime } from '../common/format';
import { RevealField } from '../common/RevealField';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { GrantRoleForm } from './GrantRoleForm';
import { GrantsList } from './GrantsList';
import { StatusTags } from './StatusTags';
import { UserActions } from './UserActions';

/** One account: its details, administrative actions, grants and the form to grant a role. */
export function UserDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t, pick, lang } = useLang();
  const { can, me } = useAuth();
  const res = useAsync(id ? (s) => usersApi.get(id, s) : null, [id]);
  const [user, setUser] = useState<UserDetail>();
  useEffect(() => setUser(res.data?.id === id ? res.data : undefined), [res.data, id]);
  const self = user?.id === me?.user.id;

  const changed = (u?: UserDetail) => {
    if (u) setUser(u);
    else res.reload();
    onChanged();
  };

  return (
    <Drawer open={id !== null} onClose={onClose} size={720} title={user ? `${user.displayName}（${user.username}）` : t('users.detail')} data-testid="user-drawer" destroyOnHidden>
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !user ? (
        <Spin style={{ display: 'block', marginTop: 40 }} />
      ) : (
        <>
          <Descriptions size="small" column={2} bordered data-testid="user-detail">
            <Descriptions.Item label={t('users.username')}>{user.username}</Descriptions.Item>
            <Descriptions.Item label={t('users.displayName')}>{user.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('users.phone')}>
              <RevealField masked={user.phone} resourceType="user" id={user.id} field="phone" testId="user-phone" />
            </Descriptions.Item>
            <Descriptions.Item label={t('users.kind')}>{t(`users.kinds.${user.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('users.unit')}>{user.unit?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('users.department')}>{user.department?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('users.statusCol')} span={2}>
              <StatusTags user={user} />
              {user.lockedUntil && new Date(user.lockedUntil) > new Date() && (
                <span className="gz-muted gz-small">{t('users.lockedUntil', { at: formatTime(user.lockedUntil, lang) })}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('users.roles')} span={2}>
              {user.roles.map((r) => pick(roleNames[r])).join('、') || t('users.noRoles')}
            </Descriptions.Item>
            <Descriptions.Item label={t('users.createdAt')}>{formatTime(user.createdAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('users.updatedAt')}>{formatTime(user.updatedAt, lang)}</Descriptions.Item>
          </Descriptions>
          {can('user.manage') && user.kind !== 'machine' && (
            <>
              <Divider titlePlacement="start">{t('users.manage')}</Divider>
              {self ? <Typography.Text type="secondary">{t('users.selfHint')}</Typography.Text> : <UserActions user={user} onChanged={changed} />}
            </>
          )}
          <Divider titlePlacement="start">{t('grants.title')}</Divider>
          <GrantsList grants={user.grants} onChanged={() => changed()} />
          {can('role.grant') && !self && user.kind !== 'machine' && (
            <>
              <Divider titlePlacement="start">{t('grants.grantTitle')}</Divider>
              <GrantRoleForm user={user} onGranted={() => changed()} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
