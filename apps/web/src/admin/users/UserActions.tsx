import type { ResetPending, UserDetail } from '@gongzhi/contracts';
import { App, Button, Form, Modal, Space } from 'antd';
import { useState } from 'react';
import { usersApi } from '../api/users';
import { applyServerErrors } from '../common/serverErrors';
import { useLang } from '../i18n';
import { InitialPasswordField } from './InitialPasswordField';

/**
 * Unlock, reset password, reset second factor, disable/enable — each after a confirmation. A reset
 * of an administrator account comes back as a pending request (三权分立): say so, change nothing.
 */
export function UserActions({ user, onChanged }: { user: UserDetail; onChanged: (u?: UserDetail) => void }) {
  const { t } = useLang();
  const { message, modal } = App.useApp();
  const [resetting, setResetting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ password: string }>();
  const locked = user.status === 'active' && user.lockedUntil !== null && new Date(user.lockedUntil) > new Date();

  /** The account after the change, or (no account: a pending reset) a reload and the notice it awaits approval. */
  const settle = (r: UserDetail | ResetPending, done: string) => {
    if ('requestId' in r) {
      onChanged();
      void message.info({ content: t('resets.submitted'), key: 'reset-pending' });
    } else {
      onChanged(r);
      void message.success(done);
    }
  };

  const run = (title: string, content: string, action: () => Promise<UserDetail | ResetPending>, done: string, danger = false) =>
    modal.confirm({
      title,
      content,
      okButtonProps: { danger },
      onOk: async () => {
        try {
          settle(await action(), done);
        } catch (err) {
          void message.error((err as Error).message);
        }
      },
    });

  const resetPassword = async ({ password }: { password: string }) => {
    setBusy(true);
    try {
      settle(await usersApi.resetPassword(user.id, password), t('users.passwordReset', { username: user.username }));
      setResetting(false);
    } catch (err) {
      const msg = applyServerErrors(form, err);
      if (msg) void message.error(msg);
    } finally {
      setBusy(false);
    }
  };

  const name = user.displayName;
  return (
    <Space wrap data-testid="user-actions">
      {locked && (
        <Button onClick={() => run(t('users.unlockConfirm', { name }), t('users.unlockHint'), () => usersApi.unlock(user.id), t('users.unlocked'))} data-testid="user-unlock">
          {t('users.unlock')}
        </Button>
      )}
      <Button onClick={() => setResetting(true)} data-testid="user-reset-password">
        {t('users.resetPassword')}
      </Button>
      {user.mfaEnabled && (
        <Button
          onClick={() => run(t('users.resetMfaConfirm', { name }), t('users.resetMfaHint'), () => usersApi.resetMfa(user.id), t('users.mfaReset'), true)}
          data-testid="user-reset-mfa"
        >
          {t('users.resetMfa')}
        </Button>
      )}
      {user.status === 'active' ? (
        <Button
          danger
          onClick={() => run(t('users.disableConfirm', { name }), t('users.disableHint'), () => usersApi.patch(user.id, { status: 'disabled' }), t('users.disabled'), true)}
          data-testid="user-disable"
        >
          {t('users.disable')}
        </Button>
      ) : (
        <Button onClick={() => run(t('users.enableConfirm', { name }), t('users.enableHint'), () => usersApi.patch(user.id, { status: 'active' }), t('users.enabled'))} data-testid="user-enable">
          {t('users.enable')}
        </Button>
      )}
      <Modal
        open={resetting}
        title={t('users.resetPasswordTitle', { name })}
        okText={t('users.resetPassword')}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setResetting(false)}
        afterClose={() => form.resetFields()}
        forceRender
      >
        <p className="gz-muted">{t('users.resetPasswordHint')}</p>
        <Form form={form} layout="vertical" onFinish={resetPassword}>
          <InitialPasswordField username={user.username} />
        </Form>
      </Modal>
    </Space>
  );
}
