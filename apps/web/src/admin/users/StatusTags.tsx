import type { UserAccount } from '@gongzhi/contracts';
import { Tag } from 'antd';
import { useLang } from '../i18n';

/** An account's state as tags: disabled, locked until, initial password, second factor. */
export function StatusTags({ user }: { user: Pick<UserAccount, 'status' | 'lockedUntil' | 'mustChangePassword' | 'mfaEnabled' | 'kind'> }) {
  const { t } = useLang();
  const locked = user.status === 'active' && user.lockedUntil && new Date(user.lockedUntil) > new Date();
  return (
    <span className="gz-tags" data-testid="user-status">
      {user.status === 'disabled' ? (
        <Tag color="default">{t('users.status.disabled')}</Tag>
      ) : locked ? (
        <Tag color="red">{t('users.status.locked')}</Tag>
      ) : (
        <Tag color="green">{t('users.status.active')}</Tag>
      )}
      {user.mustChangePassword && user.kind !== 'machine' && <Tag color="orange">{t('users.initialPassword')}</Tag>}
      {user.mfaEnabled && <Tag color="blue">{t('users.mfa')}</Tag>}
    </span>
  );
}
