import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { authApi } from '../api/auth';
import { ApiError } from '../api/client';
import { useLang } from '../i18n';
import { useAuth } from './AuthContext';
import { AuthShell } from './AuthShell';
import { homeOf, loginPath, safeNext, stagePath } from './paths';
import { GoTo, goTo } from './GoTo';
import { QrCode } from './QrCode';
import { RecoveryCodes } from './RecoveryCodes';

/** Groups the base32 secret in fours so it can be typed into an authenticator by hand. */
const grouped = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

/** /admin/mfa: TOTP enrolment — scan, confirm with a first code, then save the recovery codes. */
export function MfaPage() {
  const { t } = useLang();
  const { me, refresh, signedOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);
  const enrolling = me?.stage === 'mfa_enrollment';

  useEffect(() => {
    // One secret per visit (StrictMode runs effects twice in development).
    if (!enrolling || started.current) return;
    started.current = true;
    authApi.mfaEnroll().then(setEnrolment, (err: Error) => setError(err.message));
  }, [enrolling]);

  if (me === undefined) return <Spin size="large" className="gz-page-spin" />;
  if (!me) return <Navigate to={signedOut ? '/login' : loginPath(location.pathname + location.search)} replace />;
  if (me.stage === 'password_change') return <Navigate to={stagePath(me.stage, next)!} replace />;
  if (me.stage === 'active' && !codes) return <GoTo to={next ?? homeOf(me) ?? '/'} />;

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setCodes((await authApi.mfaConfirm(code.trim())).recoveryCodes);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'MFA_INVALID' ? t('mfa.codeInvalid') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    await refresh();
    goTo(navigate, next ?? '/');
  };

  if (codes) {
    return (
      <AuthShell title={t('mfa.codesPageTitle')} width={480}>
        <RecoveryCodes codes={codes} username={me.user.username} onContinue={() => void finish()} />
      </AuthShell>
    );
  }
  return (
    <AuthShell title={t('mfa.title')} subtitle={t('mfa.subtitle')} width={560}>
      {error && <Alert className="gz-auth-alert" type="error" showIcon title={error} data-testid="mfa-error" />}
      {!enrolment && !error && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {enrolment && (
        <>
          <div className="gz-mfa">
            <QrCode value={enrolment.otpauthUri} alt={t('mfa.qrAlt')} />
            <ol className="gz-mfa-steps">
              <li>{t('mfa.step1')}</li>
              <li>{t('mfa.step2')}</li>
              <li>{t('mfa.step3')}</li>
            </ol>
          </div>
          <div className="gz-secret">
            <span className="gz-muted">{t('mfa.secret')}</span>
            <Typography.Text copyable={{ text: enrolment.secret }}>
              <code data-testid="mfa-secret" data-secret={enrolment.secret}>
                {grouped(enrolment.secret)}
              </code>
            </Typography.Text>
          </div>
          <Form<{ code: string }> layout="vertical" requiredMark={false} onFinish={confirm} disabled={busy} data-testid="mfa-form">
            <Form.Item name="code" label={t('mfa.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.codeFormat') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="mfa-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="mfa-submit">
              {t('mfa.confirm')}
            </Button>
          </Form>
        </>
      )}
    </AuthShell>
  );
}
