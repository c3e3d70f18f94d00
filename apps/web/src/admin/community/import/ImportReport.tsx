import { DownloadOutlined } from '@ant-design/icons';
import { type ResidentImport, type ResidentImportRow, type ResidentImportStatus, residentImportStatusNames } from '@gongzhi/contracts';
import { Alert, App, Button, Card, Descriptions, InputNumber, Segmented, Space, Statistic, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { residentImportsApi } from '../../api/residentImports';
import { formatTime } from '../../common/format';
import { useLang } from '../../i18n';

const colors: Record<ResidentImportStatus, string> = { accepted: 'green', updated: 'blue', unchanged: 'default', rejected: 'red' };
const order: ResidentImportStatus[] = ['rejected', 'accepted', 'updated', 'unchanged'];

/** One run's report: counts, a filterable table of rows with their reasons, the report as Excel. */
export function ImportReport({ report, extra }: { report: ResidentImport; extra?: React.ReactNode }) {
  const { t, pick, lang } = useLang();
  const { message } = App.useApp();
  // Rejected rows first when there are any: they are what the user has to act on.
  const [status, setStatus] = useState<ResidentImportStatus | 'all'>(report.rejected > 0 ? 'rejected' : 'all');
  const [row, setRow] = useState<number | null>(null);
  const [downloading, setDownloading] = useState(false);
  const rows = useMemo(
    () => report.rows.filter((r) => (status === 'all' || r.status === status) && (row === null || r.row === row)),
    [report.rows, status, row],
  );
  const count = (s: ResidentImportStatus) => report[s];
  const download = () => {
    setDownloading(true);
    residentImportsApi.reportXlsx(report.id).then(
      () => setDownloading(false),
      (e: Error) => {
        setDownloading(false);
        void message.error(e.message);
      },
    );
  };

  return (
    <Card
      title={t('communityImport.report.title')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} loading={downloading} onClick={download} data-testid="report-download">
            {t('communityImport.report.download')}
          </Button>
          {extra}
        </Space>
      }
      data-testid="import-report"
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('communityImport.report.file')}>{report.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('communityImport.neighborhood')}>{report.neighborhood.name}</Descriptions.Item>
        <Descriptions.Item label={t('communityImport.report.at')}>
          {formatTime(report.createdAt, lang)}
          {report.importedBy ? ` · ${report.importedBy}` : ''}
        </Descriptions.Item>
      </Descriptions>
      <Space size={40} style={{ marginBottom: 12 }} data-testid="report-counts">
        {(['accepted', 'updated', 'unchanged', 'rejected'] as const).map((s) => (
          <Statistic key={s} title={t(`communityImport.report.${s}`)} value={count(s)} styles={{ content: { color: s === 'rejected' && count(s) > 0 ? '#cf1322' : undefined } }} data-testid={`count-${s}`} />
        ))}
      </Space>
      <Alert
        type={report.rejected > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        title={report.rejected > 0 ? t('communityImport.report.someBad', { n: report.rejected }) : t('communityImport.report.allGood')}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as ResidentImportStatus | 'all')}
          options={[
            { value: 'all', label: `${t('communityImport.report.filterAll')} ${report.rows.length}` },
            ...order.map((s) => ({ value: s, label: `${pick(residentImportStatusNames[s])} ${count(s)}` })),
          ]}
          data-testid="report-filter"
        />
        <InputNumber min={1} placeholder={t('communityImport.report.rowSearch')} value={row} onChange={(v) => setRow(typeof v === 'number' ? v : null)} style={{ width: 120 }} data-testid="report-row" />
      </Space>
      <Table<ResidentImportRow>
        size="small"
        rowKey="row"
        dataSource={rows}
        locale={{ emptyText: t('communityImport.report.empty') }}
        pagination={{ pageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (n) => t('communityImport.report.total', { n }) }}
        columns={[
          { title: t('communityImport.report.row'), dataIndex: 'row', width: 80 },
          { title: t('communityImport.report.status'), dataIndex: 'status', width: 100, render: (s: ResidentImportStatus) => <Tag color={colors[s]}>{pick(residentImportStatusNames[s])}</Tag> },
          {
            title: t('communityImport.report.reasons'),
            dataIndex: 'reasons',
            render: (rs: string[]) => (rs.length === 0 ? t('communityImport.report.none') : rs.length === 1 ? rs[0] : <ul className="gz-reasons">{rs.map((r) => <li key={r}>{r}</li>)}</ul>),
          },
        ]}
        data-testid="report-rows"
      />
    </Card>
  );
}
