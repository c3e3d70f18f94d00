import type { UserDetail } from '@gongzhi/contracts';
import { checkMobile } from '@gongzhi/contracts/personal-data';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { usersApi, type UserCreate } from '../api/users';
import { DepartmentSelect } from '../common/DepartmentSelect';
import { applyServerErrors } from '../common/serverErrors';
import { UnitPicker } from '../common/UnitPicker';
import { useLang } from '../i18n';
import { InitialPasswordField } from './InitialPasswordField';

export const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,49}$/;

/** checkMobile's own Chinese reason as the field's error. */
const mobileRule = async (_: unknown, v: string | undefined) => {
  if (!v) return;
  const r = checkMobile(v);
  if (!r.ok) throw new Error(r.reason);
};

/** New staff account: username, name, phone, unit (and department), initial password. */
export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (u: UserDetail) => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserCreate>();
  const username: string = Form.useWatch('username', form) ?? '';
  const unit: string | undefined = Form.useWatch('unit', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: UserCreate) => {
    setBusy(true);
    setError(null);
    try {
      const phone = checkMobile(v.phone);
      const created = await usersApi.create({ ...v, username: v.username.trim().toLowerCase(), displayName: v.displayName.trim(), phone: phone.ok ? phone.value : v.phone, department: v.department || undefined });
      void message.success(t('users.created', { username: created.username }));
      form.resetFields();
      onCreated(created);
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      okText={t('users.createOk')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => (form.resetFields(), setError(null))}
      width={640}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="create-user-error" />}
      <Form<UserCreate> form={form} layout="vertical" requiredMark onFinish={submit} data-testid="create-user-form">
        <div className="gz-form-row">
          <Form.Item
            name="username"
            label={t('users.username')}
            tooltip={t('users.usernameHint')}
            normalize={(v: string) => v.toLowerCase()}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: usernamePattern, message: t('users.usernameRule') },
            ]}
          >
            <Input maxLength={50} autoComplete="off" placeholder="zhang.san" data-testid="create-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }, { max: 50 }]}>
            <Input maxLength={50} data-testid="create-display-name" />
          </Form.Item>
        </div>
        <div className="gz-form-row">
          <Form.Item name="phone" label={t('users.phone')} rules={[{ required: true, message: t('users.phoneRequired') }, { validator: mobileRule }]}>
            <Input maxLength={20} inputMode="tel" data-testid="create-phone" />
          </Form.Item>
          <Form.Item name="unit" label={t('users.unit')} rules={[{ required: true, message: t('users.unitRequired') }]} tooltip={t('users.unitHint')}>
            <UnitPicker testId="create-unit" onChange={() => form.setFieldValue('department', undefined)} />
          </Form.Item>
        </div>
        <Form.Item name="department" label={t('users.department')}>
          <DepartmentSelect unit={unit} testId="create-department" />
        </Form.Item>
        <InitialPasswordField username={username} />
      </Form>
    </Modal>
  );
}
