import type { Case, CaseAction, CaseActionRequest, CaseType, Satisfaction } from '@gongzhi/contracts';
import { caseActionNames, caseTransitions, satisfactionLevels, satisfactionNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { caseRefApi, casesApi } from '../../api/cases';
import { applyServerErrors } from '../../common/serverErrors';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { actionFields } from './actionForm';
import { ClassifyFields } from './ClassifyFields';
import { DepartmentPicker } from './DepartmentPicker';
import { PhotoUpload } from './PhotoUpload';

type Values = {
  reason?: string;
  publicNote?: string;
  lead?: string;
  assists?: string[];
  complex?: boolean;
  days?: number;
  satisfaction?: Satisfaction;
  type?: CaseType;
  categoryCode?: string;
};

/** Refusals that mean the case moved on under the user: the dialog offers to reload it. */
const STALE = new Set(['CONFLICT', 'INVALID_TRANSITION']);

/**
 * The form of one workflow action, asking only what the action needs (actionForm.ts): the reason
 * where the shared table requires one, the departments of a dispatch (the 权责清单's suggestion
 * filled in), working days, photos, the public note of a resolution. Sends the version the user
 * saw, so an action on a case someone else just changed is refused (409) instead of applied blind.
 */
export function ActionDialog({ c, action, onClose, onDone, onStale }: { c: Case; action: CaseAction; onClose: () => void; onDone: (next: Case) => void; onStale?: () => void }) {
  const { t, pick } = useLang();
  const [form] = Form.useForm<Values>();
  const rule = caseTransitions[action];
  const f = actionFields(action, rule.reasonRequired);
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const okRef = useRef<HTMLButtonElement>(null);

  const needsDepts = f.departments;
  const suggestion = useAsync(needsDepts ? (s) => casesApi.suggestion(c.id, s) : null, [c.id, needsDepts]);
  const departments = useAsync(needsDepts ? (s) => caseRefApi.departments(c.subdistrict?.code, s) : null, [c.subdistrict?.code, needsDepts]);
  const events = useAsync(f.extensionDays === 'grant' ? (s) => casesApi.events(c.id, s) : null, [c.id, f.extensionDays]);
  const lead = Form.useWatch('lead', form);

  // Fill in the 权责清单's departments (a redispatch starts from the department that has it now).
  useEffect(() => {
    if (!needsDepts || !suggestion.data) return;
    const s = suggestion.data;
    const current = action === 'redispatch' && c.leadDepartment && c.status !== 'returned';
    if (!form.getFieldValue('lead')) {
      form.setFieldsValue({
        lead: current ? c.leadDepartment!.id : (s.lead?.id ?? undefined),
        assists: current ? c.assistDepartments.map((d) => d.id) : s.assists.map((d) => d.id),
      });
    }
  }, [suggestion.data, needsDepts, action, c, form]);

  // The days the handler asked for, as the starting point of an approval.
  useEffect(() => {
    const asked = events.data?.items.filter((e) => e.action === 'request_extension').at(-1)?.data?.extensionWorkingDays;
    if (typeof asked === 'number' && form.getFieldValue('days') === undefined) form.setFieldsValue({ days: asked });
  }, [events.data, form]);

  // Keyboard triage: the dialog opens with the confirm button focused, so Enter sends it — again
  // once the suggested departments arrive (on a slow day they come after the dialog), unless the
  // user is typing somewhere by then.
  useEffect(() => {
    const timer = setTimeout(() => {
      const at = document.activeElement;
      if (at instanceof HTMLInputElement || at instanceof HTMLTextAreaElement) return;
      okRef.current?.focus();
    }, 120);
    return () => clearTimeout(timer);
  }, [suggestion.data, departments.data]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body: CaseActionRequest = { version: c.version };
    if (v.reason?.trim()) body.reason = v.reason.trim();
    if (v.publicNote?.trim()) body.publicNote = v.publicNote.trim();
    if (f.departments) {
      body.leadDepartmentId = v.lead;
      body.assistDepartmentIds = (v.assists ?? []).filter((id) => id !== v.lead);
      if (v.complex) body.complex = true;
    }
    if (f.extensionDays && v.days) body.extensionWorkingDays = v.days;
    if (f.satisfaction && v.satisfaction) body.satisfaction = v.satisfaction;
    if (f.classification) {
      if (v.type) body.type = v.type;
      if (v.categoryCode) body.categoryCode = v.categoryCode;
    }
    if (photoIds.length) body.photoIds = photoIds;
    try {
      const next = await casesApi.act(c.id, action, body);
      onDone(next);
    } catch (err) {
      const msg = applyServerErrors(form, err, { leadDepartmentId: 'lead', assistDepartmentIds: 'assists', extensionWorkingDays: 'days' });
      if (msg !== null) setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const reasonLabel = t(`caseDetail.reasonLabel.${action}`, { defaultValue: f.reason === 'required' ? t('caseDetail.reasonLabel.required') : t('caseDetail.reasonLabel.optional') });
  const stale = error instanceof ApiError && STALE.has(error.code);

  return (
    <Modal
      open
      title={`${pick(caseActionNames[action])} · ${c.number}`}
      onCancel={onClose}
      width={f.departments ? 620 : 520}
      destroyOnHidden
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            ref={okRef}
            type="primary"
            danger={f.danger}
            loading={busy}
            disabled={uploading || (needsDepts && suggestion.loading)}
            onClick={() => form.submit()}
            data-testid="action-submit"
          >
            {t('caseDetail.confirmAction', { action: pick(caseActionNames[action]) })}
          </Button>
        </Space>
      }
      data-testid="action-dialog"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        data-action={action}
        initialValues={f.classification ? { type: c.type, categoryCode: c.category?.code } : undefined}
      >
        {needsDepts && (
          <>
            {suggestion.data && (
              <Alert
                type={suggestion.data.lead ? 'info' : 'warning'}
                showIcon
                className="gz-suggestion"
                title={suggestion.data.lead ? t('caseDetail.suggested', { name: suggestion.data.lead.name }) : suggestion.data.reason || t('caseDetail.noSuggestion')}
                description={suggestion.data.lead ? suggestion.data.reason : undefined}
                data-testid="dispatch-suggestion"
              />
            )}
            <Form.Item name="lead" label={t('caseDetail.lead')} rules={[{ required: true, message: t('caseDetail.leadRequired') }]}>
              <DepartmentPicker items={departments.data?.items ?? []} loading={departments.loading} testId="dispatch-lead" placeholder={t('caseDetail.pickDepartment')} />
            </Form.Item>
            <Form.Item name="assists" label={t('caseDetail.assistsJoint')} extra={t('caseDetail.assistsHint')}>
              <DepartmentPicker multiple items={departments.data?.items ?? []} exclude={lead ? [lead] : []} testId="dispatch-assists" placeholder={t('caseDetail.pickAssists')} />
            </Form.Item>
            <Form.Item name="complex" valuePropName="checked" extra={t('caseDetail.complexHint')}>
              <Checkbox>{t('caseDetail.complex')}</Checkbox>
            </Form.Item>
          </>
        )}
        {f.classification && <ClassifyFields />}
        {f.extensionDays && (
          <Form.Item
            name="days"
            label={t(f.extensionDays === 'request' ? 'caseDetail.daysAskLabel' : 'caseDetail.daysGrantLabel')}
            rules={[{ required: true, message: t('caseDetail.daysRequired') }]}
          >
            <InputNumber min={1} max={30} precision={0} suffix={t('caseDetail.workingDays')} style={{ width: 180 }} data-testid="action-days" />
          </Form.Item>
        )}
        {f.satisfaction && (
          <Form.Item name="satisfaction" label={t('caseDetail.satisfaction')}>
            <Radio.Group options={satisfactionLevels.map((s) => ({ value: s, label: pick(satisfactionNames[s]) }))} />
          </Form.Item>
        )}
        {f.reason !== 'none' && (
          <Form.Item
            name="reason"
            label={action === 'add_note' ? t('caseDetail.noteLabel') : reasonLabel}
            rules={[
              { required: f.reason === 'required' || f.reason === 'note', whitespace: true, message: action === 'add_note' ? t('caseDetail.noteRequired') : t('caseDetail.reasonRequired') },
              { max: 500, message: t('caseDetail.tooLong', { max: 500 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="action-reason" />
          </Form.Item>
        )}
        {f.publicNote && (
          <Form.Item
            name="publicNote"
            label={t('caseDetail.publicNote')}
            extra={t('caseDetail.publicNoteHint')}
            rules={[
              { required: f.publicNote === 'required', whitespace: true, message: t('caseDetail.publicNoteRequired') },
              { max: 500, message: t('caseDetail.tooLong', { max: 500 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="action-public-note" />
          </Form.Item>
        )}
        {f.photos && (
          <Form.Item label={t('caseDetail.photos')} extra={t('caseDetail.photosHint')}>
            <PhotoUpload onChange={setPhotoIds} onBusy={setUploading} />
          </Form.Item>
        )}
        {f.instant && <p className="gz-muted">{t(`caseDetail.confirmText.${action}`, { defaultValue: t('caseDetail.confirmText.default') })}</p>}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            description={error instanceof ApiError ? <code className="gz-small">{`${error.status} ${error.code}`}</code> : undefined}
            action={
              stale && onStale ? (
                <Button size="small" onClick={onStale}>
                  {t('caseDetail.reload')}
                </Button>
              ) : undefined
            }
            data-testid="action-error"
          />
        )}
      </Form>
    </Modal>
  );
}
