import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import type { CaseSummary } from '@gongzhi/contracts';
import { caseChannelNames } from '@gongzhi/contracts/case-workflow';
import { App, Button, Card, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { caseRefApi, casesApi } from '../../api/cases';
import { useAuth } from '../../auth/AuthContext';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { useCursorPages } from '../../common/useCursorPages';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { DeadlineBadge, FlagTags, StatusTag, useNow } from '../CaseTags';
import { BulkDispatchDialog } from './BulkDispatchDialog';
import { CaseFilters } from './CaseFilters';
import { activeFilterCount, filterFromParams, paramsFromFilter } from './filters';
import { SavedViews } from './SavedViews';

const PAGE_SIZE = 30;
const DISPATCH_ROLES = ['subdistrict_dispatcher', 'district_admin'];

/**
 * /admin/cases — every case in the user's scope: filters in the URL, Chinese search, cursor pages,
 * saved views, bulk dispatch with per-case outcomes, and export of the filtered list to Excel.
 */
export function CaseListPage() {
  const { t, lang, pick } = useLang();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const query = paramsFromFilter(filter).toString();
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [query, reset]);

  const res = useAsync((s) => casesApi.list({ ...filter, limit: PAGE_SIZE, cursor: pages.cursor }, s), [query, pages.cursor]);
  const categories = useAsync((s) => caseRefApi.categories(s), []);
  const grant = me?.grants.find((g) => g.role !== 'resident');
  const scopeUnit = grant && grant.role !== 'department_handler' ? { code: grant.unit.code, name: grant.unit.name } : undefined;
  const depts = useAsync((s) => caseRefApi.departments(scopeUnit?.code, s), [scopeUnit?.code]);
  const oneSubdistrict = !!scopeUnit && scopeUnit.code.length >= 9;
  const mayDispatch = !!me?.grants.some((g) => DISPATCH_ROLES.includes(g.role));

  const [selected, setSelected] = useState<CaseSummary[]>([]);
  const [bulk, setBulk] = useState(false);
  const [exporting, setExporting] = useState(false);
  useEffect(() => setSelected([]), [query]);

  const apply = (q: string) => setParams(new URLSearchParams(q));
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const r = await casesApi.exportXlsx(filter);
      if (r.capped) void message.warning(t('caseList.exportedCapped', { rows: r.rows }), 8);
      else void message.success(t('caseList.exported', { rows: r.rows }));
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<CaseSummary>['columns'] = [
    { title: t('caseList.col.number'), dataIndex: 'number', width: 128, render: (v: string) => <span className="gz-mono gz-small">{v}</span> },
    {
      title: t('caseList.col.title'),
      key: 'title',
      ellipsis: true,
      render: (_, c) => (
        <div className="gz-cell-title">
          <span title={c.title}>{c.title}</span>
          <FlagTags c={c} />
        </div>
      ),
    },
    { title: t('caseDetail.category'), key: 'category', width: 120, ellipsis: true, render: (_, c) => c.category?.name ?? <span className="gz-muted">—</span> },
    { title: t('caseList.col.status'), dataIndex: 'status', width: 84, render: (_, c) => <StatusTag status={c.status} /> },
    { title: t('caseList.col.deadline'), key: 'deadline', width: 142, render: (_, c) => <DeadlineBadge c={c} now={now} /> },
    // A 街镇's own staff see one 街镇: the column only helps those with a wider scope.
    ...(oneSubdistrict ? [] : [{ title: t('caseList.col.subdistrict'), key: 'sub', width: 96, ellipsis: true, render: (_: unknown, c: CaseSummary) => c.subdistrict?.name ?? '—' }]),
    { title: t('caseDetail.lead'), key: 'lead', width: 128, ellipsis: true, render: (_, c) => c.leadDepartment?.name ?? <span className="gz-muted">—</span> },
    { title: t('caseDetail.channel'), key: 'channel', width: 108, ellipsis: true, render: (_, c) => <span className="gz-small">{pick(caseChannelNames[c.channel])}</span> },
    { title: t('caseDetail.received'), dataIndex: 'receivedAt', width: 118, render: (v: string) => <span className="gz-small">{formatTime(v, lang)}</span> },
  ];

  return (
    <Card
      size="small"
      title={
        <span>
          {t('caseList.title')}
          {activeFilterCount(filter) > 0 && <span className="gz-muted gz-small"> · {t('caseList.filtered', { count: activeFilterCount(filter) })}</span>}
        </span>
      }
      data-testid="case-list-page"
      extra={
        <Space>
          {me && <SavedViews key={me.user.id} userId={me.user.id} query={query} onApply={apply} />}
          {mayDispatch && (
            <Button icon={<SendOutlined />} disabled={!selected.length} onClick={() => setBulk(true)} data-testid="bulk-dispatch">
              {t('caseList.bulk.button', { count: selected.length })}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="case-export">
            {t('caseList.export')}
          </Button>
        </Space>
      }
    >
      <CaseFilters value={filter} onChange={(f) => setParams(paramsFromFilter(f))} categories={categories.data} departments={depts.data?.items ?? []} scopeUnit={scopeUnit} />
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ y: 'calc(100vh - 360px)' }}
          rowSelection={mayDispatch ? { selectedRowKeys: selected.map((c) => c.id), onChange: (_, rows) => setSelected(rows), columnWidth: 36 } : undefined}
          onRow={(c) =>
            ({
              // The selection box is in the row: ticking it must not open the case.
              onClick: (e: React.MouseEvent) => !(e.target as HTMLElement).closest('.ant-table-selection-column') && navigate(`/cases/${c.id}`),
              className: 'gz-clickable',
              'data-case': c.id,
            }) as React.HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: activeFilterCount(filter) ? t('caseList.emptyFiltered') : t('caseList.empty') }}
          data-testid="case-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="case-pager" />
      {bulk && <BulkDispatchDialog cases={selected} unitCode={scopeUnit?.code} onClose={() => setBulk(false)} onFinished={() => (setSelected([]), res.reload())} />}
    </Card>
  );
}
