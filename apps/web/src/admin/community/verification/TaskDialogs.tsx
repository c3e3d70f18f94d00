import type { VerificationAssignee } from '@gongzhi/contracts';
import { roleNames } from '@gongzhi/contracts/roles';
import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { verificationApi } from '../../api/verification';
import { useLang } from '../../i18n';

/** Assign the selected tasks to a grid worker or staff member (the server checks each task is in their scope). */
export function AssignDialog({ taskIds, unit, onClose, onDone }: { taskIds: string[] | null; unit?: string | undefined; onClose: () => void; onDone: () => void }) {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const [people, setPeople] = useState<VerificationAssignee[]>([]);
  const [assignee, setAssignee] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!taskIds) return;
    setAssignee(undefined);
    verificationApi.assignees(unit).then((r) => setPeople(r.items), () => setPeople([]));
  }, [taskIds, unit]);
  const ok = async () => {
    if (!taskIds || !assignee) return;
    setBusy(true);
    try {
      const r = await verificationApi.assign(taskIds, assignee === 'none' ? null : assignee);
      message.success(t('cv.assigned', { n: r.assigned }));
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!taskIds} title={t('cv.assignTitle')} onCancel={onClose} onOk={() => void ok()} okButtonProps={{ disabled: !assignee, 'data-testid': 'assign-ok' }} confirmLoading={busy} destroyOnHidden>
      <Select
        style={{ width: '100%' }}
        value={assignee}
        onChange={setAssignee}
        placeholder={t('cv.assigneePlaceholder')}
        showSearch={{ optionFilterProp: 'label' }}
        data-testid="assign-select"
        options={[
          ...people.map((p) => ({ value: p.id, label: `${p.name}（${p.username}）· ${pick(roleNames[p.role as keyof typeof roleNames] ?? { zh: p.role, en: p.role })} · ${p.unit.name}` })),
          { value: 'none', label: t('cv.unassign') },
        ]}
      />
    </Modal>
  );
}

/** Complete (with a note) or dismiss (with a reason) one task. */
export function CloseDialog({ task, mode, onClose, onDone }: { task: string | null; mode: 'complete' | 'dismiss'; onClose: () => void; onDone: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const { text } = await form.validateFields();
    if (!task) return;
    setBusy(true);
    try {
      if (mode === 'complete') await verificationApi.complete(task, text.trim());
      else await verificationApi.dismiss(task, text.trim());
      message.success(mode === 'complete' ? t('cv.completed') : t('cv.dismissed'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!task}
      title={mode === 'complete' ? t('cv.completeTitle') : t('cv.dismissTitle')}
      onCancel={onClose}
      onOk={() => void ok()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'close-ok', danger: mode === 'dismiss' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="text" label={mode === 'complete' ? t('cv.completeNote') : t('cv.dismissReason')} rules={[{ required: true, whitespace: true, min: mode === 'dismiss' ? 2 : 1, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={mode === 'complete' ? t('cv.completeNotePlaceholder') : undefined} data-testid="close-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
