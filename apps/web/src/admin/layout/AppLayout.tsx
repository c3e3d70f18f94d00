import { ApartmentOutlined, ApiOutlined, AuditOutlined, CloudOutlined, DesktopOutlined, FileTextOutlined, InboxOutlined, TeamOutlined } from '@ant-design/icons';
import { Layout, Menu, Tag } from 'antd';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '@gongzhi/contracts';
import { useAuth } from '../auth/AuthContext';
import { rolesOf } from '../auth/paths';
import { useLang } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

/** The console frame: header with the user, menu by permission, the page. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useLang();
  const { can, me } = useAuth();
  const roles = rolesOf(me);
  const hasRole = (...r: Role[]) => r.some((x) => roles.includes(x));
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const soon = (label: string) => (
    <span>
      {label} <Tag style={{ marginInlineStart: 4 }}>{t('nav.soon')}</Tag>
    </span>
  );
  // Pages the user may not open are left out; community data shows as coming soon.
  const items: MenuProps['items'] = [
    can('case.act') && hasRole('subdistrict_dispatcher', 'district_admin') && { key: 'workbench', icon: <DesktopOutlined />, label: t('caseUi.nav.workbench') },
    can('case.act') && hasRole('department_handler') && { key: 'inbox', icon: <InboxOutlined />, label: t('caseUi.nav.inbox') },
    can('case.read') && { key: 'cases', icon: <FileTextOutlined />, label: t('caseUi.nav.cases') },
    can('jurisdiction.read') && { key: 'jurisdictions', icon: <ApartmentOutlined />, label: t('nav.jurisdiction') },
    can('user.read') && { key: 'users', icon: <TeamOutlined />, label: t('nav.users') },
    can('api_token.manage') && { key: 'tokens', icon: <ApiOutlined />, label: t('nav.tokens') },
    can('audit.read') && { key: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
    { key: 'community', icon: <CloudOutlined />, label: soon(t('nav.community')), disabled: true },
  ].filter((i) => i !== false);
  const selected = pathname.split('/')[1] || 'jurisdictions';

  return (
    <Layout className="gz-shell">
      <Header className="gz-header">
        <a className="gz-brand" href="/" title={t('app.product')}>
          {t('app.product')}
        </a>
        <div className="gz-header-right">
          <LangSwitch />
          <UserMenu />
        </div>
      </Header>
      <Layout>
        <Sider width={220} theme="light" className="gz-sider" breakpoint="lg" collapsedWidth={56}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(`/${e.key}`)} data-testid="main-menu" />
        </Sider>
        <Content className="gz-content">{children ?? <Outlet />}</Content>
      </Layout>
    </Layout>
  );
}
