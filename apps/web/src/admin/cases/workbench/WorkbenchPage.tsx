import { QuestionCircleOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import type { Case, CaseAction, CaseChangeEvent, CaseStatus } from '@gongzhi/contracts';
import { caseActionNames } from '@gongzhi/contracts/case-workflow';
import { App, Badge, Button, Card, Input, Segmented, Tooltip } from 'antd';
import type { InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { casesApi } from '../../api/cases';
import { useAuth } from '../../auth/AuthContext';
import { useAsync } from '../../hooks/useAsync';
import { useLang } from '../../i18n';
import { LoadError } from '../../jurisdiction/LoadError';
import { useNow } from '../CaseTags';
import { ActionDialog } from '../detail/ActionDialog';
import { CaseDrawer } from '../detail/CaseDrawer';
import { MergeDialog } from '../detail/MergeDialog';
import { commandFor, isTyping, move, type WorkbenchCommand } from '../keyboard';
import { BulkDispatchDialog } from '../list/BulkDispatchDialog';
import { useCaseStream } from '../useCaseStream';
import { buildQueue, countReasons, queueReasons, type QueueReason } from './queue';
import { QueueList } from './QueueList';
import { ShortcutBar, ShortcutHelp } from './ShortcutHelp';
import { TriagePanel } from './TriagePanel';

const UNDER_DEPARTMENT: CaseStatus[] = ['dispatched', 'signed', 'in_progress'];
const LIMIT = 100;
const FLASH_MS = 8_000;

/** The commands that open a workflow action on the current case, and the actions they may mean. */
const ACTION_KEYS: Partial<Record<WorkbenchCommand, CaseAction[]>> = {
  dispatch: ['dispatch', 'redispatch'],
  merge: ['merge'],
  supervise: ['supervise'],
  extension: ['approve_extension'],
};

/**
 * /admin/workbench — the 城运中心 dispatcher's screen: the live queue of new, returned, overdue
 * and supervised cases and extension requests in scope (server-sent events, reconnecting), the
 * current case ready to triage on the right, and a keyboard for all of it.
 */
export function WorkbenchPage() {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const { me } = useAuth();
  const now = useNow(30_000);

  const lists = useAsync(
    (s) =>
      Promise.all([
        casesApi.list({ status: ['received', 'returned'], limit: LIMIT }, s),
        casesApi.list({ overdue: true, status: UNDER_DEPARTMENT, limit: LIMIT }, s),
        casesApi.list({ supervised: true, status: UNDER_DEPARTMENT, limit: LIMIT }, s),
        casesApi.list({ extensionRequested: true, limit: LIMIT }, s),
      ]),
    [],
  );
  const queue = useMemo(() => buildQueue((lists.data ?? []).map((p) => p.items), now), [lists.data, now]);
  const more = lists.data?.some((p) => p.nextCursor) ?? false;
  const counts = useMemo(() => countReasons(queue), [queue]);

  const [reason, setReason] = useState<QueueReason | 'all'>('all');
  const [text, setText] = useState('');
  const visible = useMemo(() => {
    const q = text.trim();
    return queue.filter((i) => (reason === 'all' || i.reasons.includes(reason)) && (!q || i.c.number.includes(q) || i.c.title.includes(q) || i.c.address.includes(q)));
  }, [queue, reason, text]);

  // The current row, kept by id; when it leaves the queue (dispatched) the row now at its place takes over.
  const [current, setCurrent] = useState<string | null>(null);
  const lastIndex = useRef(0);
  useEffect(() => {
    const i = visible.findIndex((x) => x.c.id === current);
    if (i >= 0) {
      lastIndex.current = i;
      return;
    }
    setCurrent(visible.length ? visible[Math.min(lastIndex.current, visible.length - 1)]!.c.id : null);
  }, [visible, current]);

  const [selNonce, setSelNonce] = useState(0);
  const sel = useAsync(current ? (s) => casesApi.get(current, s) : null, [current, selNonce]);
  const selEvents = useAsync(current ? (s) => casesApi.events(current, s) : null, [current, selNonce]);
  // Never act on the previous case while the next one loads.
  const selected: Case | undefined = sel.data?.id === current ? sel.data : undefined;

  const [marked, setMarked] = useState<Set<string>>(new Set());
  const [flashed, setFlashed] = useState<Set<string>>(new Set());
  const [drawer, setDrawer] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ action: CaseAction; c: Case } | null>(null);
  const [help, setHelp] = useState(false);
  const [bulk, setBulk] = useState(false);
  const search = useRef<InputRef>(null);

  const reloadAll = useCallback(() => {
    lists.reload();
    setSelNonce((n) => n + 1);
  }, [lists]);

  // Live: every change in scope reloads the queue (debounced) and flashes its row.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onEvent = useCallback(
    (e: CaseChangeEvent) => {
      setFlashed((s) => new Set(s).add(e.caseId));
      setTimeout(() => setFlashed((s) => (s.has(e.caseId) ? (s.delete(e.caseId), new Set(s)) : s)), FLASH_MS);
      if (e.action === 'intake') void message.info({ content: t('workbench.arrived', { number: e.number }), key: 'arrived' });
      clearTimeout(pending.current);
      pending.current = setTimeout(() => {
        lists.reload();
        if (e.caseId === current) setSelNonce((n) => n + 1);
      }, 300);
    },
    [lists, current, message, t],
  );
  const stream = useCaseStream(onEvent, reloadAll);
  useEffect(() => () => clearTimeout(pending.current), []);

  const toggle = (id: string) => setMarked((m) => (m.has(id) ? (m.delete(id), new Set(m)) : new Set(m).add(id)));

  const startAction = useCallback(
    (action: CaseAction) => {
      if (!selected) return;
      setDialog({ action, c: selected });
    },
    [selected],
  );

  // The keyboard: single keys, never while typing in a field or while a dialog is open.
  const run = useRef<(cmd: WorkbenchCommand) => boolean>(() => false);
  run.current = (cmd) => {
    const idx = visible.findIndex((x) => x.c.id === current);
    switch (cmd) {
      case 'next':
      case 'prev':
      case 'first':
      case 'last': {
        const i = move(idx, visible.length, cmd);
        if (i >= 0) setCurrent(visible[i]!.c.id);
        return true;
      }
      case 'open':
        if (current) setDrawer(current);
        return true;
      case 'select':
        if (current) toggle(current);
        return true;
      case 'search':
        search.current?.focus();
        return true;
      case 'refresh':
        reloadAll();
        return true;
      case 'help':
        setHelp(true);
        return true;
      default: {
        const options = ACTION_KEYS[cmd];
        if (!options || !selected) return false;
        const action = options.find((a) => selected.allowedActions.includes(a));
        if (action) startAction(action);
        else void message.warning(t('workbench.notAllowed', { action: pick(caseActionNames[options[0]!]), number: selected.number }));
        return true;
      }
    }
  };
  const blocked = !!(drawer || dialog || help || bulk);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (blocked || e.defaultPrevented) return;
      const typing = isTyping(document.activeElement);
      const cmd = commandFor(e, typing);
      if (!cmd) return;
      if (cmd === 'close') {
        if (typing) (document.activeElement as HTMLElement).blur();
        return;
      }
      // A focused button takes Enter and Space itself.
      if ((e.key === 'Enter' || e.key === ' ') && document.activeElement instanceof HTMLButtonElement) return;
      if (run.current(cmd)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [blocked]);

  const unit = me?.grants.find((g) => g.role === 'subdistrict_dispatcher' || g.role === 'district_admin')?.unit.code;
  const markedCases = queue.filter((i) => marked.has(i.c.id)).map((i) => i.c);
  const afterAction = (next: Case) => {
    setDialog(null);
    void message.success(t('caseDetail.done', { number: next.number }));
    reloadAll();
  };

  return (
    <div className="gz-wb" data-testid="workbench">
      <Card
        className="gz-wb-queue"
        size="small"
        title={
          <span className="gz-wb-qtitle">
            {t('workbench.title')}
            <Tooltip title={t(`workbench.stream.${stream}Tip`)}>
              <Badge status={stream === 'open' ? 'processing' : 'warning'} text={t(`workbench.stream.${stream}`)} className="gz-stream" data-testid="stream-state" data-state={stream} />
            </Tooltip>
          </span>
        }
        extra={
          <span>
            <Tooltip title={t('workbench.keys.refresh')}>
              <Button size="small" type="text" icon={<ReloadOutlined />} onClick={reloadAll} loading={lists.loading} aria-label={t('workbench.keys.refresh')} />
            </Tooltip>
            <Tooltip title={t('workbench.keysTitle')}>
              <Button size="small" type="text" icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)} aria-label={t('workbench.keysTitle')} data-testid="help-button" />
            </Tooltip>
          </span>
        }
      >
        <Segmented
          size="small"
          block
          value={reason}
          onChange={(v) => setReason(v as QueueReason | 'all')}
          options={[
            { value: 'all', label: `${t('workbench.all')} ${queue.length}${more ? '+' : ''}` },
            ...queueReasons.filter((r) => r !== 'duplicate').map((r) => ({ value: r, label: `${t(`workbench.chip.${r}`)} ${counts[r]}` })),
          ]}
          data-testid="queue-filter"
        />
        <div className="gz-wb-tools">
          <Input ref={search} size="small" allowClear placeholder={t('workbench.filterPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} data-testid="queue-search" />
          <Button size="small" icon={<SendOutlined />} disabled={!markedCases.length} onClick={() => setBulk(true)} data-testid="queue-bulk">
            {t('workbench.bulk', { count: markedCases.length })}
          </Button>
        </div>
        {lists.error ? (
          <LoadError error={lists.error} onRetry={lists.reload} />
        ) : (
          <QueueList items={visible} current={current} selected={marked} flashed={flashed} now={now} onPick={setCurrent} onOpen={setDrawer} onToggle={toggle} />
        )}
        <ShortcutBar onHelp={() => setHelp(true)} />
      </Card>

      <div className="gz-wb-panel">
        {current ? (
          <TriagePanel c={selected} error={sel.error} events={selected ? selEvents.data?.items : undefined} onAction={startAction} onOpen={() => setDrawer(current)} onRetry={() => setSelNonce((n) => n + 1)} />
        ) : (
          !lists.loading && <div className="gz-wb-idle">{t('workbench.idle')}</div>
        )}
      </div>

      <CaseDrawer id={drawer} onClose={() => setDrawer(null)} onChanged={() => reloadAll()} />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
      {dialog?.action === 'merge' && <MergeDialog c={dialog.c} onClose={() => setDialog(null)} onDone={afterAction} />}
      {dialog && dialog.action !== 'merge' && (
        <ActionDialog c={dialog.c} action={dialog.action} onClose={() => setDialog(null)} onDone={afterAction} onStale={() => (setDialog(null), reloadAll())} />
      )}
      {bulk && (
        <BulkDispatchDialog
          cases={markedCases}
          unitCode={unit}
          onClose={() => setBulk(false)}
          onFinished={() => {
            setMarked(new Set());
            lists.reload();
          }}
        />
      )}
    </div>
  );
}
