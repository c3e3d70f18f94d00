import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, getCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('case loop: intake to satisfaction', () => {
  let t: TestApp;
  let dispatcher: Session;
  let handler: Session;
  let grid: Session;
  let resident: Session;
  let where: [number, number];
  let cgzf: string;

  beforeAll(async () => {
    t = await startTestApp();
    [dispatcher, handler, grid, resident] = await Promise.all(['dispatcher.xinhua', 'handler.chengguan', 'grid.xinhua', 'resident.demo'].map((u) => loginAs(t.app, u)));
    where = await pointIn(t, '310105004001001');
    cgzf = await departmentId(t, '310105-CGZF');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs received → dispatched → signed → in_progress → resolved → verified → followed_up → closed, then the rating', async () => {
    const created = await createCase(t.app, resident, {
      categoryCode: 'B0201',
      type: 'complaint',
      description: '小区门口每天晚上有无证摊贩占道经营，油烟很大，行人只能走机动车道',
      location: where,
      address: '番禺路 100 号门口',
      reporter: { name: '张小明', phone: '13912345678', contactConsent: true },
    });
    expect(created.status).toBe(201);
    const c = created.body.case;
    expect(c.number).toMatch(/^\d{14}$/);
    expect(c.status).toBe('dispatched');
    expect(created.body.autoDispatched).toBe(true);
    expect(c.leadDepartment.name).toContain('城管执法中队');
    expect(c.grid.code).toBe('310105004001001');
    expect(c.reporter.phone).toBe('139****5678');
    expect(c.reporter.name).toBe('张*明');
    expect(c.deadlines.handleDueAt).toMatch(/\+08:00$/);

    // The dispatcher moves it to the district bureau (the demo handler's department).
    let r = await act(t.app, dispatcher, c.id, 'redispatch', { leadDepartmentId: cgzf });
    expect(r.status).toBe(200);
    expect(r.body.leadDepartment.id).toBe(cgzf);
    expect(r.body.allowedActions).not.toContain('sign');

    for (const action of ['sign', 'start']) {
      r = await act(t.app, handler, c.id, action);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    r = await act(t.app, handler, c.id, 'resolve', { publicNote: '已联合执法清理摊贩，并安排夜间巡查' });
    expect(r.body.status).toBe('resolved');
    expect(r.body.deadlines.followUpDueAt).not.toBeNull();
    expect(r.body.publicNote).toBe('已联合执法清理摊贩，并安排夜间巡查');

    r = await act(t.app, grid, c.id, 'verify_pass');
    expect(r.body.status).toBe('verified');
    // 回访 without a rating on the reporter's behalf: the reporter rates in the app.
    r = await act(t.app, dispatcher, c.id, 'follow_up', { publicNote: '已电话回访' });
    expect(r.body.status).toBe('followed_up');
    r = await act(t.app, dispatcher, c.id, 'close');
    expect(r.body.status).toBe('closed');

    // 回访 needs the number: the dispatcher reveals it with a reason (audited); a handler may not.
    const reveal = (s: Session) =>
      t.app.inject({ method: 'POST', url: '/api/personal-data/reveal', headers: s.headers, payload: { resourceType: 'case', id: c.id, field: 'reporter_phone', reason: '回访核实处置结果' } });
    const revealed = await reveal(dispatcher);
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json().value).toBe('13912345678');
    expect((await reveal(handler)).statusCode).toBe(403);
    const stored = await t.ctx.db.selectFrom('case_record').select(['reporter_phone_enc', 'reporter_name_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(stored.reporter_phone_enc).not.toContain('13912345678');
    expect(stored.reporter_name_enc).not.toContain('张小明');

    const events = (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}/events`, headers: dispatcher.headers })).json();
    expect(events.items.map((e: { action: string }) => e.action)).toEqual(['intake', 'dispatch', 'redispatch', 'sign', 'start', 'resolve', 'verify_pass', 'follow_up', 'close']);

    // The resident sees the public steps only, and rates.
    const mine = (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}/events`, headers: resident.headers })).json();
    expect(mine.items.every((e: { public: boolean; actor: unknown }) => e.public && e.actor === null)).toBe(true);
    r = await act(t.app, resident, c.id, 'rate', { satisfaction: 'satisfied' });
    expect(r.status).toBe(200);
    expect(r.body.flags.satisfaction).toBe('satisfied');
    r = await act(t.app, resident, c.id, 'rate', { satisfaction: 'unsatisfied' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('reopens on an unsatisfied rating or a failed verification, on a fresh handling clock', async () => {
    const { body } = await createCase(t.app, resident, { categoryCode: 'B0202', type: 'complaint', description: '商铺把货架摆到人行道上，轮椅过不去', location: where });
    const id = body.case.id;
    await act(t.app, dispatcher, id, 'redispatch', { leadDepartmentId: cgzf });
    for (const a of ['sign', 'start', 'resolve']) expect((await act(t.app, handler, id, a)).status).toBe(200);
    let r = await act(t.app, grid, id, 'verify_fail', {});
    expect(r.body.error.code).toBe('REASON_REQUIRED');
    r = await act(t.app, grid, id, 'verify_fail', { reason: '现场货架仍在人行道上' });
    expect(r.body.status).toBe('in_progress');
    expect(r.body.flags.reopenCount).toBe(1);
    expect(r.body.resolvedAt).toBeNull();
    r = await act(t.app, handler, id, 'resolve', { publicNote: '货架已全部撤回店内' });
    r = await act(t.app, resident, id, 'rate', { satisfaction: 'unsatisfied' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('in_progress');
    expect(r.body.flags.reopenCount).toBe(2);
    expect(r.body.flags.satisfaction).toBeNull();
    expect(Date.parse(r.body.deadlines.handleDueAt)).toBeGreaterThan(Date.now());
    // Someone else's case is not the resident's to rate.
    const other = await createCase(t.app, dispatcher, { categoryCode: 'B0202', type: 'complaint', description: '另一处商铺跨门营业占道', location: where, channel: 'grid_patrol' });
    expect((await act(t.app, resident, other.body.case.id, 'rate', { satisfaction: 'satisfied' })).status).toBe(404);
  });

  it('refuses invalid transitions, missing reasons and actions out of scope', async () => {
    const { body } = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '路口有流动摊贩占道经营影响通行', location: where, channel: 'grid_patrol' });
    const id = body.case.id;
    let r = await act(t.app, dispatcher, id, 'close');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_TRANSITION');
    await act(t.app, dispatcher, id, 'redispatch', { leadDepartmentId: cgzf });
    r = await act(t.app, handler, id, 'return', {});
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('REASON_REQUIRED');
    r = await act(t.app, handler, id, 'return', { reason: '不属于区局职责，应由街道中队处理' });
    expect(r.body.status).toBe('returned');
    // Staff see the reason on the timeline; it is not a public note.
    const ev = (await t.app.inject({ method: 'GET', url: `/api/cases/${id}/events`, headers: dispatcher.headers })).json().items.at(-1);
    expect(ev.note).toBe('不属于区局职责，应由街道中队处理');
    const stored = await t.ctx.db.selectFrom('case_event').select(['note', 'public']).where('case_id', '=', id).where('action', '=', 'return').executeTakeFirstOrThrow();
    expect(stored.note === null || !stored.public).toBe(true);

    const other = await loginAs(t.app, 'dispatcher.hongqiao');
    expect((await getCase(t.app, other, id)).status).toBe(404);
    expect((await act(t.app, other, id, 'cancel', { reason: 'x' })).status).toBe(404);
    expect((await act(t.app, grid, id, 'cancel', { reason: '重复' })).status).toBe(403);
  });

  it('rejects points outside the district and unknown categories, writing nothing', async () => {
    const before = await t.ctx.db.selectFrom('case_record').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let r = await createCase(t.app, dispatcher, { description: '浦东的问题不归长宁管辖', location: [121.55, 31.22] });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('OUTSIDE_JURISDICTION');
    r = await createCase(t.app, dispatcher, { description: '未知分类的案件描述', location: where, categoryCode: 'Z9999' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNKNOWN_CATEGORY');
    r = await createCase(t.app, dispatcher, { description: '短', location: where });
    expect(r.status).toBe(400);
    const after = await t.ctx.db.selectFrom('case_record').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
