import { ReloadOutlined } from '@ant-design/icons';
import type { CaseStatus, CaseSummary } from '@gongzhi/contracts';
import { Badge, Button, Card, Input, Table, Tabs, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { casesApi } from '../../api/cases';
import { useAuth } from '../../auth/AuthContext';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { useCursorPages } from '../../common/useCursorPages';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { DeadlineBadge, FlagTags, StatusTag, useNow } from '../CaseTags';
import { CaseDrawer } from '../detail/CaseDrawer';
import { useCaseStream } from '../useCaseStream';

type Tab = 'to_sign' | 'handling' | 'done' | 'all';
const TAB_STATUSES: Record<Tab, CaseStatus[] | undefined> = {
  to_sign: ['dispatched'],
  handling: ['signed', 'in_progress'],
  done: ['resolved', 'verified', 'followed_up', 'closed'],
  all: undefined,
};
const PAGE_SIZE = 30;

/**
 * /admin/inbox — the department handler's cases (dispatched to the department as 主办 or 协办,
 * wherever they are): to sign, in hand, done. Most urgent deadline first while open. The case opens
 * in a drawer with the actions the workflow allows this handler: sign, start, note with photos,
 * extension request, return, resolve. Live: the list follows the case stream.
 */
export function InboxPage() {
  const { t, lang } = useLang();
  const { me } = useAuth();
  const now = useNow();
  const myDepts = useMemo(() => new Set((me?.grants ?? []).filter((g) => g.role === 'department_handler' && g.department).map((g) => g.department!.id)), [me]);
  const deptNames = (me?.grants ?? []).filter((g) => g.role === 'department_handler' && g.department).map((g) => g.department!.name);

  const [tab, setTab] = useState<Tab>('to_sign');
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const sort = tab === 'done' || tab === 'all' ? 'received_desc' : 'due_asc';
  const res = useAsync((s) => casesApi.list({ status: TAB_STATUSES[tab], q: q || undefined, sort, limit: PAGE_SIZE, cursor: pages.cursor }, s), [tab, q, pages.cursor]);
  // The counts on the tabs that need the handler: what waits to be signed and what is in hand.
  const counts = useAsync(
    (s) => Promise.all([casesApi.list({ status: TAB_STATUSES.to_sign, limit: 200 }, s), casesApi.list({ status: TAB_STATUSES.handling, limit: 200 }, s)]),
    [],
  );
  const [open, setOpen] = useState<string | null>(null);

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    res.reload();
    counts.reload();
  }, [res, counts]);
  const stream = useCaseStream(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(refresh, 300);
  }, refresh);

  const role = (c: CaseSummary) => (c.leadDepartment && myDepts.has(c.leadDepartment.id) ? 'lead' : 'assist');
  const count = (i: 0 | 1) => {
    const p = counts.data?.[i];
    return p ? `${p.items.length}${p.nextCursor ? '+' : ''}` : '…';
  };

  const columns: TableProps<CaseSummary>['columns'] = [
    { title: t('caseList.col.number'), dataIndex: 'number', width: 140, render: (v: string) => <span className="gz-mono gz-small">{v}</span> },
    {
      title: t('inbox.role'),
      key: 'role',
      width: 70,
      render: (_, c) => (role(c) === 'lead' ? <Tag color="blue">{t('inbox.lead')}</Tag> : <Tag>{t('inbox.assist')}</Tag>),
    },
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
    { title: t('caseDetail.category'), key: 'category', width: 120, ellipsis: true, render: (_, c) => c.category?.name ?? '—' },
    { title: t('caseList.col.status'), key: 'status', width: 84, render: (_, c) => <StatusTag status={c.status} /> },
    { title: t('caseList.col.deadline'), key: 'deadline', width: 150, render: (_, c) => <DeadlineBadge c={c} now={now} /> },
    { title: t('caseDetail.place'), key: 'place', width: 170, ellipsis: true, render: (_, c) => [c.subdistrict?.name, c.address].filter(Boolean).join(' · ') || '—' },
    { title: t('caseDetail.received'), dataIndex: 'receivedAt', width: 132, render: (v: string) => <span className="gz-small">{formatTime(v, lang)}</span> },
  ];

  return (
    <Card
      size="small"
      data-testid="inbox-page"
      title={
        <span>
          {t('inbox.title')}
          <span className="gz-muted gz-small"> · {deptNames.join('、')}</span>
          <Tooltip title={t(`workbench.stream.${stream}Tip`)}>
            <Badge status={stream === 'open' ? 'processing' : 'warning'} text={t(`workbench.stream.${stream}`)} className="gz-stream" data-testid="stream-state" data-state={stream} />
          </Tooltip>
        </span>
      }
      extra={
        <span className="gz-inbox-tools">
          <Input.Search allowClear placeholder={t('caseList.searchPlaceholder')} onSearch={(v) => (setQ(v.trim()), pages.reset())} style={{ width: 240 }} data-testid="inbox-search" />
          <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('workbench.keys.refresh')} />
        </span>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => (setTab(k as Tab), pages.reset())}
        items={[
          { key: 'to_sign', label: `${t('inbox.tab.to_sign')} ${count(0)}` },
          { key: 'handling', label: `${t('inbox.tab.handling')} ${count(1)}` },
          { key: 'done', label: t('inbox.tab.done') },
          { key: 'all', label: t('inbox.tab.all') },
        ]}
        data-testid="inbox-tabs"
      />
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
          scroll={{ y: 'calc(100vh - 330px)' }}
          onRow={(c) => ({ onClick: () => setOpen(c.id), className: 'gz-clickable', 'data-case': c.id }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t(`inbox.empty.${tab}`) }}
          data-testid="inbox-table"
        />
      )}
      <CursorPager page={pages.page} nextCursor={res.data?.nextCursor} loading={res.loading} onPrev={pages.prev} onNext={pages.next} testId="inbox-pager" />
      <CaseDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />
    </Card>
  );
}
