import type { VerificationKind, VerificationTask } from '@gongzhi/contracts';
import { verificationKindNames, verificationKinds } from '@gongzhi/contracts/community-labels';
import { App, Button, Card, Checkbox, Empty, Grid, List, Select, Space, Spin, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type TaskFilter, verificationApi } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { CursorPager } from '../../common/CursorPager';
import { formatTime } from '../../common/format';
import { UnitPicker } from '../../common/UnitPicker';
import { useCursorPages } from '../../common/useCursorPages';
import { useLang } from '../../i18n';
import { ProgressView } from './ProgressView';
import { AssignDialog, CloseDialog } from './TaskDialogs';
import './verification.css';

const kindColor: Record<VerificationKind, string> = { conflict: 'red', stale: 'orange', missing_fields: 'gold' };

/** What to check, in words (every value in a task is already masked by the server). */
function useDetail() {
  const { t, lang } = useLang();
  return (task: VerificationTask): string => {
    const d = task.detail;
    if (task.kind === 'missing_fields') {
      const fields = (Array.isArray(d.missing) ? d.missing : []).map((f) => (f === 'phone' ? t('cv.detail.phone') : String(f)));
      return t('cv.detail.missing', { fields: fields.join('、') });
    }
    if (task.kind === 'stale') return d.verifiedAt ? t('cv.detail.lastVerified', { at: formatTime(String(d.verifiedAt), lang).slice(0, 10) }) : t('cv.detail.neverVerified');
    return Object.entries(d)
      .map(([k, v]) => (k === 'reason' ? String(v) : `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`))
      .join('；');
  };
}

/** 核查任务: the tasks in scope (a grid worker's own by default), bulk assignment, completion, progress. */
export function VerificationPage() {
  const { t, pick, lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const manage = can('verification.manage');
  const narrow = !Grid.useBreakpoint().md;
  const detailOf = useDetail();
  // ?unit= opens the list on one area (links from elsewhere, and the progress view).
  const [params] = useSearchParams();
  const [filter, setFilter] = useState<TaskFilter>(() => ({ status: 'open', mine: !manage, unit: params.get('unit') ?? undefined }));
  const [data, setData] = useState<{ items: VerificationTask[]; nextCursor: string | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState<string[] | null>(null);
  const [closing, setClosing] = useState<{ id: string; mode: 'complete' | 'dismiss' } | null>(null);
  const [generating, setGenerating] = useState(false);
  const pages = useCursorPages();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    verificationApi.list({ ...filter, limit: narrow ? 20 : 50, cursor: pages.cursor }, ctrl.signal).then(
      (d) => {
        setData(d);
        setSelected((s) => s.filter((id) => d.items.some((x) => x.id === id)));
        setLoading(false);
      },
      (e: Error) => {
        if (e.name === 'AbortError') return;
        message.error(e.message);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [filter, pages.cursor, tick, narrow, message]);

  const change = (patch: Partial<TaskFilter>) => {
    pages.reset();
    setFilter((f) => ({ ...f, ...patch }));
  };
  const generate = async () => {
    setGenerating(true);
    try {
      const r = await verificationApi.generate(filter.unit);
      message.success(t('cv.generated', { stale: r.opened.stale, missing: r.opened.missing_fields, open: r.openTotal }));
      reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setGenerating(false);
    }
  };
  const actions = (r: VerificationTask) =>
    r.status === 'open' && (
      <Space size={4} wrap>
        <Button size="small" type="primary" onClick={() => setClosing({ id: r.id, mode: 'complete' })} data-testid="task-complete">
          {t('cv.complete')}
        </Button>
        {manage && (
          <>
            <Button size="small" onClick={() => setAssigning([r.id])} data-testid="task-assign">
              {t('cv.assign')}
            </Button>
            <Button size="small" danger type="text" onClick={() => setClosing({ id: r.id, mode: 'dismiss' })}>
              {t('cv.dismiss')}
            </Button>
          </>
        )}
      </Space>
    );
  const kindTag = (k: VerificationKind) => <Tag color={kindColor[k]}>{pick(verificationKindNames[k])}</Tag>;
  const who = (r: VerificationTask) => (r.resident ? `${r.resident.name} · ${r.resident.idNumber}` : t('cv.noResident'));

  const filters = (
    <Space wrap className="gz-cv-filters">
      <Select
        value={filter.kind ?? ''}
        onChange={(v) => change({ kind: (v || undefined) as VerificationKind | undefined })}
        style={{ width: 160 }}
        options={[{ value: '', label: t('cv.filters.allKinds') }, ...verificationKinds.map((k) => ({ value: k, label: pick(verificationKindNames[k]) }))]}
        data-testid="filter-kind"
      />
      <Select
        value={filter.status}
        onChange={(v) => change({ status: v })}
        style={{ width: 120 }}
        options={(['open', 'done', 'dismissed', 'all'] as const).map((s) => ({ value: s, label: t(`cv.status.${s}`) }))}
      />
      {!narrow && <UnitPicker value={filter.unit} onChange={(v) => change({ unit: v })} allowClear placeholder={t('cv.filters.unit')} style={{ width: 240 }} />}
      {manage && !narrow && (
        <Select
          value={filter.assignee ?? ''}
          onChange={(v) => change({ assignee: v || undefined, mine: false })}
          style={{ width: 120 }}
          options={[
            { value: '', label: t('cv.filters.assignee') },
            { value: 'none', label: t('cv.filters.unassigned') },
          ]}
        />
      )}
      <Checkbox checked={!!filter.mine} onChange={(e) => change({ mine: e.target.checked, assignee: undefined })} data-testid="filter-mine">
        {t('cv.filters.mine')}
      </Checkbox>
      {manage && (
        <Tooltip title={t('cv.generateHint')}>
          <Button onClick={() => void generate()} loading={generating} data-testid="generate">
            {t('cv.generate')}
          </Button>
        </Tooltip>
      )}
      {manage && !narrow && (
        <Button type="primary" disabled={selected.length === 0} onClick={() => setAssigning(selected)} data-testid="assign-selected">
          {t('cv.assignSelected', { n: selected.length })}
        </Button>
      )}
    </Space>
  );

  const list = narrow ? (
    <List
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: <Empty description={t('cv.empty')} /> }}
      renderItem={(r) => (
        <Card size="small" className="gz-cv-card" data-testid="task-card">
          <div className="gz-cv-card-head">
            {kindTag(r.kind)}
            <span className="gz-cv-who">{who(r)}</span>
          </div>
          <div className="gz-cv-line">{r.address ?? r.neighborhood.name}</div>
          <div className="gz-cv-line gz-cv-detail">{detailOf(r)}</div>
          {r.resident?.phone && <div className="gz-cv-line">{r.resident.phone}</div>}
          {r.status !== 'open' && r.note && <div className="gz-cv-line">{t('cv.detail.note', { note: r.note })}</div>}
          <div className="gz-cv-card-actions">{actions(r)}</div>
        </Card>
      )}
    />
  ) : (
    <Table<VerificationTask>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={data?.items ?? []}
      locale={{ emptyText: <Empty description={t('cv.empty')} /> }}
      rowSelection={manage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ disabled: r.status !== 'open' }) } : undefined}
      data-testid="task-table"
      columns={[
        { title: t('cv.cols.kind'), width: 124, render: (_v, r) => kindTag(r.kind) },
        { title: t('cv.cols.resident'), width: 200, render: (_v, r) => who(r) },
        {
          title: t('cv.cols.address'),
          render: (_v, r) => (
            <>
              <div>{r.address ?? '—'}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.neighborhood.name}
              </Typography.Text>
            </>
          ),
        },
        { title: t('cv.cols.detail'), width: 160, render: (_v, r) => (r.status !== 'open' && r.note ? `${detailOf(r)}（${r.note}）` : detailOf(r)) },
        { title: t('cv.cols.assignee'), width: 100, render: (_v, r) => r.assignee?.name ?? <Tag>{t('cv.unassignedTag')}</Tag> },
        { title: t('cv.cols.created'), width: 96, render: (_v, r) => formatTime(r.createdAt, lang).slice(0, 10) },
        { title: t('cv.cols.actions'), width: manage ? 200 : 100, render: (_v, r) => actions(r) || t(`cv.status.${r.status}`) },
      ]}
    />
  );

  return (
    <div className="gz-cv" data-testid="verification-page">
      <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>
        {t('cv.title')}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'tasks',
            label: t('cv.tabs.tasks'),
            children: (
              <>
                {filters}
                {!data && loading ? <Spin /> : list}
                <CursorPager page={pages.page} nextCursor={data?.nextCursor} loading={loading} onPrev={pages.prev} onNext={pages.next} />
              </>
            ),
          },
          { key: 'progress', label: t('cv.tabs.progress'), children: <ProgressView /> },
        ]}
      />
      <AssignDialog
        taskIds={assigning}
        unit={filter.unit}
        onClose={() => setAssigning(null)}
        onDone={() => {
          setAssigning(null);
          setSelected([]);
          reload();
        }}
      />
      <CloseDialog
        task={closing?.id ?? null}
        mode={closing?.mode ?? 'complete'}
        onClose={() => setClosing(null)}
        onDone={() => {
          setClosing(null);
          reload();
        }}
      />
    </div>
  );
}
