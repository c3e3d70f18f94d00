import type { Action } from '@gongzhi/contracts';
import { actionNames } from '@gongzhi/contracts/roles';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { homeOf } from '../auth/paths';
import { useLang } from '../i18n';

/** What a page shows to a signed-in user who lacks its permission: say so, and who can help. */
export function NoPermission({ action }: { action?: Action }) {
  const { t, pick } = useLang();
  const { me } = useAuth();
  const home = me ? homeOf(me) : null;
  return (
    <Result
      status="403"
      title={t('common.noPermission')}
      subTitle={action ? t('common.noPermissionFor', { action: pick(actionNames[action]) }) : t('common.noConsole')}
      data-testid="no-permission"
      extra={
        home && (
          <Link to={home}>
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        )
      }
    />
  );
}

/** Renders the page only for users holding `action`; the server still checks every call. */
export function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const { can } = useAuth();
  return can(action) ? children : <NoPermission action={action} />;
}
