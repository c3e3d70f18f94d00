import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, createAccount, userIdOf } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { addResidents } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

interface Task { id: string; kind: string; status: string; resident: { id: string; name: string; idNumber: string; phone: string | null } | null; detail: Record<string, unknown>; assignee: { id: string } | null; neighborhood: { code: string } }

describe.skipIf(!testDbAvailable())(`核查 tasks: generate, assign, complete, progress (${testDbKind()})`, () => {
  let t: TestApp;
  let admin: Session;
  let staff: Session;
  let grid: Session;
  let gridId: string;
  /** r[0] verified 400 days ago; r[1] never verified, no phone; r[2] verified recently; r[3] moved out. */
  let r: string[];
  let otherNeighborhood: string[];
  let hongqiao: string[];

  const req = (method: 'GET' | 'POST', url: string, s: Session, payload?: unknown) => t.app.inject({ method, url, headers: s.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const list = async (s: Session, query = ''): Promise<Task[]> => {
    const res = await req('GET', `/api/verification/tasks${query}`, s);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const taskOf = async (residentId: string, kind: string) => (await list(admin, `?status=all&kind=${kind}`)).find((x) => x.resident?.id === residentId)!;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, staff, grid] = await Promise.all(['district.admin', 'staff.xinhua', 'grid.xinhua'].map((u) => loginAs(t.app, u)));
    gridId = await userIdOf(t, 'grid.xinhua');
    r = (
      await addResidents(t, '310105004001001', [
        { name: '张建国', phone: '13912345678', verifiedDaysAgo: 400 },
        { name: '李秀英', phone: null, verifiedDaysAgo: null },
        { name: '王伟', phone: '13912345679', verifiedDaysAgo: 10 },
        { name: '赵丽', phone: null, verifiedDaysAgo: null, status: 'moved_out' },
      ])
    ).ids;
    otherNeighborhood = (await addResidents(t, '310105004002', [{ name: '陈刚', phone: '13812345670', verifiedDaysAgo: null }])).ids;
    hongqiao = (await addResidents(t, '310105009', [{ name: '孙敏', phone: '13812345671', verifiedDaysAgo: 800 }])).ids;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('generates stale and missing-field tasks for a neighborhood, idempotently', async () => {
    expect((await req('POST', '/api/verification/generate', grid, {})).statusCode).toBe(403);
    const first = await req('POST', '/api/verification/generate', staff, { unit: '310105004001' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ opened: { stale: 2, missing_fields: 1 }, openTotal: 3 });
    const again = await req('POST', '/api/verification/generate', staff, {});
    expect(again.json()).toEqual({ opened: { stale: 0, missing_fields: 0 }, openTotal: 3 });
    expect((await req('POST', '/api/verification/generate', staff, { unit: '310105009' })).json().error.code).toBe('UNIT_NOT_FOUND');
    expect(await auditRows(t, 'verification.generate')).toHaveLength(2);

    const tasks = await list(staff);
    expect(tasks.map((x) => [x.resident!.id, x.kind]).sort()).toEqual(
      [
        [r[0], 'stale'],
        [r[1], 'missing_fields'],
        [r[1], 'stale'],
      ].sort(),
    );
    for (const x of tasks) {
      expect(x.resident!.name).toMatch(/\*/);
      expect(x.resident!.idNumber).toMatch(/^310105\*{8}\d{3}[\dX]$/);
    }
    expect((await list(staff, '?kind=missing_fields'))[0]!.detail).toEqual({ missing: ['phone'] });
    // The district admin generates for the whole 街镇: the other 居委会's resident joins, Hongqiao's does not.
    const xinhua = (await req('POST', '/api/verification/generate', admin, { unit: '310105004', kinds: ['stale'] })).json();
    expect(xinhua).toEqual({ opened: { stale: 1, missing_fields: 0 }, openTotal: 4 });
    expect((await list(staff)).some((x) => x.resident!.id === otherNeighborhood[0])).toBe(false);
    expect((await req('POST', '/api/verification/generate', admin, {})).json().opened.stale).toBe(1);
  });

  it('shows a conflict opened by another writer with masked values only', async () => {
    const n = await t.ctx.db.selectFrom('resident').select(['neighborhood_id', 'path', 'household_id']).where('id', '=', r[2]!).executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('verification_task')
      .values({ kind: 'conflict', resident_id: r[2]!, household_id: n.household_id, neighborhood_id: n.neighborhood_id, path: n.path, detail: JSON.stringify({ reason: '身份证号 310105196003150014 已在虹桥街道登记，电话 13912345679', source: 'import' }) })
      .execute();
    const conflict = (await list(staff, '?kind=conflict'))[0]!;
    expect(conflict.detail.reason).toBe('身份证号 310105********0014 已在虹桥街道登记，电话 139****5679');
    expect(JSON.stringify(conflict)).not.toContain('13912345679');
  });

  it('assigns only to an account whose scope holds the task', async () => {
    const ids = (await list(staff)).map((x) => x.id);
    const dispatcherId = await userIdOf(t, 'dispatcher.xinhua');
    const wrongRole = await req('POST', '/api/verification/tasks/assign', staff, { taskIds: ids, assigneeId: dispatcherId });
    expect(wrongRole.statusCode).toBe(422);
    expect(wrongRole.json().error.code).toBe('ASSIGNEE_OUT_OF_SCOPE');
    const neighbourGrid = await createAccount(t, { username: 'grid.fanyu2', unit: '310105004001002', role: 'grid_worker' });
    expect((await req('POST', '/api/verification/tasks/assign', staff, { taskIds: ids, assigneeId: neighbourGrid })).statusCode).toBe(422);
    const hongqiaoTask = await taskOf(hongqiao[0]!, 'stale');
    expect((await req('POST', '/api/verification/tasks/assign', staff, { taskIds: [hongqiaoTask.id], assigneeId: gridId })).statusCode).toBe(404);
    expect((await req('POST', '/api/verification/tasks/assign', grid, { taskIds: ids, assigneeId: gridId })).statusCode).toBe(403);

    const candidates = (await req('GET', '/api/verification/assignees?unit=310105004001001', staff)).json().items as { username: string }[];
    expect(candidates.map((c) => c.username)).toEqual(expect.arrayContaining(['grid.xinhua', 'staff.xinhua']));
    expect(candidates.map((c) => c.username)).not.toContain('grid.fanyu2');

    const ok = await req('POST', '/api/verification/tasks/assign', staff, { taskIds: ids, assigneeId: gridId });
    expect(ok.json()).toEqual({ assigned: ids.length });
    expect((await list(grid, '?mine=true')).map((x) => x.id).sort()).toEqual([...ids].sort());
    expect(await list(await loginAs(t.app, 'grid.fanyu2'), '?mine=true')).toEqual([]);
  });

  it('completing marks the resident verified, writes history and closes the stale task too', async () => {
    const missing = await taskOf(r[1]!, 'missing_fields');
    expect((await req('POST', `/api/verification/tasks/${missing.id}/complete`, grid, { note: '' })).statusCode).toBe(400);
    const done = await req('POST', `/api/verification/tasks/${missing.id}/complete`, grid, { note: '上门核实，居民暂无手机' });
    expect(done.statusCode, done.body).toBe(200);
    const resident = await t.ctx.db.selectFrom('resident').select(['verified_at', 'version']).where('id', '=', r[1]!).executeTakeFirstOrThrow();
    expect(Date.now() - new Date(resident.verified_at!).getTime()).toBeLessThan(60_000);
    expect(resident.version).toBe(2);
    const history = await t.ctx.db.selectFrom('resident_change').selectAll().where('resident_id', '=', r[1]!).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'verified', reason: '上门核实，居民暂无手机', actor_id: gridId });
    expect((await taskOf(r[1]!, 'missing_fields')).status).toBe('done');
    expect((await taskOf(r[1]!, 'stale')).status).toBe('done');
    expect((await req('POST', `/api/verification/tasks/${missing.id}/complete`, grid, { note: '再次' })).json().error.code).toBe('TASK_NOT_OPEN');
    // Out of the grid worker's scope: not found.
    expect((await req('POST', `/api/verification/tasks/${(await taskOf(hongqiao[0]!, 'stale')).id}/complete`, grid, { note: '核实' })).statusCode).toBe(404);

    const stale = await taskOf(r[0]!, 'stale');
    expect((await req('POST', `/api/verification/tasks/${stale.id}/dismiss`, grid, { reason: '已搬走' })).statusCode).toBe(403);
    const dismissed = await req('POST', `/api/verification/tasks/${stale.id}/dismiss`, staff, { reason: '居民长期出国，待回国后核查' });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect((await taskOf(r[0]!, 'stale')).status).toBe('dismissed');
    expect((await t.ctx.db.selectFrom('resident').select('verified_at').where('id', '=', r[0]!).executeTakeFirstOrThrow()).verified_at).not.toBeNull();
    expect(await auditRows(t, 'verification.complete', missing.id)).toHaveLength(1);
  });

  it('tracks progress per child unit', async () => {
    const xinhua = (await req('GET', '/api/verification/progress?unit=310105004', admin)).json();
    const fanyu = xinhua.children.find((c: { code: string }) => c.code === '310105004001');
    // 番禺: missing+stale done, stale dismissed, the conflict open.
    expect(fanyu).toMatchObject({ open: 1, done: 2, dismissed: 1, total: 4, percentDone: 75 });
    expect(xinhua.children.find((c: { code: string }) => c.code === '310105004002')).toMatchObject({ open: 1, done: 0, total: 1, percentDone: 0 });
    expect(xinhua.totals).toMatchObject({ open: 2, done: 2, dismissed: 1, total: 5 });
    const own = (await req('GET', '/api/verification/progress', staff)).json();
    expect(own.unit.code).toBe('310105004001');
    expect(own.totals).toMatchObject({ open: 1, done: 2, dismissed: 1, percentDone: 75 });
    expect((await req('GET', '/api/verification/progress?unit=310105009', staff)).statusCode).toBe(404);
    const district = (await req('GET', '/api/verification/progress', admin)).json();
    expect(district.children.find((c: { code: string }) => c.code === '310105009')).toMatchObject({ open: 1, total: 1 });
  });
});
