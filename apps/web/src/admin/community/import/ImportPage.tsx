import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ResidentImport } from '@gongzhi/contracts';
import { Alert, App, Button, Card, Progress, Space, Spin, Steps, Tabs, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { residentImportsApi } from '../../api/residentImports';
import { useAuth } from '../../auth/AuthContext';
import { UnitPicker } from '../../common/UnitPicker';
import { useLang } from '../../i18n';
import { ImportHistory } from './ImportHistory';
import { ImportReport } from './ImportReport';

type Phase = { kind: 'idle' } | { kind: 'uploading'; name: string; fraction: number } | { kind: 'failed'; error: ApiError | Error };

/**
 * 居民信息导入 wizard: neighborhood (the user's own by default) and template, upload with
 * progress, the row-by-row report; past imports on the second tab. `?id=` shows a stored report.
 */
export function ImportPage() {
  const { t } = useLang();
  const { me } = useAuth();
  const { message } = App.useApp();
  const own = me?.grants.find((g) => g.unit.level === 'neighborhood')?.unit;
  const [neighborhood, setNeighborhood] = useState<string | undefined>(own?.code);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [report, setReport] = useState<ResidentImport | null>(null);
  const [tab, setTab] = useState('wizard');
  const [refresh, setRefresh] = useState(0);
  const [params, setParams] = useSearchParams();
  const abort = useRef<(() => void) | null>(null);
  const id = params.get('id');

  useEffect(() => {
    if (!id || report?.id === id) return;
    const ctrl = new AbortController();
    residentImportsApi.get(id, ctrl.signal).then(
      (r) => {
        setReport(r);
        setTab('wizard');
      },
      (e: Error) => !ctrl.signal.aborted && void message.error(e.message),
    );
    return () => ctrl.abort();
  }, [id, report?.id, message]);
  useEffect(() => () => abort.current?.(), []);

  const valid = !!neighborhood && /^\d{12}$/.test(neighborhood);
  const start = (file: File) => {
    if (!/\.(xlsx|csv)$/i.test(file.name)) {
      setPhase({ kind: 'failed', error: new Error(t('communityImport.wrongType')) });
      return;
    }
    setPhase({ kind: 'uploading', name: file.name, fraction: 0 });
    const run = residentImportsApi.upload(file, neighborhood!, (fraction) => setPhase({ kind: 'uploading', name: file.name, fraction }));
    abort.current = run.abort;
    run.done.then(
      (r) => {
        abort.current = null;
        setPhase({ kind: 'idle' });
        setReport(r);
        setParams({ id: r.id }, { replace: true });
        setRefresh((n) => n + 1);
      },
      (e: Error) => {
        abort.current = null;
        setPhase(e instanceof ApiError && e.code === 'ABORTED' ? { kind: 'idle' } : { kind: 'failed', error: e });
      },
    );
  };
  const restart = () => {
    setReport(null);
    setPhase({ kind: 'idle' });
    setParams({}, { replace: true });
  };
  const current = report ? 2 : valid ? 1 : 0;

  const wizard = report ? (
    <ImportReport report={report} extra={<Button type="primary" onClick={restart} data-testid="import-again">{t('communityImport.report.back')}</Button>} />
  ) : (
    <Card>
      <Steps current={current} size="small" style={{ maxWidth: 720, marginBottom: 20 }} items={[{ title: t('communityImport.steps.unit') }, { title: t('communityImport.steps.upload') }, { title: t('communityImport.steps.report') }]} />
      <Space align="start" wrap style={{ marginBottom: 16 }}>
        <Space direction="vertical" size={4}>
          <Typography.Text strong>{t('communityImport.neighborhood')}</Typography.Text>
          <UnitPicker value={neighborhood} onChange={setNeighborhood} initial={own ? { code: own.code, name: own.name } : undefined} placeholder={t('communityImport.neighborhoodPlaceholder')} style={{ width: 300 }} testId="import-neighborhood" />
          {!valid && <Typography.Text type="warning">{t('communityImport.needNeighborhood')}</Typography.Text>}
        </Space>
        <Space direction="vertical" size={4} style={{ maxWidth: 640 }}>
          <Button icon={<DownloadOutlined />} onClick={() => void residentImportsApi.template().catch((e: Error) => message.error(e.message))} data-testid="import-template">
            {t('communityImport.template')}
          </Button>
          <Typography.Text type="secondary">{t('communityImport.templateHint')}</Typography.Text>
        </Space>
      </Space>
      {phase.kind === 'uploading' ? (
        <div className="gz-import-progress" data-testid="import-progress">
          <Typography.Text>{t('communityImport.uploading', { name: phase.name })}</Typography.Text>
          <Progress percent={Math.round(phase.fraction * 100)} status="active" />
          {phase.fraction >= 1 && (
            <Space>
              <Spin size="small" />
              <Typography.Text type="secondary">{t('communityImport.checking')}</Typography.Text>
            </Space>
          )}
          <div>
            <Button size="small" onClick={() => abort.current?.()}>{t('communityImport.cancel')}</Button>
          </div>
        </div>
      ) : (
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={!valid}
          beforeUpload={(file) => {
            start(file as File);
            return false;
          }}
          data-testid="import-dropzone"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('communityImport.drop')}</p>
          <p className="ant-upload-hint">{t('communityImport.dropHint')}</p>
        </Upload.Dragger>
      )}
      {phase.kind === 'failed' && <ImportError error={phase.error} />}
    </Card>
  );

  return (
    <div data-testid="community-import-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('communityImport.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('communityImport.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'wizard', label: t('communityImport.tabs.wizard'), children: wizard },
          {
            key: 'history',
            label: t('communityImport.tabs.history'),
            children: <ImportHistory neighborhood={valid ? neighborhood : undefined} refreshKey={refresh} onOpen={(rid) => setParams({ id: rid })} />,
          },
        ]}
      />
    </div>
  );
}

/** Why a file was refused as a whole (wrong headers name the missing and unknown columns). */
function ImportError({ error }: { error: ApiError | Error }) {
  const { t } = useLang();
  return <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('communityImport.failed')} description={<span data-testid="import-error">{error.message}</span>} />;
}
