import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useLang } from '../../i18n';

/** Asks for the reason before a plain-values export (the server audits it with the reason). */
export function PlainExportDialog({ open, onCancel, onExport }: { open: boolean; onCancel: () => void; onExport: (reason: string) => Promise<void> }) {
  const { t } = useLang();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t('ledgers.plainTitle')}
      okText={t('ledgers.confirmExport')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
      onOk={async () => {
        // An empty reason shows its message under the field; nothing else to do.
        const values = await form.validateFields().catch(() => null);
        if (!values) return;
        const { reason } = values;
        setBusy(true);
        try {
          await onExport(reason.trim());
          form.resetFields();
        } finally {
          setBusy(false);
        }
      }}
    >
      <Alert type="warning" showIcon title={t('ledgers.plainHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('ledgers.reason')} rules={[{ required: true, whitespace: true, message: t('ledgers.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('ledgers.reasonPlaceholder')} data-testid="plain-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** k for the de-identified export (district administrators). */
export function DeidentifiedDialog({ open, unitName, onCancel, onExport }: { open: boolean; unitName: string; onCancel: () => void; onExport: (k: number) => Promise<void> }) {
  const { t } = useLang();
  const [k, setK] = useState(5);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={`${t('ledgers.deidTitle')} · ${unitName}`}
      okText={t('ledgers.confirmExport')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={async () => {
        setBusy(true);
        try {
          await onExport(k);
        } finally {
          setBusy(false);
        }
      }}
    >
      <p className="gz-muted">{t('ledgers.deidHint')}</p>
      <Form layout="vertical">
        <Form.Item label={t('ledgers.k')}>
          <InputNumber min={2} max={100} precision={0} value={k} onChange={(v) => setK(v ?? 5)} data-testid="deid-k" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
