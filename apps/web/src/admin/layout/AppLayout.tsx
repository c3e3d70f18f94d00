import { ApartmentOutlined, ApiOutlined, AuditOutlined, BarChartOutlined, ClusterOutlined, CloudOutlined, DesktopOutlined, EnvironmentOutlined, FileTextOutlined, InboxOutlined, MenuOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Drawer, Layout, Menu } from 'antd';
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
  // Pages the user may not open are left out.
  const communityItems = [
    can('resident.read') && { key: 'community/compounds', label: t('community.nav.compounds') },
    can('resident.read') && { key: 'community/residents', label: t('community.nav.residents') },
    can('resident.import') && { key: 'community/import', label: t('communityImport.nav') },
    can('ledger.read') && { key: 'community/ledgers', label: t('ledgers.nav') },
    can('verification.work') && { key: 'community/verification', label: t('cv.nav') },
  ].filter((i) => i !== false);
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
    // 社区云: each part of the community data adds its entry to this group, as the user may open it.
    communityItems.length > 0 && { key: 'community', icon: <CloudOutlined />, label: t('nav.community'), children: communityItems },
    can('governance.read') && { key: 'governance', icon: <ClusterOutlined />, label: t('gov.nav') },
  ].filter((i) => i !== false);
  // 社区云 pages sit one level deeper (community/<page>); buildings and households belong to 小区.
  const top = pathname.split('/')[1] || 'jurisdictions';
  const sub = pathname.split('/')[2];
  const selected = top === 'community' ? `community/${sub === 'buildings' || sub === 'households' ? 'compounds' : sub}` : top;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={top === 'community' ? ['community'] : []}
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
