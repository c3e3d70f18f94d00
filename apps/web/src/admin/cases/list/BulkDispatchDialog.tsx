import type { CaseAction, CaseSummary } from '@gongzhi/contracts';
import { caseActionNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Form, Modal, Progress, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { caseRefApi, casesApi } from '../../api/cases';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { StatusTag } from '../CaseTags';
import { DepartmentPicker } from '../detail/DepartmentPicker';
import { bulkActionFor } from './bulk';

type Outcome = { id: string; number: string; action: CaseAction; ok: boolean; status?: number; code?: string; message?: string };

/**
 * 批量派单: one lead (and optional 协办) for many cases, sent one by one; every case's outcome is
 * listed — a case someone else dispatched meanwhile answers 409 and is shown as such, never hidden.
 */
export function BulkDispatchDialog({ cases: picked, unitCode, onClose, onFinished }: { cases: CaseSummary[]; unitCode?: string; onClose: () => void; onFinished: () => void }) {
  const { t, pick } = useLang();
  // The cases as picked when the dialog opened: the list behind it reloads (and unselects) as they go.
  const [cases] = useState(picked);
  const [form] = Form.useForm<{ lead?: string; assists?: string[] }>();
  const depts = useAsync((s) => caseRefApi.departments(unitCode ?? cases[0]?.subdistrict?.code, s), [unitCode, cases[0]?.subdistrict?.code]);
  const lead = Form.useWatch('lead', form);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<Outcome[]>([]);
  const finished = results.length === cases.length && !running;

  const run = async ({ lead, assists }: { lead?: string; assists?: string[] }) => {
    setRunning(true);
    setResults([]);
    const out: Outcome[] = [];
    // One at a time: the server serialises writes anyway, and the user watches the progress.
    for (const c of cases) {
      const action = bulkActionFor(c);
      try {
        await casesApi.act(c.id, action, { leadDepartmentId: lead, assistDepartmentIds: (assists ?? []).filter((a) => a !== lead) });
        out.push({ id: c.id, number: c.number, action, ok: true });
      } catch (err) {
        const e = err instanceof ApiError ? err : null;
        out.push({ id: c.id, number: c.number, action, ok: false, status: e?.status, code: e?.code, message: (err as Error).message });
      }
      setResults([...out]);
    }
    setRunning(false);
    onFinished();
  };

  const okCount = results.filter((r) => r.ok).length;
  return (
    <Modal
      open
      width={720}
      title={t('caseList.bulk.title', { count: cases.length })}
      onCancel={running ? undefined : onClose}
      closable={!running}
      maskClosable={false}
      destroyOnHidden
      data-testid="bulk-dialog"
      footer={
        finished ? (
          <Button type="primary" onClick={onClose} data-testid="bulk-close">
            {t('caseList.bulk.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={running}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={running} onClick={() => form.submit()} data-testid="bulk-submit">
              {t('caseList.bulk.submit', { count: cases.length })}
            </Button>
          </Space>
        )
      }
    >
      {!results.length && (
        <Form form={form} layout="vertical" onFinish={run}>
          <Alert type="info" showIcon className="gz-mb8" title={t('caseList.bulk.hint')} />
          <Form.Item name="lead" label={t('caseDetail.lead')} rules={[{ required: true, message: t('caseDetail.leadRequired') }]}>
            <DepartmentPicker items={depts.data?.items ?? []} loading={depts.loading} testId="bulk-lead" placeholder={t('caseDetail.pickDepartment')} />
          </Form.Item>
          <Form.Item name="assists" label={t('caseDetail.assistsJoint')}>
            <DepartmentPicker multiple items={depts.data?.items ?? []} exclude={lead ? [lead] : []} placeholder={t('caseDetail.pickAssists')} />
          </Form.Item>
          <div className="gz-tags">
            {cases.map((c) => (
              <Tag key={c.id}>
                {c.number} <StatusTag status={c.status} />
              </Tag>
            ))}
          </div>
        </Form>
      )}
      {results.length > 0 && (
        <>
          <Progress percent={Math.round((results.length / cases.length) * 100)} status={running ? 'active' : okCount === cases.length ? 'success' : 'exception'} />
          {finished && (
            <Alert
              className="gz-mb8"
              type={okCount === cases.length ? 'success' : 'warning'}
              showIcon
              title={t('caseList.bulk.summary', { ok: okCount, failed: cases.length - okCount })}
              data-testid="bulk-summary"
            />
          )}
          <Table<Outcome>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={results}
            scroll={{ y: 300 }}
            data-testid="bulk-results"
            onRow={(r) => ({ 'data-outcome': r.ok ? 'ok' : String(r.status ?? 'error') }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('caseList.col.number'), dataIndex: 'number', width: 150 },
              { title: t('caseList.bulk.action'), dataIndex: 'action', width: 80, render: (a: CaseAction) => pick(caseActionNames[a]) },
              {
                title: t('caseList.bulk.outcome'),
                key: 'outcome',
                render: (_, r) =>
                  r.ok ? (
                    <Tag color="success">{t('caseList.bulk.ok')}</Tag>
                  ) : (
                    <span>
                      <Tag color={r.status === 409 ? 'warning' : 'error'}>
                        {r.status ?? '—'} {r.code}
                      </Tag>
                      {r.message}
                    </span>
                  ),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
