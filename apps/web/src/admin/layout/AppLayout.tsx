import { ApartmentOutlined, CloudOutlined, FileTextOutlined } from '@ant-design/icons';
import { Layout, Menu, Segmented, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { setLang, useLang, type Lang } from '../i18n';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const soon = (label: string) => (
    <span>
      {label} <Tag style={{ marginInlineStart: 4 }}>{t('nav.soon')}</Tag>
    </span>
  );
  // Cases and community data are visible so staff know they are coming, but cannot be opened.
  const items: MenuProps['items'] = [
    { key: 'jurisdictions', icon: <ApartmentOutlined />, label: t('nav.jurisdiction') },
    { key: 'cases', icon: <FileTextOutlined />, label: soon(t('nav.cases')), disabled: true },
    { key: 'community', icon: <CloudOutlined />, label: soon(t('nav.community')), disabled: true },
  ];
  const selected = pathname.split('/')[1] || 'jurisdictions';

  return (
    <Layout className="gz-shell">
      <Header className="gz-header">
        <a className="gz-brand" href="/" title={t('app.product')}>
          {t('app.product')}
        </a>
        <Segmented<Lang>
          aria-label={t('app.language')}
          data-testid="lang-switch"
          size="small"
          value={lang}
          onChange={setLang}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Header>
      <Layout>
        <Sider width={220} theme="light" className="gz-sider" breakpoint="lg" collapsedWidth={56}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(`/${e.key}`)} />
        </Sider>
        <Content className="gz-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
