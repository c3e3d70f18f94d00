import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { authApi, type LoginInput } from '../api/auth';
import { ApiError } from '../api/client';
import { useLang } from '../i18n';
import { useAuth } from './AuthContext';
import { AuthShell } from './AuthShell';
import { GoTo } from './GoTo';
import { homeOf, safeNext, stagePath } from './paths';

type Values = { username: string; password: string; totp?: string; recoveryCode?: string };

/** /admin/login: password first; the one-time code field appears when the server asks for it. */
export function LoginPage() {
  const { t } = useLang();
  const { me, setMe, reason } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<Values>();
  const [needCode, setNeedCode] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const destination = (m: NonNullable<typeof me>) => stagePath(m.stage, next) ?? next ?? homeOf(m) ?? '/';
  if (me && !busy) return <GoTo to={destination(me)} />;

  const explain = (err: unknown): string => {
    if (!(err instanceof ApiError)) return t('login.failed');
    switch (err.code) {
      case 'INVALID_CREDENTIALS':
        return t('login.invalid');
      case 'ACCOUNT_LOCKED': {
        const minutes = (err.details as { minutes?: number } | undefined)?.minutes;
        return minutes ? t('login.locked', { minutes }) : err.message;
      }
      case 'MFA_INVALID':
        return useRecovery ? t('login.recoveryInvalid') : t('login.codeInvalid');
      case 'VALIDATION_FAILED':
        return t('login.checkInput');
      default:
        return err.message;
    }
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body: LoginInput = { username: v.username.trim(), password: v.password };
    if (needCode && !useRecovery && v.totp) body.totp = v.totp.trim();
    if (needCode && useRecovery && v.recoveryCode) body.recoveryCode = v.recoveryCode.trim();
    try {
      const m = await authApi.login(body);
      // The re-render with `me` set leaves through <GoTo> above; navigating here too started a
      // second page load to another app (/screen/) that aborted the first.
      setMe(m);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MFA_REQUIRED') {
        setNeedCode(true);
      } else {
        setError(explain(err));
        if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') form.setFieldValue('password', '');
      }
      if (needCode) form.setFieldsValue({ totp: '', recoveryCode: '' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthShell title={t('login.title')} subtitle={t('login.subtitle')}>
      {reason && !error && <Alert className="gz-auth-alert" type="warning" showIcon title={reason} data-testid="login-reason" />}
      {error && <Alert className="gz-auth-alert" type="error" showIcon title={error} data-testid="login-error" />}
      {needCode && !error && <Alert className="gz-auth-alert" type="info" showIcon title={useRecovery ? t('login.recoveryHint') : t('login.codeHint')} />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="login-form" disabled={busy}>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus readOnly={needCode} data-testid="login-username" maxLength={50} />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" readOnly={needCode} data-testid="login-password" maxLength={128} />
        </Form.Item>
        {needCode && !useRecovery && (
          <Form.Item
            name="totp"
            label={t('login.code')}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.codeFormat') }]}
          >
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="login-totp" />
          </Form.Item>
        )}
        {needCode && useRecovery && (
          <Form.Item name="recoveryCode" label={t('login.recoveryCode')} rules={[{ required: true, whitespace: true, message: t('login.recoveryRequired') }]}>
            <Input prefix={<SafetyOutlined />} autoComplete="off" maxLength={20} placeholder="xxxxx-xxxxx" autoFocus data-testid="login-recovery" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {needCode ? t('login.verify') : t('login.submit')}
        </Button>
        {needCode && (
          <div className="gz-auth-links">
            <Button type="link" size="small" onClick={() => (setUseRecovery((u) => !u), setError(null))} data-testid="login-use-recovery">
              {useRecovery ? t('login.useCode') : t('login.useRecovery')}
            </Button>
            <Button type="link" size="small" onClick={() => (setNeedCode(false), setUseRecovery(false), setError(null), form.resetFields())}>
              {t('login.otherAccount')}
            </Button>
          </div>
        )}
      </Form>
    </AuthShell>
  );
}
