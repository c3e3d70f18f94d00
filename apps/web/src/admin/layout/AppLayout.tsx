import { ApartmentOutlined, ApiOutlined, AuditOutlined, BarChartOutlined, CloudOutlined, DesktopOutlined, EnvironmentOutlined, FileTextOutlined, InboxOutlined, MenuOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Drawer, Layout, Menu, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '@gongzhi/contracts';
import { useAuth } from '../auth/AuthContext';
import { rolesOf } from '../auth/paths';
import { useLang } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { UserMenu } from './UserMenu';
import './narrow.css';

const { Header, Sider, Content } = Layout;

// Phones (the grid worker's pages): the side menu becomes a drawer opened from the header.
const NARROW = '(max-width: 767.98px)';
function useNarrow(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const mq = window.matchMedia(NARROW);
      mq.addEventListener('change', cb);
      return () => mq.removeEventListener('change', cb);
    },
    () => window.matchMedia(NARROW).matches,
  );
}

/** The console frame: header with the user, menu by permission, the page. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useLang();
  const { can, me } = useAuth();
  const roles = rolesOf(me);
  const hasRole = (...r: Role[]) => r.some((x) => roles.includes(x));
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const narrow = useNarrow();
  const [drawer, setDrawer] = useState(false);
  const patrols = !!me?.grants.some((g) => g.role === 'grid_worker' || g.role === 'neighborhood_staff') && can('case.create');
  const soon = (label: string) => (
    <span>
      {label} <Tag style={{ marginInlineStart: 4 }}>{t('nav.soon')}</Tag>
    </span>
  );
  // Pages the user may not open are left out; community data shows as coming soon.
  const items: MenuProps['items'] = [
    patrols && { key: 'grid', icon: <EnvironmentOutlined />, label: t('grid.nav') },
    can('case.act') && hasRole('subdistrict_dispatcher', 'district_admin') && { key: 'workbench', icon: <DesktopOutlined />, label: t('caseUi.nav.workbench') },
    can('case.act') && hasRole('department_handler') && { key: 'inbox', icon: <InboxOutlined />, label: t('caseUi.nav.inbox') },
    can('case.read') && { key: 'cases', icon: <FileTextOutlined />, label: t('caseUi.nav.cases') },
    can('jurisdiction.read') && { key: 'jurisdictions', icon: <ApartmentOutlined />, label: t('nav.jurisdiction') },
    can('user.read') && { key: 'users', icon: <TeamOutlined />, label: t('nav.users') },
    can('api_token.manage') && { key: 'tokens', icon: <ApiOutlined />, label: t('nav.tokens') },
    can('audit.read') && { key: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
    can('case.read') && { key: 'dashboards', icon: <BarChartOutlined />, label: t('dashboards.nav') },
    // 社区云: a group of community-data pages (more join it); coming soon for those with none of them.
    can('resident.import')
      ? { key: 'community', icon: <CloudOutlined />, label: t('nav.community'), children: [{ key: 'community/import', label: t('communityImport.nav') }] }
      : { key: 'community', icon: <CloudOutlined />, label: soon(t('nav.community')), disabled: true },
  ].filter((i) => i !== false);
  const selected = pathname.split('/')[1] || 'jurisdictions';
  const selectedSub = pathname.split('/').slice(1, 3).join('/');
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected, selectedSub]}
      defaultOpenKeys={selected === 'community' ? ['community'] : []}
      items={items}
      onClick={(e) => {
        setDrawer(false);
        navigate(`/${e.key}`);
      }}
      data-testid="main-menu"
    />
  );

  return (
    <Layout className="gz-shell">
      <Header className="gz-header">
        {narrow && (
          <Button type="text" className="gz-menu-button" icon={<MenuOutlined />} aria-label={t('grid.menuButton')} onClick={() => setDrawer(true)} data-testid="menu-button" />
        )}
        <a className="gz-brand" href="/" title={t('app.product')}>
          {narrow ? t('app.short') : t('app.product')}
        </a>
        <div className="gz-header-right">
          <LangSwitch />
          <UserMenu />
        </div>
      </Header>
      <Layout>
        {narrow ? (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} title={t('app.short')} className="gz-menu-drawer">
            {menu}
          </Drawer>
        ) : (
          <Sider width={220} theme="light" className="gz-sider" breakpoint="lg" collapsedWidth={56}>
            {menu}
          </Sider>
        )}
        <Content className="gz-content">{children ?? <Outlet />}</Content>
      </Layout>
    </Layout>
  );
}
