import { AuditOutlined, FormOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Badge, Result, Tag } from 'antd';
import { useEffect } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useLang } from '../i18n';
import { useGridAreaRef } from './hooks/useGridArea';
import { QueueProvider, useQueue } from './queue/QueueContext';
import { registerOfflineShell } from './sw';
import './grid.css';

function Tabs() {
  const { t } = useLang();
  const { snapshot } = useQueue();
  const waiting = snapshot.reports.filter((r) => r.state !== 'delivered').length;
  const tab = (to: string, icon: React.ReactNode, label: string, badge = 0) => (
    <NavLink to={to} className={({ isActive }) => `gz-tab ${isActive ? 'gz-tab-on' : ''}`} data-testid={`grid-tab-${to}`}>
      <Badge count={badge} size="small" offset={[6, 0]}>
        <span className="gz-tab-icon">{icon}</span>
      </Badge>
      <span>{label}</span>
    </NavLink>
  );
  return (
    <nav className="gz-tabs" aria-label={t('grid.nav')}>
      {tab('patrol', <FormOutlined />, t('grid.tabs.patrol'), waiting)}
      {tab('verify', <AuditOutlined />, t('grid.tabs.verify'))}
      {tab('mine', <UnorderedListOutlined />, t('grid.tabs.mine'))}
    </nav>
  );
}

function AreaBar({ name }: { name: string }) {
  const { t } = useLang();
  const { online } = useQueue();
  return (
    <div className="gz-area-bar">
      <span className="gz-muted gz-small">{t('grid.area')}</span> <b data-testid="grid-area-name">{name}</b>
      {!online && (
        <Tag color="warning" className="gz-offline-tag" data-testid="offline-tag">
          {t('grid.offline')}
        </Tag>
      )}
    </div>
  );
}

/** The grid worker's pages on a phone: the worker's grid on top, the page, tabs at the bottom; the queue runs throughout. */
export function GridLayout() {
  const { t } = useLang();
  const area = useGridAreaRef();
  useEffect(() => registerOfflineShell(), []);
  if (!area) return <Result status="403" title={t('grid.noArea')} data-testid="grid-no-area" />;
  return (
    <QueueProvider>
      <div className="gz-grid">
        <AreaBar name={area.unit.name} />
        <div className="gz-grid-body">
          <Outlet context={area} />
        </div>
        <Tabs />
      </div>
    </QueueProvider>
  );
}
