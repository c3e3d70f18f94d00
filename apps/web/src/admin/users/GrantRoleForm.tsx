import type { Role, UserDetail } from '@gongzhi/contracts';
import { adminRoles, roleNames, roles } from '@gongzhi/contracts/roles';
import { Alert, App, Button, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { usersApi, type GrantCreate } from '../api/users';
import { DepartmentSelect } from '../common/DepartmentSelect';
import { applyServerErrors } from '../common/serverErrors';
import { UnitPicker } from '../common/UnitPicker';
import { useLang } from '../i18n';

/** Grants a role at a unit (and department); administrator and high-level grants wait for approval. */
export function GrantRoleForm({ user, onGranted }: { user: UserDetail; onGranted: () => void }) {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantCreate>();
  const unit: string | undefined = Form.useWatch('unit', form);
  const role: Role | undefined = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A resident account holds the resident role only; staff never do.
  const allowed = user.kind === 'resident' ? (['resident'] as Role[]) : roles.filter((r) => r !== 'resident');

  const submit = async (v: GrantCreate) => {
    setBusy(true);
    setError(null);
    try {
      const g = await usersApi.grant(user.id, { ...v, department: v.department || undefined, reason: v.reason.trim() });
      void message.success(g.status === 'pending' ? t('grants.requestedOk') : t('grants.grantedOk'));
      form.resetFields();
      onGranted();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<GrantCreate> form={form} layout="vertical" onFinish={submit} disabled={busy} data-testid="grant-form" initialValues={{ unit: user.unit?.code }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="grant-error" />}
      <div className="gz-form-row">
        <Form.Item name="role" label={t('grants.role')} rules={[{ required: true, message: t('grants.roleRequired') }]}>
          <Select<Role> options={allowed.map((r) => ({ value: r, label: pick(roleNames[r]) }))} data-testid="grant-role" placeholder={t('grants.rolePlaceholder')} />
        </Form.Item>
        <Form.Item name="unit" label={t('grants.unit')} rules={[{ required: true, message: t('users.unitRequired') }]}>
          <UnitPicker testId="grant-unit" initial={user.unit ?? undefined} onChange={() => form.setFieldValue('department', undefined)} />
        </Form.Item>
      </div>
      <Form.Item
        name="department"
        label={t('users.department')}
        rules={[{ required: role === 'department_handler', message: t('grants.departmentRequired') }]}
        extra={role === 'department_handler' ? undefined : t('grants.departmentOptional')}
      >
        <DepartmentSelect unit={unit} testId="grant-department" />
      </Form.Item>
      <Form.Item name="reason" label={t('grants.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('grants.reasonRequired') }, { max: 200 }]}>
        <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('grants.reasonPlaceholder')} data-testid="grant-reason" />
      </Form.Item>
      {role && adminRoles.concat(['district_admin']).includes(role) && <Alert type="info" showIcon title={t('grants.needsApproval')} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="grant-submit">
        {t('grants.submit')}
      </Button>
    </Form>
  );
}
