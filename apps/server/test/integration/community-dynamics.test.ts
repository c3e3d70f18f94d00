import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../support/auth.js';
import { buildingUnder, type Call, caller, makeIdNumber } from '../support/community.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const FANYU = '310105004001';

/** 基础要素动态管理: conflicts, optimistic versions, and the history each action writes with its change. */
describe.skipIf(!testDbAvailable())('社区云 dynamic management', () => {
  let t: TestApp;
  let staff: Call;
  let homeA: string;
  let homeB: string;
  const person = { name: '李建国', idNumber: makeIdNumber('19600808', 21), phone: '13600001111' };

  const changesOf = (residentId: string) =>
    t.ctx.db.selectFrom('resident_change').select(['kind', 'household_id', 'changes']).where('resident_id', '=', residentId).orderBy('id').execute();
  const auditOf = (residentId: string) => t.ctx.db.selectFrom('audit_log').select(['action', 'outcome']).where('resource_id', '=', residentId).orderBy('seq').execute();

  beforeAll(async () => {
    t = await startTestApp();
    staff = caller(t.app, await loginAs(t.app, 'staff.xinhua'));
    const b = await buildingUnder(t, FANYU);
    homeA = (await staff('POST', '/api/households', { buildingId: b.id, floor: 2, room: '201' })).body.id;
    homeB = (await staff('POST', '/api/households', { buildingId: b.id, floor: 4, room: '402', housingStatus: 'tenant' })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an ID number active elsewhere is a conflict: 409 in Chinese, no resident row, one open verification task', async () => {
    const first = await staff('POST', '/api/residents', { householdId: homeA, ...person, relation: 'head' });
    expect(first.status).toBe(201);
    const before = await t.ctx.db.selectFrom('resident').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

    const same = await staff('POST', '/api/residents', { householdId: homeA, ...person, relation: 'head' });
    expect(same.status).toBe(409);
    expect(same.body.error.message).toContain('本户在册');

    for (let i = 0; i < 2; i++) {
      const again = await staff('POST', `/api/households/${homeB}/move-in`, { ...person, name: '李建国', movedInOn: '2025-03-01' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('RESIDENT_CONFLICT');
      expect(again.body.error.message).toMatch(/已在.*登记为在册居民.*核查任务/);
    }
    const after = await t.ctx.db.selectFrom('resident').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const tasks = await t.ctx.db.selectFrom('verification_task').selectAll().where('kind', '=', 'conflict').execute();
    expect(tasks).toHaveLength(1); // the repeated attempt finds the open task
    expect(tasks[0]).toMatchObject({ resident_id: first.body.id, household_id: homeB, status: 'open' });
    const detail = JSON.stringify(tasks[0]!.detail);
    expect(detail).toContain(first.body.idNumber);
    expect(detail).not.toContain(person.idNumber);
    expect(detail).not.toContain(person.name);
    expect((await auditOf(homeB)).filter((a) => a.outcome === 'failure')).toHaveLength(2);
  });

  it('edits carry the version: a stale one answers 409 CONFLICT and changes nothing', async () => {
    const r = (await staff('GET', `/api/residents?q=${person.idNumber}`)).body.items[0];
    const ok = await staff('PATCH', `/api/residents/${r.id}`, { version: r.version, phone: '13700002222', politicalStatus: 'party_member', reason: '居民来电更正' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: r.version + 1, phone: '137****2222', politicalStatus: 'party_member' });
    const stale = await staff('PATCH', `/api/residents/${r.id}`, { version: r.version, livesHere: false });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.message).toContain('刷新');
    const staleOut = await staff('POST', `/api/residents/${r.id}/move-out`, { version: r.version, leftOn: '2025-04-01', reason: '迁往外区' });
    expect(staleOut.status).toBe(409);
    const now = (await staff('GET', `/api/residents/${r.id}`)).body;
    expect(now).toMatchObject({ livesHere: true, status: 'active', version: r.version + 1 });
    const kinds = (await changesOf(r.id)).map((c) => c.kind);
    expect(kinds).toEqual(['created', 'updated']);
    const upd = (await changesOf(r.id))[1]!.changes as Record<string, { from: unknown; to: unknown }>;
    expect(upd).toEqual({ phone: { from: '136****1111', to: '137****2222' }, politicalStatus: { from: 'masses', to: 'party_member' } });
    expect((await staff('PATCH', `/api/residents/${r.id}`, { livesHere: false })).body.error.message).toContain('版本');
  });

  it('move out, return, move between households, death and birth each write history and audit with the change', async () => {
    const r = (await staff('GET', `/api/residents?q=${person.idNumber}`)).body.items[0];
    const out = await staff('POST', `/api/residents/${r.id}/move-out`, { version: r.version, leftOn: '2025-04-01', reason: '迁往外区' });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: 'moved_out', leftOn: '2025-04-01' });
    const twice = await staff('POST', `/api/residents/${r.id}/move-out`, { leftOn: '2025-04-02', reason: '重复' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('RESIDENT_STATE');
    expect((await staff('GET', `/api/households/${homeA}`)).body.people).toBe(0);

    // Returning: the same record comes back into household B, its history continuing.
    const back = await staff('POST', `/api/households/${homeB}/move-in`, { ...person, relation: 'tenant', movedInOn: '2025-05-01', reason: '回迁' });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id: r.id, status: 'active', leftOn: null, household: { id: homeB }, relation: 'tenant', movedInOn: '2025-05-01' });

    const moved = await staff('POST', `/api/residents/${r.id}/move`, { householdId: homeA, movedOn: '2025-06-01', relation: 'head' });
    expect(moved.status).toBe(200);
    expect(moved.body.household.id).toBe(homeA);
    expect((await staff('POST', `/api/residents/${r.id}/move`, { householdId: homeA, movedOn: '2025-06-02' })).status).toBe(400);

    const died = await staff('POST', `/api/residents/${r.id}/death`, { diedOn: '2025-07-01', reason: '病故' });
    expect(died.body).toMatchObject({ status: 'deceased', leftOn: '2025-07-01' });
    const ghost = await staff('POST', `/api/households/${homeB}/move-in`, { ...person, movedInOn: '2025-08-01' });
    expect(ghost.status).toBe(409);
    expect(ghost.body.error.message).toContain('已登记死亡');

    const child = await staff('POST', `/api/households/${homeA}/birth`, { name: '李小满', idNumber: makeIdNumber('20240606', 31) });
    expect(child.status).toBe(201);

    const rows = await changesOf(r.id);
    expect(rows.map((c) => [c.kind, c.household_id])).toEqual([
      ['created', homeA],
      ['updated', homeA],
      ['moved_out', homeA],
      ['moved_in', homeB],
      ['moved_out', homeB],
      ['moved_in', homeA],
      ['deceased', homeA],
    ]);
    expect(rows[6]!.changes).toEqual({ status: { from: 'active', to: 'deceased' }, diedOn: { to: '2025-07-01' } });
    expect((await changesOf(child.body.id)).map((c) => c.kind)).toEqual(['born']);
    const actions = (await auditOf(r.id)).map((a) => a.action);
    expect(actions).toEqual(['resident.create', 'resident.update', 'resident.move_out', 'resident.move_in', 'resident.move', 'resident.move', 'resident.death']);

    const hist = await staff('GET', `/api/residents/${r.id}/history`);
    expect(hist.body.items.map((c: { kind: string }) => c.kind)).toEqual(['deceased', 'moved_in', 'moved_out', 'moved_in', 'moved_out', 'updated', 'created']);
    expect(hist.body.items[0]).toMatchObject({ actor: '番禺居委会社工', reason: '病故', residentName: '李*国' });
    const household = (await staff('GET', `/api/households/${homeA}`)).body;
    expect(household.members.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      [child.body.id, 'active'],
      [r.id, 'deceased'],
    ]);
    expect(household.history.map((c: { kind: string }) => c.kind)).toContain('born');
  });

  it('群租整治: found → rectifying → rectified with dates, as history of the household', async () => {
    const noDate = await staff('PATCH', `/api/households/${homeB}`, { housingStatus: 'group_rental', groupRentalStatus: 'found' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.message).toContain('发现群租的日期');
    const found = await staff('PATCH', `/api/households/${homeB}`, { housingStatus: 'group_rental', groupRentalStatus: 'found', groupRentalFoundOn: '2025-02-01' });
    expect(found.body).toMatchObject({ groupRental: true, groupRentalStatus: 'found', groupRentalFoundOn: '2025-02-01' });
    expect((await staff('GET', '/api/households?groupRental=true')).body.items.map((h: { id: string }) => h.id)).toEqual([homeB]);
    const early = await staff('PATCH', `/api/households/${homeB}`, { groupRentalStatus: 'rectified', groupRentalRectifiedOn: '2025-01-01' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('不能早于发现日期');
    const done = await staff('PATCH', `/api/households/${homeB}`, { housingStatus: 'tenant', groupRentalStatus: 'rectified', groupRentalRectifiedOn: '2025-03-15', reason: '已清退' });
    expect(done.body).toMatchObject({ groupRental: false, groupRentalStatus: 'rectified', groupRentalRectifiedOn: '2025-03-15' });
    expect((await staff('GET', '/api/households?groupRental=true')).body.items).toEqual([]);
    expect((await staff('GET', '/api/households?housingStatus=tenant')).body.items.map((h: { id: string }) => h.id)).toEqual([homeB]);
    const hist = done.body.history.filter((c: { kind: string; residentId: string | null }) => c.kind === 'updated' && c.residentId === null);
    expect(hist[0]).toMatchObject({ reason: '已清退', changes: { groupRentalStatus: { from: 'found', to: 'rectified' } } });
    const future = await staff('PATCH', `/api/households/${homeB}`, { groupRentalFoundOn: '2999-01-01' });
    expect(future.body.error.message).toContain('不能晚于今天');
  });

  it('lists page by cursor without repeats', async () => {
    const b = await buildingUnder(t, FANYU, 1);
    for (let i = 1; i <= 5; i++) await staff('POST', '/api/households', { buildingId: b.id, floor: 1, room: `10${i}` });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await staff('GET', `/api/households?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.body.items.map((h) => h.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect((await staff('GET', '/api/residents?cursor=bad')).body.error.message).toContain('分页游标无效');
  });

  it('every household keeps the number of its active residents through moves, deaths and births (ledger 户数)', async () => {
    const { sql } = await import('kysely');
    const r = await sql<{ id: string; kept: number; counted: number }>`
      select h.id, h.active_residents as kept, (select count(*) from resident x where x.household_id = h.id and x.status = 'active')::int as counted
      from household h where h.id in (${homeA}::uuid, ${homeB}::uuid) or h.active_residents > 0`.execute(t.ctx.db);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) expect(row.kept).toBe(row.counted);
  });
});
