import type { MoveIn, Resident } from '@gongzhi/contracts';
import { householdRelationNames, householdRelations, politicalStatusNames, politicalStatuses, specialGroupTagNames, specialGroupTags } from '@gongzhi/contracts/community-labels';
import { Alert, App, Checkbox, Form, Input, Modal, Select, Space, Switch } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { communityApi } from '../api/community';
import { applyServerErrors } from '../common/serverErrors';
import { useLang } from '../i18n';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A modal form that sends once, puts server refusals on their fields, and shows a conflict as an alert. */
export function useSubmit<T>(form: ReturnType<typeof Form.useForm<T>>[0], send: (v: T) => Promise<unknown>, onDone: () => void) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const submit = async (v: T) => {
    setBusy(true);
    setAlert(null);
    try {
      await send(v);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'RESIDENT_CONFLICT' || err.code === 'CONFLICT' || err.code === 'RESIDENT_STATE')) setAlert(err.message);
      else {
        const left = applyServerErrors(form, err);
        if (left) void message.error(left);
      }
    } finally {
      setBusy(false);
    }
  };
  return { busy, alert, submit };
}

type Props = { householdId: string; onClose: () => void; onDone: () => void };
type MemberValues = Omit<MoveIn, 'phone' | 'tags'> & { phone?: string };

/** 迁入 / 添加成员: a new or returning person into this household. */
export function AddMemberDialog({ householdId, onClose, onDone }: Props) {
  const { t, pick } = useLang();
  const [form] = Form.useForm<MemberValues>();
  const { busy, alert, submit } = useSubmit(form, (v: MemberValues) => communityApi.moveIn(householdId, { ...v, phone: v.phone?.trim() || null, reason: v.reason?.trim() || undefined }), onDone);
  return (
    <Modal open width={620} title={t('community.dialog.addMember')} okText={t('community.common.save')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden okButtonProps={{ 'data-testid': 'member-save' } as ButtonProps}>
      <p className="gz-muted gz-small">{t('community.dialog.addMemberHint')}</p>
      {alert && <Alert type="warning" showIcon title={t('community.dialog.conflict')} description={alert} style={{ marginBottom: 12 }} data-testid="member-alert" />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ relation: 'spouse', hukouHere: true, livesHere: true, politicalStatus: 'masses', movedInOn: today() }} requiredMark={false}>
        <Space align="start" wrap>
          <Form.Item name="name" label={t('community.resident.name')} rules={[{ required: true, whitespace: true, message: t('community.dialog.nameRule') }]}>
            <Input maxLength={50} style={{ width: 160 }} autoComplete="off" data-testid="member-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('community.resident.idNumber')} rules={[{ required: true, whitespace: true, message: t('community.dialog.idRule') }]}>
            <Input maxLength={40} style={{ width: 220 }} autoComplete="off" data-testid="member-id" />
          </Form.Item>
          <Form.Item name="phone" label={t('community.resident.phone')}>
            <Input maxLength={30} style={{ width: 160 }} autoComplete="off" data-testid="member-phone" />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="relation" label={t('community.resident.relation')}>
            <Select style={{ width: 140 }} options={householdRelations.map((r) => ({ value: r, label: pick(householdRelationNames[r]) }))} />
          </Form.Item>
          <Form.Item name="politicalStatus" label={t('community.resident.political')}>
            <Select style={{ width: 150 }} options={politicalStatuses.map((r) => ({ value: r, label: pick(politicalStatusNames[r]) }))} />
          </Form.Item>
          <Form.Item name="movedInOn" label={t('community.dialog.movedInOn')} rules={[{ required: true, message: t('community.common.dateRule') }]}>
            <Input type="date" max={today()} style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Space size="large">
          <Form.Item name="hukouHere" label={t('community.resident.hukou')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="livesHere" label={t('community.resident.lives')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t('community.common.reason')}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 出生登记: a child with its ID number. */
export function BirthDialog({ householdId, onClose, onDone }: Props) {
  const { t } = useLang();
  const [form] = Form.useForm<{ name: string; idNumber: string; hukouHere: boolean; livesHere: boolean }>();
  const { busy, alert, submit } = useSubmit(form, (v: { name: string; idNumber: string; hukouHere: boolean; livesHere: boolean }) => communityApi.birth(householdId, v), onDone);
  return (
    <Modal open title={t('community.dialog.birth')} okText={t('community.common.save')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden okButtonProps={{ 'data-testid': 'birth-save' } as ButtonProps}>
      <p className="gz-muted gz-small">{t('community.dialog.birthHint')}</p>
      {alert && <Alert type="warning" showIcon description={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ hukouHere: true, livesHere: true }} requiredMark={false}>
        <Form.Item name="name" label={t('community.resident.name')} rules={[{ required: true, whitespace: true, message: t('community.dialog.nameRule') }]}>
          <Input maxLength={50} autoComplete="off" data-testid="birth-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('community.resident.idNumber')} rules={[{ required: true, whitespace: true, message: t('community.dialog.idRule') }]}>
          <Input maxLength={40} autoComplete="off" data-testid="birth-id" />
        </Form.Item>
        <Space size="large">
          <Form.Item name="hukouHere" label={t('community.resident.hukou')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="livesHere" label={t('community.resident.lives')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

type One = { resident: Resident; onClose: () => void; onDone: () => void };

/** 迁出 with its date and reason. */
export function MoveOutDialog({ resident: r, onClose, onDone }: One) {
  const { t } = useLang();
  const [form] = Form.useForm<{ leftOn: string; reason: string }>();
  const { busy, alert, submit } = useSubmit(form, (v: { leftOn: string; reason: string }) => communityApi.moveOut(r.id, { version: r.version, ...v }), onDone);
  return (
    <Modal open title={t('community.dialog.moveOutOf', { name: r.name })} okText={t('community.household.moveOut')} okButtonProps={{ danger: true, 'data-testid': 'moveout-save' } as ButtonProps} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {alert && <Alert type="warning" showIcon description={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ leftOn: today() }} requiredMark={false}>
        <Form.Item name="leftOn" label={t('community.dialog.leftOn')} rules={[{ required: true, message: t('community.common.dateRule') }]}>
          <Input type="date" max={today()} style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('community.common.reason')} rules={[{ required: true, whitespace: true, message: t('community.dialog.reasonRequired') }]}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} data-testid="moveout-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 死亡登记. */
export function DeathDialog({ resident: r, onClose, onDone }: One) {
  const { t } = useLang();
  const [form] = Form.useForm<{ diedOn: string; reason?: string }>();
  const { busy, alert, submit } = useSubmit(form, (v: { diedOn: string; reason?: string }) => communityApi.death(r.id, { version: r.version, diedOn: v.diedOn, reason: v.reason?.trim() || undefined }), onDone);
  return (
    <Modal open title={t('community.dialog.deathOf', { name: r.name })} okText={t('community.common.save')} okButtonProps={{ danger: true, 'data-testid': 'death-save' } as ButtonProps} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {alert && <Alert type="warning" showIcon description={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ diedOn: today() }} requiredMark={false}>
        <Form.Item name="diedOn" label={t('community.dialog.diedOn')} rules={[{ required: true, message: t('community.common.dateRule') }]}>
          <Input type="date" max={today()} style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('community.common.reason')}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 特殊群体标签: set anew (the current ones are not shown unless revealed). */
export function TagsDialog({ resident: r, onClose, onDone }: One) {
  const { t, pick } = useLang();
  const [form] = Form.useForm<{ tags: string[]; reason?: string }>();
  const { busy, alert, submit } = useSubmit(form, (v: { tags: string[]; reason?: string }) => communityApi.setTags(r.id, { version: r.version, tags: v.tags ?? [], reason: v.reason?.trim() || undefined }), onDone);
  return (
    <Modal open title={`${t('community.resident.tagsEdit')} · ${r.name}`} okText={t('community.common.save')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <p className="gz-muted gz-small">{t('community.resident.tagsHint')}</p>
      {alert && <Alert type="warning" showIcon description={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ tags: [] }}>
        <Form.Item name="tags">
          <Checkbox.Group options={specialGroupTags.map((g) => ({ value: g, label: pick(specialGroupTagNames[g]) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('community.common.reason')}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
