import { Alert, Button, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { tokensApi, type TokenCreate, type TokenScope } from '../api/users';
import { applyServerErrors } from '../common/serverErrors';
import { useLang } from '../i18n';
import { usernamePattern } from '../users/CreateUserDialog';
import { tokenScopes } from './scopes';
import { SecretOnce } from './SecretOnce';

type Values = { name: string; username: string; scopes: TokenScope[]; days: number | 0 };

const dayChoices = [30, 90, 180, 365, 0] as const;

/** New machine token: name, machine account, scopes, expiry; then the secret, once. */
export function CreateTokenDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useLang();
  const [form] = Form.useForm<Values>();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body: TokenCreate = { name: v.name.trim(), username: v.username.trim().toLowerCase(), scopes: v.scopes };
    // Expiry at the end of the chosen day count, as an ISO time with offset (the contract wants one).
    if (v.days) body.expiresAt = new Date(Date.now() + v.days * 86_400_000).toISOString();
    try {
      const created = await tokensApi.create(body);
      setSecret(created.token);
      onCreated();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={secret ? t('tokens.createdTitle') : t('tokens.createTitle')}
      onCancel={onClose}
      afterClose={() => (form.resetFields(), setSecret(null), setError(null))}
      width={560}
      maskClosable={!secret}
      forceRender
      footer={
        secret ? (
          <Button type="primary" onClick={onClose} data-testid="token-done">
            {t('tokens.done')}
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={onClose}>
              {t('common.cancel')}
            </Button>,
            <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="token-submit">
              {t('tokens.createOk')}
            </Button>,
          ]
        )
      }
    >
      {secret ? (
        <SecretOnce secret={secret} />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ scopes: ['open311'], days: 365 }} data-testid="token-form">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }, { max: 100 }]}>
            <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('tokens.machine')}
            extra={t('tokens.machineHint')}
            normalize={(v: string) => v.toLowerCase()}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: usernamePattern, message: t('users.usernameRule') },
            ]}
          >
            <Input maxLength={50} placeholder="open311.client" data-testid="token-username" />
          </Form.Item>
          <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
            <Checkbox.Group options={tokenScopes.map((s) => ({ value: s, label: t(`tokens.scope.${s}`) }))} data-testid="token-scopes" />
          </Form.Item>
          <Form.Item name="days" label={t('tokens.expiry')}>
            <Select options={dayChoices.map((d) => ({ value: d, label: d ? t('tokens.days', { count: d }) : t('tokens.never') }))} data-testid="token-expiry" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
