import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import type { Case, CaseAction } from '@gongzhi/contracts';
import { caseTransitions } from '@gongzhi/contracts/case-workflow';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { gridCasesApi } from '../api/grid-cases';
import { ApiError } from '../api/client';
import { useLang } from '../i18n';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';

type VerifyAction = Extract<CaseAction, 'verify_pass' | 'verify_fail'>;
const verifyActions: VerifyAction[] = ['verify_pass', 'verify_fail'];

/**
 * 核查: pass (with a note and photos) or send back (with a reason and photos). Only the actions the
 * server lists in `allowedActions` are offered; whether a reason is required comes from the shared
 * workflow table. Photos are uploaded first, each once (a failed submit keeps their ids).
 */
export function VerifyActions({ c, onDone, onStale }: { c: Case; onDone: () => void; onStale: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const offered = verifyActions.filter((a) => c.allowedActions.includes(a));
  const [action, setAction] = useState<VerifyAction | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (!offered.length) return c.status === 'resolved' ? <Alert type="info" showIcon title={t('grid.act.none')} /> : null;
  const reasonRequired = action ? caseTransitions[action].reasonRequired : false;

  const choose = (a: VerifyAction) => {
    setAction(a);
    setError(null);
    form.resetFields();
  };

  const submit = async () => {
    if (!action) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (!navigator.onLine) {
      setError(t('grid.act.offline'));
      return;
    }
    setError(null);
    try {
      let list = photos;
      for (const p of photos) {
        if (p.uploadedId || !p.bytes) continue;
        setBusy(t('grid.act.uploading'));
        const uploadedId = await gridCasesApi.uploadPhoto(p.bytes, p.type);
        list = list.map((x) => (x.localId === p.localId ? { ...x, uploadedId } : x));
        setPhotos(list);
      }
      setBusy('…');
      const text = values.text?.trim() || undefined;
      const photoIds = list.map((p) => p.uploadedId!).filter(Boolean);
      await gridCasesApi.act(c.id, action, {
        ...(action === 'verify_fail' ? { reason: text } : { publicNote: text }),
        photoIds: photoIds.length ? photoIds : undefined,
        version: c.version,
      });
      message.success(t(action === 'verify_pass' ? 'grid.act.passed' : 'grid.act.failed'));
      onDone();
    } catch (err) {
      const e = err as ApiError;
      setError(e.message);
      // Someone else acted first: show the case as it is now.
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION')) onStale();
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="gz-grid-section gz-verify" data-testid="verify-actions">
      <h2>{t('grid.act.title')}</h2>
      <div className="gz-verify-choice">
        {offered.includes('verify_pass') && (
          <Button type={action === 'verify_pass' ? 'primary' : 'default'} icon={<CheckOutlined />} size="large" onClick={() => choose('verify_pass')} data-testid="choose-verify_pass">
            {t('grid.act.pass')}
          </Button>
        )}
        {offered.includes('verify_fail') && (
          <Button danger type={action === 'verify_fail' ? 'primary' : 'default'} icon={<RollbackOutlined />} size="large" onClick={() => choose('verify_fail')} data-testid="choose-verify_fail">
            {t('grid.act.fail')}
          </Button>
        )}
      </div>
      {action && (
        <Form form={form} layout="vertical" requiredMark={false} className="gz-grid-form" data-testid={`form-${action}`}>
          <Form.Item
            name="text"
            label={action === 'verify_fail' ? t('grid.act.reason') : t('grid.act.note')}
            rules={[
              ...(reasonRequired ? [{ required: true, whitespace: true, message: t('grid.act.needReason') }] : []),
              { max: 500, message: t('grid.act.tooLong') },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={action === 'verify_fail' ? t('grid.act.reasonPlaceholder') : t('grid.act.notePlaceholder')} data-testid="verify-text" />
          </Form.Item>
          <Form.Item label={t('grid.act.photos')}>
            <PhotoPicker value={photos} onChange={setPhotos} testId="verify-photos" disabled={!!busy} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} className="gz-grid-alert" data-testid="verify-error" />}
          <Button
            type="primary"
            danger={action === 'verify_fail'}
            size="large"
            block
            loading={!!busy}
            onClick={() => void submit()}
            data-testid="verify-submit"
          >
            {busy && busy !== '…' ? busy : action === 'verify_fail' ? t('grid.act.submitFail') : t('grid.act.submitPass')}
          </Button>
        </Form>
      )}
    </section>
  );
}
