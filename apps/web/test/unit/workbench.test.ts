import type { CaseSummary } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import { homePath } from '../../src/admin/auth/paths';
import { deadlineBadge, spanParts, toneRank, type DeadlineInput } from '../../src/admin/cases/deadlines';
import { actionFields, orderActions, primaryAction } from '../../src/admin/cases/detail/actionForm';
import { commandFor, isTyping, move, workbenchKeys } from '../../src/admin/cases/keyboard';
import { addView, boundDays, dayBounds, filterFromParams, loadViews, MAX_VIEWS, paramsFromFilter, saveViews, viewsKey } from '../../src/admin/cases/list/filters';
import { bulkActionFor } from '../../src/admin/cases/list/bulk';
import { buildQueue, countReasons, reasonsOf } from '../../src/admin/cases/workbench/queue';

const H = 3_600_000;
const NOW = Date.parse('2025-11-28T10:00:00+08:00');
const at = (ms: number) => new Date(NOW + ms).toISOString();

function input(status: DeadlineInput['status'], d: Partial<DeadlineInput['deadlines']> = {}): DeadlineInput {
  return { status, deadlines: { signDueAt: null, handleDueAt: at(48 * H), followUpDueAt: null, warning: 'none', overdue: false, paused: false, ...d } };
}

describe('deadline badge colour', () => {
  it('is green with time left, yellow in the warning window, red when the server says overdue', () => {
    expect(deadlineBadge(input('in_progress'), NOW)).toMatchObject({ tone: 'ok', clock: 'handle', leftMs: 48 * H });
    expect(deadlineBadge(input('in_progress', { warning: 'yellow' }), NOW).tone).toBe('yellow');
    expect(deadlineBadge(input('in_progress', { warning: 'red' }), NOW).tone).toBe('red');
    expect(deadlineBadge(input('signed', { overdue: true }), NOW).tone).toBe('red');
  });

  it('turns red as soon as the deadline passes, before the deadline job marks the case', () => {
    const c = input('in_progress', { handleDueAt: at(-5 * 60_000) });
    expect(deadlineBadge(c, NOW)).toMatchObject({ tone: 'red', leftMs: -5 * 60_000 });
  });

  it('warns yellow when a dispatched case is not signed in time', () => {
    expect(deadlineBadge(input('dispatched', { signDueAt: at(-H) }), NOW)).toMatchObject({ tone: 'yellow', clock: 'sign' });
    expect(deadlineBadge(input('signed', { signDueAt: at(-H) }), NOW).tone).toBe('ok');
  });

  it('is grey while an extension request pauses the clock, and absent once the case is finished', () => {
    expect(deadlineBadge(input('in_progress', { paused: true, overdue: true }), NOW).tone).toBe('paused');
    for (const s of ['closed', 'merged', 'cancelled'] as const) expect(deadlineBadge(input(s, { overdue: true }), NOW).tone).toBe('none');
    expect(deadlineBadge(input('received', { handleDueAt: null }), NOW).tone).toBe('none');
  });

  it('follows the follow-up clock after resolution', () => {
    expect(deadlineBadge(input('resolved', { followUpDueAt: at(2 * H), overdue: true }), NOW)).toMatchObject({ tone: 'ok', clock: 'followUp' });
    expect(deadlineBadge(input('verified', { followUpDueAt: at(-2 * H) }), NOW)).toMatchObject({ tone: 'red', clock: 'followUp' });
    expect(deadlineBadge(input('resolved'), NOW).tone).toBe('none');
  });

  it('ranks red before yellow before the rest, and says spans in days/hours or hours/minutes', () => {
    expect([toneRank('ok'), toneRank('red'), toneRank('yellow'), toneRank('paused')]).toEqual([3, 0, 1, 2]);
    expect(spanParts(27 * H + 30 * 60_000)).toEqual({ days: 1, hours: 3, minutes: 0 });
    expect(spanParts(-(2 * H + 5 * 60_000))).toEqual({ days: 0, hours: 2, minutes: 5 });
  });
});

describe('workbench keyboard map', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ...mods });

  it('maps single keys to commands', () => {
    expect(commandFor(key('j'), false)).toBe('next');
    expect(commandFor(key('ArrowDown'), false)).toBe('next');
    expect(commandFor(key('k'), false)).toBe('prev');
    expect(commandFor(key('Enter'), false)).toBe('open');
    expect(commandFor(key('d'), false)).toBe('dispatch');
    expect(commandFor(key('D'), false)).toBe('dispatch'); // caps lock
    expect(commandFor(key('G'), false)).toBe('last');
    expect(commandFor(key('g'), false)).toBe('first');
    expect(commandFor(key('m'), false)).toBe('merge');
    expect(commandFor(key('?'), false)).toBe('help');
    expect(commandFor(key('q'), false)).toBeNull();
  });

  it('leaves browser shortcuts and typing alone, except Escape', () => {
    expect(commandFor(key('d', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(key('r', { metaKey: true }), false)).toBeNull();
    expect(commandFor(key('j'), true)).toBeNull();
    expect(commandFor(key('Enter'), true)).toBeNull();
    expect(commandFor(key('Escape'), true)).toBe('close');
  });

  it('knows which elements take typing', () => {
    const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as Element;
    expect(isTyping(el('INPUT', { type: 'text' }))).toBe(true);
    expect(isTyping(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTyping(el('TEXTAREA'))).toBe(true);
    expect(isTyping(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTyping(el('BUTTON'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });

  it('moves within the list without wrapping', () => {
    expect(move(0, 3, 'next')).toBe(1);
    expect(move(2, 3, 'next')).toBe(2);
    expect(move(0, 3, 'prev')).toBe(0);
    expect(move(-1, 3, 'next')).toBe(0);
    expect(move(1, 3, 'last')).toBe(2);
    expect(move(2, 3, 'first')).toBe(0);
    expect(move(0, 0, 'next')).toBe(-1);
  });

  it('has one command per key and a label for each entry (the help is the table)', () => {
    const keys = workbenchKeys.flatMap((k) => k.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(workbenchKeys.every((k) => k.label.length > 0)).toBe(true);
  });
});

function summary(id: string, over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id,
    number: `2025112800000${id}`,
    channel: 'hotline_12345',
    type: 'complaint',
    category: null,
    status: 'received',
    urgent: false,
    title: `案件${id}`,
    address: '',
    location: [121.42, 31.22],
    subdistrict: null,
    leadDepartment: null,
    deadlines: { signDueAt: null, handleDueAt: at(48 * H), followUpDueAt: null, warning: 'none', overdue: false, paused: false, calendarKnown: true },
    flags: { extensionRequested: false, extensionsApproved: 0, supervised: false, escalationLevel: 0, reopenCount: 0, satisfaction: null },
    receivedAt: at(-Number(id) * H),
    updatedAt: at(0),
    duplicateOfId: null,
    ...over,
  };
}

describe('dispatcher queue', () => {
  it('merges the lists, each case once, red first, then the newest', () => {
    const red = summary('5', { status: 'in_progress', deadlines: { ...summary('5').deadlines, overdue: true }, flags: { ...summary('5').flags, supervised: true } });
    const q = buildQueue([[summary('3'), summary('1')], [red], [red], [summary('2', { status: 'returned' })]], NOW);
    expect(q.map((i) => i.c.id)).toEqual(['5', '1', '2', '3']);
    expect(q[0]!.reasons).toEqual(['overdue', 'supervised']);
    expect(countReasons(q)).toMatchObject({ new: 2, returned: 1, overdue: 1, supervised: 1, extension: 0 });
  });

  it('names why a case is there, and drops a case with no reason left', () => {
    expect(reasonsOf(summary('1', { duplicateOfId: 'x' }), NOW)).toEqual(['new', 'duplicate']);
    const late = summary('2', { deadlines: { ...summary('2').deadlines, handleDueAt: at(-H) } });
    expect(reasonsOf(late, NOW)).toEqual(['new', 'overdue']);
    expect(reasonsOf(summary('1', { status: 'signed', flags: { ...summary('1').flags, extensionRequested: true } }), NOW)).toEqual(['extension']);
    expect(buildQueue([[summary('1', { status: 'signed' })]], NOW)).toEqual([]);
  });
});

describe('case list filters and saved views', () => {
  it('round-trips a filter through the URL in a stable order, dropping what the API would refuse', () => {
    const p = new URLSearchParams('status=received,nonsense,returned&category=B0102&overdue=true&supervised=maybe&unit=31010500&department=x&q=%20垃圾%20&sort=due_asc&warning=red');
    const f = filterFromParams(p);
    expect(f).toEqual({ status: ['received', 'returned'], category: 'B0102', overdue: true, q: '垃圾', sort: 'due_asc', warning: 'red' });
    expect(paramsFromFilter(f).toString()).toBe('q=%E5%9E%83%E5%9C%BE&status=received%2Creturned&category=B0102&overdue=true&warning=red&sort=due_asc');
    expect(filterFromParams(paramsFromFilter(f))).toEqual(f);
  });

  it('turns picked days into Shanghai bounds, the end day included, and back', () => {
    const b = dayBounds('2025-11-01', '2025-11-30');
    expect(b).toEqual({ from: '2025-11-01T00:00:00+08:00', to: '2025-12-01T00:00:00+08:00' });
    expect(boundDays(b)).toEqual({ fromDay: '2025-11-01', toDay: '2025-11-30' });
  });

  it('keeps saved views per user, newest first, same name replaced, capped', () => {
    const mem = new Map<string, string>();
    const store = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    let views = addView([], '超期', 'overdue=true', 'a');
    views = addView(views, '新华路垃圾', 'q=垃圾', 'b');
    views = addView(views, '超期', 'overdue=true&sort=due_asc', 'c');
    expect(views.map((v) => v.name)).toEqual(['超期', '新华路垃圾']);
    saveViews(store, 'u1', views);
    expect(loadViews(store, 'u1')).toEqual(views);
    expect(loadViews(store, 'u2')).toEqual([]);
    mem.set(viewsKey('u3'), '{not json');
    expect(loadViews(store, 'u3')).toEqual([]);
    for (let i = 0; i < 30; i++) views = addView(views, `v${i}`, '', `id${i}`);
    expect(views.length).toBe(MAX_VIEWS);
  });
});

describe('action forms', () => {
  it('asks for what each action carries', () => {
    expect(actionFields('dispatch', false)).toMatchObject({ departments: true, complex: true, reason: 'optional', photos: false });
    expect(actionFields('return', true)).toMatchObject({ reason: 'required', danger: true, photos: true });
    expect(actionFields('request_extension', true)).toMatchObject({ reason: 'required', extensionDays: 'request' });
    expect(actionFields('approve_extension', false)).toMatchObject({ extensionDays: 'grant' });
    expect(actionFields('resolve', false)).toMatchObject({ publicNote: 'required', photos: true });
    expect(actionFields('add_note', false)).toMatchObject({ reason: 'note', photos: true });
    expect(actionFields('sign', false)).toMatchObject({ instant: true, reason: 'none' });
  });

  it('orders the buttons with the step that moves the case forward first', () => {
    expect(orderActions(['cancel', 'merge', 'dispatch', 'add_note'])).toEqual(['dispatch', 'add_note', 'merge', 'cancel']);
    expect(primaryAction(['add_note', 'return', 'sign'])).toBe('sign');
    expect(primaryAction(['add_note'])).toBeNull();
  });

  it('dispatches a received case and redispatches the others in bulk', () => {
    expect(bulkActionFor({ status: 'received' })).toBe('dispatch');
    expect(bulkActionFor({ status: 'returned' })).toBe('redispatch');
  });
});

describe('home page by role', () => {
  const caseStaff = ['case.read', 'case.create', 'case.act', 'jurisdiction.read'] as const;
  it('sends dispatchers to the workbench, handlers to their inbox, grid workers to their patrol page; others keep their pages', () => {
    expect(homePath([...caseStaff, 'case.import'], ['subdistrict_dispatcher'])).toBe('/workbench');
    expect(homePath(['case.read', 'case.act', 'jurisdiction.read'], ['department_handler'])).toBe('/inbox');
    expect(homePath([...caseStaff], ['grid_worker'])).toBe('/grid/patrol');
    expect(homePath([...caseStaff], ['neighborhood_staff'])).toBe('/jurisdictions');
    expect(homePath([...caseStaff])).toBe('/jurisdictions');
  });
});
