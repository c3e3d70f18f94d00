import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bossOptions } from '../../src/jobs/pg-boss.js';
import { parseWorkHours, toShanghaiIso, WorkingCalendar } from '../../src/modules/calendar/working-calendar.js';
import { DeadlineJob, type DeadlineScanResult } from '../../src/modules/cases/deadline-job.js';
import { DeadlineScheduler } from '../../src/modules/cases/deadline-scheduler.js';
import { handlingDeadlines } from '../../src/modules/cases/deadlines.js';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, getCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const at = (iso: string) => new Date(iso);
const cal = new WorkingCalendar({ workHours: parseWorkHours('09:00-17:30')!, unknownYears: 'weekends' });
const rule = { caseType: null, categoryCode: null, signWorkingHours: 1, urgentSignHours: 2, handleWorkingDays: 5, complexWorkingDays: 15, followUpWorkingDays: 1, warnRatio: 0.75 };
const DISPATCHED = at('2025-09-30T10:00:00+08:00');
const nothing = { yellow: 0, red: 0, signOverdue: 0, supervised: 0, escalated: 0, notices: 0, deferred: 0, capped: false };

describe.skipIf(!testDbAvailable())('deadline job: warnings, overdue, 督办, escalation, notices', () => {
  let t: TestApp;
  let job: DeadlineJob;
  let dispatcher: Session;
  let otherDispatcher: Session;
  let handler: Session;
  let admin: Session;
  let resident: Session;
  let cgzf: string;
  let where: [number, number];
  let caseId: string;

  const scan = async (iso: string) => {
    const { ms: _ms, ...counts } = await job.scan(at(iso));
    return counts;
  };
  const notices = async (s: Session, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/cases/notifications${query}`, headers: s.headers });
    return { status: res.statusCode, body: res.json() };
  };

  /** A case dispatched to the district 城管 bureau, its clock set as if dispatched on 2025-09-30 10:00 (just before National Day). */
  async function caseBeforeHoliday(description: string): Promise<string> {
    const created = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description, location: where, address: '番禺路 100 号' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.case.id as string;
    const r = await act(t.app, dispatcher, id, 'redispatch', { leadDepartmentId: cgzf });
    expect(r.status).toBe(200);
    const dl = handlingDeadlines(cal, rule, DISPATCHED, { urgent: false, complex: false });
    await t.ctx.db
      .updateTable('case_record')
      .set({ dispatched_at: DISPATCHED, sign_due_at: dl.signDueAt, handle_due_at: dl.handleDueAt, warn_at: dl.warnAt })
      .where('id', '=', id)
      .execute();
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_ESCALATE_AFTER_DAYS: '2' });
    job = new DeadlineJob(t.ctx, { batchSize: 2 });
    [dispatcher, otherDispatcher, handler, admin, resident] = await Promise.all(
      ['dispatcher.xinhua', 'dispatcher.hongqiao', 'handler.chengguan', 'district.admin', 'resident.demo'].map((u) => loginAs(t.app, u)),
    );
    cgzf = await departmentId(t, '310105-CGZF');
    where = await pointIn(t, '310105004001001');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts the deadline across the National Day holiday', () => {
    const dl = handlingDeadlines(cal, rule, DISPATCHED, { urgent: false, complex: false });
    // 5 working days: 10-09, 10-10, 10-11 (Saturday make-up day), 10-13, 10-14 — not 10-07.
    expect(toShanghaiIso(dl.handleDueAt)).toBe('2025-10-14T17:30:00+08:00');
    expect(toShanghaiIso(dl.warnAt)).toBe('2025-10-13T13:30:00+08:00');
    expect(toShanghaiIso(dl.signDueAt)).toBe('2025-09-30T11:00:00+08:00');
  });

  it('reports a missed signing deadline once', async () => {
    caseId = await caseBeforeHoliday('小区门口每天晚上有无证摊贩占道经营，油烟很大');
    expect(await scan('2025-09-30T10:59:00+08:00')).toEqual(nothing);
    expect(await scan('2025-09-30T11:01:00+08:00')).toMatchObject({ signOverdue: 1, notices: 1 });
    expect(await scan('2025-09-30T11:05:00+08:00')).toEqual(nothing);
    for (const a of ['sign', 'start']) expect((await act(t.app, handler, caseId, a)).status).toBe(200);
  });

  it('turns yellow at 75 % of the working time, then red after the due moment, and supervises once', async () => {
    expect(await scan('2025-10-13T13:29:00+08:00')).toEqual(nothing);
    expect(await scan('2025-10-13T13:31:00+08:00')).toMatchObject({ yellow: 1, red: 0, notices: 1 });
    let c = (await getCase(t.app, dispatcher, caseId)).body;
    expect(c).toMatchObject({ deadlines: { warning: 'yellow', overdue: false }, status: 'in_progress' });
    expect(c.flags.supervised).toBe(false);

    expect(await scan('2025-10-14T17:29:00+08:00')).toEqual(nothing);
    expect(await scan('2025-10-14T17:31:00+08:00')).toMatchObject({ red: 1, supervised: 1, notices: 1, escalated: 0 });
    c = (await getCase(t.app, dispatcher, caseId)).body;
    expect(c).toMatchObject({ deadlines: { warning: 'red', overdue: true }, status: 'in_progress' });
    expect(c.flags).toMatchObject({ supervised: true, escalationLevel: 0 });
    // Running again adds nothing.
    expect(await scan('2025-10-14T17:31:00+08:00')).toEqual(nothing);
    expect(await scan('2025-10-15T10:00:00+08:00')).toEqual(nothing);

    const events = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/events`, headers: dispatcher.headers })).json();
    const sup = events.items.filter((e: { action: string }) => e.action === 'supervise');
    expect(sup).toHaveLength(1);
    expect(sup[0]).toMatchObject({ actor: '系统', actorRole: 'system', note: '超过办理时限，系统自动督办' });
  });

  it('lists it under overdue=true', async () => {
    const list = async (q: string) => (await t.app.inject({ method: 'GET', url: `/api/cases?${q}`, headers: dispatcher.headers })).json();
    expect((await list('overdue=true')).items.map((x: { id: string }) => x.id)).toContain(caseId);
    expect((await list('overdue=false')).items.map((x: { id: string }) => x.id)).not.toContain(caseId);
    expect((await list('warning=red&supervised=true')).items.map((x: { id: string }) => x.id)).toContain(caseId);
  });

  it('escalates after 2 working days overdue, and again after each further 2', async () => {
    expect(await scan('2025-10-16T17:29:00+08:00')).toEqual(nothing);
    expect(await scan('2025-10-16T17:31:00+08:00')).toMatchObject({ escalated: 1, notices: 1 });
    expect(await scan('2025-10-17T09:00:00+08:00')).toEqual(nothing);
    expect((await getCase(t.app, admin, caseId)).body.flags.escalationLevel).toBe(1);
    // 10-17 (Fri), 10-20 (Mon): the weekend does not count.
    expect(await scan('2025-10-20T17:29:00+08:00')).toEqual(nothing);
    expect(await scan('2025-10-20T17:31:00+08:00')).toMatchObject({ escalated: 1 });
    expect((await getCase(t.app, admin, caseId)).body.flags.escalationLevel).toBe(2);
    const rows = await t.ctx.db.selectFrom('case_notification').select(['kind', 'message']).where('case_id', '=', caseId).orderBy('id').execute();
    expect(rows.map((r) => r.kind)).toEqual(['sign_overdue', 'yellow', 'overdue', 'escalated', 'escalated']);
    expect(rows[4]!.message).toContain('超过办理时限 4 个工作日仍未办结，已升级至区级督办（第 2 次升级）');
  });

  it('shows notices to the people in charge: by place, by department, escalations to the district only', async () => {
    const kinds = async (s: Session) => (await notices(s, `?caseId=${caseId}`)).body.items.map((n: { kind: string }) => n.kind);
    expect(await kinds(dispatcher)).toEqual(['overdue', 'yellow', 'sign_overdue']);
    expect(await kinds(admin)).toEqual(['escalated', 'escalated', 'overdue', 'yellow', 'sign_overdue']);
    expect(await kinds(handler)).toEqual(['escalated', 'escalated', 'overdue', 'yellow', 'sign_overdue']);
    expect(await kinds(otherDispatcher)).toEqual([]);
    expect((await notices(resident)).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/cases/notifications' })).statusCode).toBe(401);

    const esc = (await notices(admin, `?caseId=${caseId}&kind=escalated`)).body.items[0];
    expect(esc).toMatchObject({ path: '310105', department: { id: cgzf }, readAt: null, case: { id: caseId, status: 'in_progress' } });

    // Pages, newest first.
    const p1 = (await notices(handler, `?caseId=${caseId}&limit=2`)).body;
    expect(p1.items).toHaveLength(2);
    const p2 = (await notices(handler, `?caseId=${caseId}&limit=2&cursor=${p1.nextCursor}`)).body;
    expect(p2.items.map((n: { id: string }) => n.id)).not.toContain(p1.items[0].id);
    expect(Number(p2.items[0].id)).toBeLessThan(Number(p1.items[1].id));

    // Read once; the first reader stays; out of scope is 404.
    const yellow = (await notices(dispatcher, `?caseId=${caseId}&kind=yellow`)).body.items[0];
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/notifications/${yellow.id}/read`, headers: otherDispatcher.headers })).statusCode).toBe(404);
    const read = await t.app.inject({ method: 'POST', url: `/api/cases/notifications/${yellow.id}/read`, headers: dispatcher.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ readBy: { id: dispatcher.userId, name: 'dispatcher.xinhua' } });
    expect(read.json().readAt).toMatch(/\+08:00$/);
    const again = await t.app.inject({ method: 'POST', url: `/api/cases/notifications/${yellow.id}/read`, headers: handler.headers });
    expect(again.json().readBy.id).toBe(dispatcher.userId);
    const unread = (await notices(handler, `?caseId=${caseId}&unread=true`)).body.items.map((n: { id: string }) => n.id);
    expect(unread).toHaveLength(4);
    expect(unread).not.toContain(yellow.id);
  });

  it('warns again on a restarted clock (redispatch)', async () => {
    const r = await act(t.app, dispatcher, caseId, 'redispatch', { leadDepartmentId: cgzf });
    expect(r.body.deadlines).toMatchObject({ warning: 'none', overdue: false });
    const row = await t.ctx.db.selectFrom('case_record').select(['handle_due_at', 'escalate_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const after = new Date(+row.handle_due_at! + 60_000).toISOString();
    expect(await scan(after)).toMatchObject({ red: 1, signOverdue: 1, supervised: 0 });
    const overdue = await t.ctx.db.selectFrom('case_notification').select('id').where('case_id', '=', caseId).where('kind', '=', 'overdue').execute();
    expect(overdue).toHaveLength(2);
    // The escalation clock starts again from the new deadline.
    const esc = await t.ctx.db.selectFrom('case_record').select('escalate_at').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(+esc.escalate_at!).toBeGreaterThan(+row.handle_due_at!);
  });

  it('pauses while an extension request is pending, and resumes on the decision', async () => {
    const id = await caseBeforeHoliday('路边无证摊贩夜间经营，垃圾随意丢弃');
    for (const a of ['sign', 'start']) expect((await act(t.app, handler, id, a)).status).toBe(200);
    expect((await act(t.app, handler, id, 'request_extension', { reason: '需协调市场监管部门联合执法' })).status).toBe(200);
    const counts = async () => (await t.ctx.db.selectFrom('case_notification').select('kind').where('case_id', '=', id).execute()).map((n) => n.kind);
    await scan('2025-10-20T09:00:00+08:00');
    expect((await getCase(t.app, dispatcher, id)).body.deadlines).toMatchObject({ warning: 'none', overdue: false, paused: true });
    expect(await counts()).toEqual([]);

    const approved = await act(t.app, dispatcher, id, 'approve_extension', { extensionWorkingDays: 3 });
    expect(approved.status).toBe(200);
    const row = await t.ctx.db.selectFrom('case_record').select(['handle_due_at', 'warn_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await scan(new Date(+row.warn_at! - 60_000).toISOString())).toMatchObject({ yellow: 0, red: 0 });
    expect(await scan(new Date(+row.handle_due_at! + 60_000).toISOString())).toMatchObject({ red: 1, supervised: 1 });
    expect(await counts()).toEqual(['overdue']);
  });

  it('runs on schedule through pg-boss: one scan at a time across instances, as the runtime role on PostgreSQL', async () => {
    if (t.database.kind === 'postgres') {
      const who = await sql<{ u: string }>`select current_user as u`.execute(t.ctx.db);
      expect(who.rows[0]!.u).toBe('gongzhi_app');
    }
    const ctx = { ...t.ctx, config: { ...t.ctx.config, cases: { ...t.ctx.config.cases, deadlineScanSeconds: 5 } } };
    const runs: DeadlineScanResult[] = [];
    // Two instances of the server, one database.
    const instances = [new DeadlineScheduler(ctx, { onScan: (r) => runs.push(r) }), new DeadlineScheduler(ctx, { onScan: (r) => runs.push(r) })];
    await Promise.all(instances.map((s) => s.start()));
    try {
      const t0 = Date.now();
      while (runs.length < 2 && Date.now() - t0 < 40_000) await new Promise((r) => setTimeout(r, 200));
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs[0]).toMatchObject({ deferred: 0 });
    } finally {
      await Promise.all(instances.map((s) => s.stop()));
    }
    type JobRow = { state: string; singleton_on: Date; started_on: Date; completed_on: Date };
    const jobs = (
      await sql<JobRow>`select state::text, singleton_on, started_on, completed_on from pgboss.job where name = 'case-deadline-scan' and state = 'completed' order by started_on`.execute(t.ctx.db)
    ).rows;
    expect(jobs.length).toBe(runs.length);
    // One job per 5-second slot, and no two scans overlapping.
    expect(new Set(jobs.map((j) => +j.singleton_on)).size).toBe(jobs.length);
    for (let i = 1; i < jobs.length; i++) expect(+jobs[i]!.started_on).toBeGreaterThanOrEqual(+jobs[i - 1]!.completed_on);

    // pg-boss's maintenance (expiry, archive, purge) runs with the runtime role's rights too.
    const boss = new PgBoss(bossOptions(t.ctx.db));
    await boss.start();
    await boss.maintain();
    await boss.stop({ graceful: false, close: false });
  });
});
