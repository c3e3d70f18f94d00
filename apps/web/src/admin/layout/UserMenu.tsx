import { DesktopOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { roleNames } from '@gongzhi/contracts/roles';
import { App, Avatar, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useNavigate } from 'react-router';
import { useMe, useAuth } from '../auth/AuthContext';
import { useLang } from '../i18n';

/** The signed-in user (name, role and unit) and their account actions. */
export function UserMenu() {
  const { t, pick } = useLang();
  const me = useMe();
  const { signOut } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const first = me.grants[0];
  const where = first ? (first.department?.name ?? first.unit.name) : '';
  const role = first ? `${pick(roleNames[first.role])} · ${where}` : t('user.noRole');
  const more = me.grants.length > 1 ? ` +${me.grants.length - 1}` : '';

  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-password">{t('user.changePassword')}</span> },
    { key: 'sessions', icon: <DesktopOutlined />, label: <span data-testid="menu-sessions">{t('user.sessions')}</span> },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('user.logout')}</span>, danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'logout') {
      // The guard takes the signed-out user to the sign-in page.
      void signOut().then(() => message.success(t('user.loggedOut')));
    } else navigate(`/${key}`);
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <button type="button" className="gz-user" data-testid="user-menu" title={me.grants.map((g) => `${pick(roleNames[g.role])} · ${g.department?.name ?? g.unit.name}`).join('\n')}>
        <Avatar size="small" icon={<UserOutlined />} className="gz-user-avatar" />
        <span className="gz-user-text">
          <span className="gz-user-name" data-testid="user-name">
            {me.user.displayName}
          </span>
          <span className="gz-user-role" data-testid="user-role">
            {role}
            {more}
          </span>
        </span>
        <DownOutlined className="gz-user-caret" />
      </button>
    </Dropdown>
  );
}
