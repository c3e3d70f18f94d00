import type { Me } from '@gongzhi/contracts';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { authApi } from '../api/auth';
import { ApiError } from '../api/client';
import { useLang } from '../i18n';
import { passesLocalPolicy } from './passwordPolicy';
import { PolicyHints } from './PolicyHints';

type Values = { currentPassword: string; newPassword: string; repeat: string };

/** Current, new and repeated password, with the policy checked live and the server's problems listed. */
export function PasswordForm({ username, onDone }: { username: string; onDone: (me: Me) => void }) {
  const { t } = useLang();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await authApi.changePassword(v.currentPassword, v.newPassword));
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      if (e?.code === 'PASSWORD_POLICY') {
        const problems = (e.details as { problems?: string[] } | undefined)?.problems ?? [];
        setError({ message: t('password.policyFailed'), problems });
      } else if (e?.code === 'INVALID_CREDENTIALS') {
        setError({ message: t('password.currentWrong'), problems: [] });
        form.setFieldValue('currentPassword', '');
      } else {
        setError({ message: (err as Error).message, problems: [] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} data-testid="password-form">
      {error && (
        <Alert
          className="gz-auth-alert"
          type="error"
          showIcon
          title={error.message}
          data-testid="password-error"
          description={
            error.problems.length > 0 && (
              <ul className="gz-problems" data-testid="password-problems">
                {error.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )
          }
        />
      )}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
        <Input.Password autoComplete="current-password" maxLength={128} data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={<PolicyHints password={newPassword} username={username} />}
        rules={[
          { required: true, message: t('password.newRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (!value || passesLocalPolicy(value, username)) return;
              throw new Error(t('password.weak'));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('password.repeat')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.repeatRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} data-testid="password-repeat" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
