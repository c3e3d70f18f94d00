import { Button, Form, Input, Space } from 'antd';
import { passesLocalPolicy } from '../auth/passwordPolicy';
import { PolicyHints } from '../auth/PolicyHints';
import { generatePassword } from '../common/passwordGen';
import { useLang } from '../i18n';

/**
 * The initial password an administrator sets (new account or reset), checked against the policy;
 * the account must change it at first sign-in. `username` is the account's, for the policy.
 */
export function InitialPasswordField({ username, name = 'password' }: { username: string; name?: string }) {
  const { t } = useLang();
  const form = Form.useFormInstance();
  const value: string = Form.useWatch(name, form) ?? '';
  return (
    <Form.Item label={t('users.initialPasswordLabel')} required extra={<PolicyHints password={value} username={username} compact />}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name={name}
          noStyle
          rules={[
            { required: true, message: t('users.passwordRequired') },
            {
              validator: async (_, v: string | undefined) => {
                if (!v || passesLocalPolicy(v, username)) return;
                throw new Error(t('password.weak'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} data-testid="initial-password" />
        </Form.Item>
        <Button onClick={() => form.setFieldValue(name, generatePassword())} data-testid="initial-password-generate">
          {t('users.generate')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
