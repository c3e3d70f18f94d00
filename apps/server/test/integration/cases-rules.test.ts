import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, getCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('case engine rules: idempotency, concurrency, holidays, duplicates, extensions', () => {
  let t: TestApp;
  let dispatcher: Session;
  let admin: Session;
  let handler: Session;
  let where: [number, number];
  let cgzf: string;

  beforeAll(async () => {
    t = await startTestApp();
    [dispatcher, handler] = await Promise.all(['dispatcher.xinhua', 'handler.chengguan'].map((u) => loginAs(t.app, u)));
    admin = await loginAs(t.app, 'district.admin');
    where = await pointIn(t, '310105004001002');
    cgzf = await departmentId(t, '310105-CGZF');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a retried create with the same Idempotency-Key with the first case, and refuses the key for a different body', async () => {
    const body = { categoryCode: 'A0102', type: 'help', description: '弄堂里的路灯坏了三天，晚上一片漆黑', location: where, channel: 'grid_patrol' };
    const key = { 'idempotency-key': 'retry-key-0001' };
    const first = await createCase(t.app, dispatcher, body, key);
    const [again, again2] = await Promise.all([createCase(t.app, dispatcher, body, key), createCase(t.app, dispatcher, body, key)]);
    expect(first.status).toBe(201);
    for (const r of [again, again2]) {
      expect(r.status).toBe(200);
      expect(r.body.replayed).toBe(true);
      expect(r.body.case.id).toBe(first.body.case.id);
    }
    const n = await t.ctx.db.selectFrom('case_record').select((eb) => eb.fn.countAll().as('n')).where('description', '=', body.description).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const other = await createCase(t.app, dispatcher, { ...body, description: '另一个问题：路灯杆倾斜' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('lets a dispatcher classify a returned case before redispatching it: type, category and urgency follow; others may not', async () => {
    const { body } = await createCase(t.app, dispatcher, { categoryCode: 'B0202', type: 'consult', description: '楼道里电梯停了，老人下不了楼', location: where, channel: 'grid_patrol' });
    const id = body.case.id as string;
    // Filed under the wrong category, it reached the wrong department, which returns it.
    expect((await act(t.app, dispatcher, id, 'redispatch', { leadDepartmentId: cgzf })).status).toBe(200);
    expect((await act(t.app, handler, id, 'return', { reason: '不属于本部门职责，应为电梯故障' })).status).toBe(200);
    // 电梯故障 is urgent: classifying the case there makes it urgent too.
    const c = await act(t.app, dispatcher, id, 'classify', { categoryCode: 'A0104', type: 'help' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ status: 'returned', type: 'help', category: { code: 'A0104' }, urgent: true });
    const events = (await t.app.inject({ method: 'GET', url: `/api/cases/${id}/events`, headers: dispatcher.headers })).json().items;
    expect(events.at(-1)).toMatchObject({ action: 'classify', data: { categoryCode: 'A0104', type: 'help' } });

    expect((await act(t.app, dispatcher, id, 'classify', {})).body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await act(t.app, dispatcher, id, 'classify', { categoryCode: 'Z9901' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_CATEGORY']);
    expect((await act(t.app, handler, id, 'classify', { type: 'complaint' })).status).toBe(403);
    expect((await act(t.app, dispatcher, id, 'redispatch', { leadDepartmentId: cgzf })).status).toBe(200);
    expect((await act(t.app, dispatcher, id, 'classify', { type: 'complaint' })).body.error.code).toBe('INVALID_TRANSITION');
  });

  it('lets only one of two dispatchers acting on the same version succeed', async () => {
    const { body } = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '菜场门口跨门营业占用人行道', location: where, channel: 'grid_patrol' });
    const c = body.case;
    const results = await Promise.all([
      act(t.app, dispatcher, c.id, 'redispatch', { leadDepartmentId: cgzf, version: c.version }),
      act(t.app, admin, c.id, 'cancel', { reason: '重复登记', version: c.version }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('CONFLICT');
    const events = await t.ctx.db.selectFrom('case_event').select('action').where('case_id', '=', c.id).execute();
    expect(events.length).toBe(3); // intake, auto-dispatch, and exactly one of the two
  });

  it('counts handling time in working days across the National Day holiday (received 2025-09-30)', async () => {
    const r = await createCase(t.app, dispatcher, {
      channel: 'hotline_12345',
      categoryCode: 'B0401',
      type: 'complaint',
      description: '楼上住户深夜经常大声喧哗，影响休息',
      location: where,
      receivedAt: '2025-09-30T10:00:00+08:00',
      sourceRef: 'HL-20250930-0001',
    });
    expect(r.status).toBe(201);
    const c = r.body.case;
    expect(c.receivedAt).toBe('2025-09-30T10:00:00+08:00');
    // 10-01..10-08 are the National Day + Mid-Autumn holiday, 10-11 (Saturday) a make-up working day:
    // 5 working days after 09-30 are 10-09, 10-10, 10-11, 10-13, 10-14.
    expect(c.deadlines.handleDueAt).toBe('2025-10-14T17:30:00+08:00');
    expect(c.deadlines.handleDueAt).not.toBe('2025-10-07T17:30:00+08:00');
    expect(c.deadlines.signDueAt).toBe('2025-09-30T11:00:00+08:00');
    expect(c.number.startsWith('20250930')).toBe(true);

    const dup = await createCase(t.app, dispatcher, { channel: 'hotline_12345', description: '重复导入的同一工单内容', location: where, sourceRef: 'HL-20250930-0001' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE_SOURCE');
  });

  it('flags a nearby similar report as a duplicate, merges it, and tells its reporter the outcome', async () => {
    const resident = await loginAs(t.app, 'resident.demo');
    const near: [number, number] = [where[0] + 0.0002, where[1] + 0.0001];
    const master = (await createCase(t.app, dispatcher, { categoryCode: 'B0101', type: 'complaint', description: '小区垃圾箱房旁边堆了大量暴露垃圾，气味很大', location: where, channel: 'grid_patrol' })).body.case;
    const second = await createCase(t.app, resident, { description: '小区垃圾箱房旁边堆放大量暴露垃圾，臭气熏天', location: near });
    const child = second.body.case;
    expect(child.duplicateOf?.number).toBe(master.number);
    expect(child.status).toBe('received');
    expect(second.body.autoDispatched).toBe(false);

    const dupes = (await t.app.inject({ method: 'GET', url: `/api/cases/${child.id}/duplicates`, headers: dispatcher.headers })).json();
    expect(dupes.items[0].id).toBe(master.id);
    expect(dupes.items[0].distanceMeters).toBeLessThan(100);

    let r = await act(t.app, dispatcher, child.id, 'merge', { masterCaseId: child.id });
    expect(r.status).toBe(400);
    r = await act(t.app, dispatcher, child.id, 'merge', { masterCaseId: master.id });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('merged');
    expect(r.body.mergedInto.number).toBe(master.number);
    expect((await act(t.app, dispatcher, child.id, 'dispatch', { leadDepartmentId: cgzf })).status).toBe(409);

    // The master is handled to the end; the child's reporter sees the outcome on their timeline.
    await act(t.app, dispatcher, master.id, 'redispatch', { leadDepartmentId: cgzf });
    for (const a of ['sign', 'start']) await act(t.app, handler, master.id, a);
    r = await act(t.app, handler, master.id, 'resolve', { publicNote: '垃圾已清运，箱房已消杀' });
    expect(r.body.status).toBe('resolved');
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/cases/${child.id}/events`, headers: resident.headers })).json();
    const last = timeline.items[timeline.items.length - 1];
    expect(last.action).toBe('master_update');
    expect(last.note).toContain('垃圾已清运');
  });

  it('pauses the handling clock while an extension waits and adds the approved working days', async () => {
    const { body } = await createCase(t.app, dispatcher, { categoryCode: 'B0202', type: 'complaint', description: '沿街商铺跨门营业，货物堆放人行道', location: where, channel: 'grid_patrol' });
    await act(t.app, dispatcher, body.case.id, 'redispatch', { leadDepartmentId: cgzf });
    await act(t.app, handler, body.case.id, 'sign');
    const before = (await getCase(t.app, dispatcher, body.case.id)).body.deadlines.handleDueAt as string;
    let r = await act(t.app, handler, body.case.id, 'request_extension', { reason: '需协调商户与市场监管所联合处置' });
    expect(r.body.deadlines.paused).toBe(true);
    expect(r.body.flags.extensionRequested).toBe(true);
    r = await act(t.app, handler, body.case.id, 'request_extension', { reason: '再次申请' });
    expect(r.status).toBe(409);
    r = await act(t.app, dispatcher, body.case.id, 'approve_extension', { extensionWorkingDays: 3 });
    expect(r.status).toBe(200);
    expect(r.body.deadlines.paused).toBe(false);
    expect(r.body.flags.extensionsApproved).toBe(1);
    expect(Date.parse(r.body.deadlines.handleDueAt)).toBeGreaterThan(Date.parse(before));
  });

  it('lists with filters, Chinese text search and cursor pages, within scope', async () => {
    const list = async (s: Session, q: string) => (await t.app.inject({ method: 'GET', url: `/api/cases?${q}`, headers: s.headers })).json();
    const found = await list(dispatcher, `q=${encodeURIComponent('垃圾')}`);
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((c: { title: string }) => c.title.includes('垃圾'))).toBe(true);
    const hotline = await list(dispatcher, 'channel=hotline_12345');
    expect(hotline.items.every((c: { channel: string }) => c.channel === 'hotline_12345')).toBe(true);
    expect((await list(dispatcher, 'status=merged')).items.length).toBe(1);
    const page1 = await list(dispatcher, 'limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await list(dispatcher, `limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
    expect(Date.parse(page2.items[0].receivedAt)).toBeLessThanOrEqual(Date.parse(page1.items[1].receivedAt));
    // Another 街镇's dispatcher sees none of these; the handler sees only its department's.
    const other = await loginAs(t.app, 'dispatcher.hongqiao');
    expect((await list(other, '')).items).toHaveLength(0);
    const mine = await list(handler, 'limit=200');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((c: { leadDepartment: { id: string } | null }) => c.leadDepartment?.id === cgzf)).toBe(true);
    const bad = await t.app.inject({ method: 'GET', url: '/api/cases?status=nope', headers: dispatcher.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('streams case changes in scope as server-sent events', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const ctrl = new AbortController();
    const res = await fetch(`${address}/api/cases/stream`, { headers: { cookie: dispatcher.cookie }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const created = await createCase(t.app, dispatcher, { categoryCode: 'A0201', type: 'complaint', description: '人行道地砖破损翘起，老人容易绊倒', location: where, channel: 'grid_patrol' });
    let text = '';
    while (!text.includes(created.body.case.number)) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: case');
    expect(text).not.toContain('path');
    ctrl.abort();
  });
});
