import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tooltip } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { revealApi } from '../api/users';
import { useAuth } from '../auth/AuthContext';
import { useLang } from '../i18n';

/** How long a revealed value stays on screen before it is masked again. */
const SHOW_MS = 60_000;

/**
 * A masked personal field with a 「查看」 button for users holding personal_data.reveal: asks the
 * reason (the server records it in the audit trail and limits how often), then shows the plain
 * value for a minute.
 */
export function RevealField({ masked, resourceType, id, field, testId, format }: {
  masked: string | null;
  resourceType: string;
  id: string;
  field: string;
  testId?: string;
  /** How the plain value shows (e.g. a JSON list of tags as their names). */
  format?: (plain: string) => string;
}) {
  const { t } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [plain, setPlain] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  useEffect(() => {
    if (plain === null) return;
    const timer = setTimeout(() => setPlain(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [plain]);

  if (!masked) return <span className="gz-muted">—</span>;
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      const r = await revealApi.reveal({ resourceType, id, field, reason: reason.trim() });
      setPlain(r.value ?? '');
      setOpen(false);
      form.resetFields();
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space size={4} onClick={(e) => e.stopPropagation()}>
      <span className={plain !== null ? 'gz-revealed' : undefined} data-testid={testId}>
        {plain === null ? masked : format ? format(plain) : plain}
      </span>
      {can('personal_data.reveal') && plain === null && (
        <Tooltip title={t('reveal.tip')}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid={testId && `${testId}-reveal`}>
            {t('reveal.show')}
          </Button>
        </Tooltip>
      )}
      <Modal
        open={open}
        title={t('reveal.title')}
        okText={t('reveal.confirm')}
        okButtonProps={{ 'data-testid': 'reveal-confirm' } as ButtonProps}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p className="gz-muted">{t('reveal.hint')}</p>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="reason" label={t('reveal.reason')} rules={[{ required: true, whitespace: true, min: 5, message: t('reveal.reasonRule') }, { max: 200 }]}>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('reveal.reasonPlaceholder')} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
