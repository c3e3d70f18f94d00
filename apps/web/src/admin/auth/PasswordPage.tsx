import type { Me } from '@gongzhi/contracts';
import { App, Card, Spin } from 'antd';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useLang } from '../i18n';
import { AppLayout } from '../layout/AppLayout';
import { useAuth } from './AuthContext';
import { AuthShell } from './AuthShell';
import { PasswordForm } from './PasswordForm';
import { homeOf, loginPath, safeNext, stagePath } from './paths';
import { goTo } from './GoTo';

/**
 * /admin/password: the forced change of an initial password (stage `password_change`, outside the
 * console) or, from the user menu, a voluntary change inside it.
 */
export function PasswordPage() {
  const { t } = useLang();
  const { me, setMe, signedOut } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (me === undefined) return <Spin size="large" className="gz-page-spin" />;
  if (!me) return <Navigate to={signedOut ? '/login' : loginPath(location.pathname + location.search)} replace />;
  if (me.stage === 'mfa_enrollment') return <Navigate to={stagePath(me.stage, next)!} replace />;

  const done = (m: Me) => {
    setMe(m);
    void message.success(t('password.changed'));
    goTo(navigate, stagePath(m.stage, next) ?? next ?? homeOf(m) ?? '/');
  };

  if (me.stage === 'password_change') {
    return (
      <AuthShell title={t('password.forcedTitle')} subtitle={t('password.forcedHint', { name: me.user.displayName })} width={440}>
        <PasswordForm username={me.user.username} onDone={done} />
      </AuthShell>
    );
  }
  return (
    <AppLayout>
      <Card title={t('password.title')} className="gz-narrow-card" data-testid="password-card">
        <p className="gz-muted">{t('password.voluntaryHint')}</p>
        <PasswordForm username={me.user.username} onDone={done} />
      </Card>
    </AppLayout>
  );
}
