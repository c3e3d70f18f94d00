import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../support/accounts.js';
import { loginAs } from '../support/auth.js';
import { buildingUnder, type Call, caller, makeIdNumber, makeIdNumberWithX } from '../support/community.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const FANYU = '310105004001'; // 番禺居委会 (staff.xinhua)
const HONGQIAO = '310105009'; // another 街镇

/** Plain values that must never appear in a response, a history row or an audit record. */
const plain = {
  name: '欧阳晓东',
  id: makeIdNumber('19450312', 101),
  phone: '13912345678',
  tags: ['独居老人', 'living_alone_elderly', '低保', 'low_income'],
};

describe.skipIf(!testDbAvailable())('社区云 core data: compounds, buildings, households, residents', () => {
  let t: TestApp;
  let staff: Call;
  let grid: Call;
  let other: Call;
  const seen: string[] = [];
  let building: Awaited<ReturnType<typeof buildingUnder>>;
  let householdId: string;
  let residentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    staff = caller(t.app, await loginAs(t.app, 'staff.xinhua'), seen);
    grid = caller(t.app, await loginAs(t.app, 'grid.xinhua'), seen);
    await createAccount(t, { username: 'staff.hongqiao', unit: HONGQIAO, role: 'neighborhood_staff' });
    other = caller(t.app, await signIn(t.app, 'staff.hongqiao'), seen);
    building = await buildingUnder(t, FANYU);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('compound detail lists its buildings; staff keep the owners committee; others get 403 / 404', async () => {
    const d = await staff('GET', `/api/compounds/${building.compound_id}`);
    expect(d.status).toBe(200);
    expect(d.body.buildings.map((b: { id: string }) => b.id)).toContain(building.id);
    expect(d.body.buildingCount).toBe(d.body.buildings.length);
    expect(d.body.counts).toEqual({ households: 0, residents: 0 });

    const patch = { ownersCommittee: '番禺小区第三届业主委员会', ownersCommitteeTermEnd: '2027-06-30', propertyCompany: '长宁物业', yearBuilt: 1988 };
    const p = await staff('PATCH', `/api/compounds/${building.compound_id}`, patch);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject(patch);
    const audit = await t.ctx.db.selectFrom('audit_log').select('resource_id').where('action', '=', 'compound.update').execute();
    expect(audit.map((a) => a.resource_id)).toContain(building.compound_id);

    expect((await grid('PATCH', `/api/compounds/${building.compound_id}`, { yearBuilt: 1990 })).status).toBe(403);
    expect((await other('GET', `/api/compounds/${building.compound_id}`)).status).toBe(404);
    expect((await other('PATCH', `/api/compounds/${building.compound_id}`, { yearBuilt: 1990 })).status).toBe(404);
    const bad = await staff('PATCH', `/api/compounds/${building.compound_id}`, { ownersCommitteeTermEnd: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('日期不存在');
  });

  it('households: unique per building + unit + room (409), floor within the building (400)', async () => {
    const h = await staff('POST', '/api/households', { buildingId: building.id, unitNo: 1, floor: 3, room: '301', housingStatus: 'owner' });
    expect(h.status).toBe(201);
    householdId = h.body.id;
    expect(h.body).toMatchObject({ floor: 3, room: '301', housingStatus: 'owner', people: 0, groupRental: false });
    const dup = await staff('POST', '/api/households', { buildingId: building.id, unitNo: 1, floor: 3, room: ' 301 ' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('HOUSEHOLD_EXISTS');
    expect(dup.body.error.message).toMatch(/已登记/);
    const high = await staff('POST', '/api/households', { buildingId: building.id, floor: building.floors + 1, room: '9901' });
    expect(high.status).toBe(400);
    expect(high.body.error.message).toContain('楼层超出');
    expect((await grid('POST', '/api/households', { buildingId: building.id, floor: 2, room: '201' })).status).toBe(403);
    expect((await other('POST', '/api/households', { buildingId: building.id, floor: 2, room: '201' })).status).toBe(404);
  });

  it('a resident is registered with masked values everywhere; search by ID, phone and full name', async () => {
    const r = await staff('POST', '/api/residents', {
      householdId,
      name: plain.name,
      idNumber: plain.id,
      phone: plain.phone,
      relation: 'head',
      hukouHere: true,
      livesHere: true,
      tags: ['living_alone_elderly', 'low_income'],
    });
    expect(r.status).toBe(201);
    residentId = r.body.id;
    expect(r.body).toMatchObject({ name: '欧**东', idNumber: `${plain.id.slice(0, 6)}********${plain.id.slice(-4)}`, phone: '139****5678', gender: 'male', birthYear: 1945, tagCount: 2, version: 1 });
    expect(r.body.age).toBeGreaterThanOrEqual(80);
    expect(r.body).not.toHaveProperty('birthDate');

    for (const q of [plain.id, plain.id.toLowerCase(), plain.phone, '+86 139 1234 5678', plain.name]) {
      const found = await staff('GET', `/api/residents?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([residentId]);
    }
    expect((await staff('GET', `/api/residents?q=${encodeURIComponent('欧阳')}`)).body.items).toEqual([]);
    expect((await staff('GET', '/api/residents?tag=living_alone_elderly')).body.items.map((i: { id: string }) => i.id)).toEqual([residentId]);
    expect((await staff('GET', '/api/residents?tag=disabled')).body.items).toEqual([]);
    expect((await staff('GET', '/api/residents?ageMin=80&ageMax=120')).body.items.map((i: { id: string }) => i.id)).toEqual([residentId]);
    expect((await staff('GET', '/api/residents?ageMax=60')).body.items).toEqual([]);
    expect((await staff('GET', `/api/residents?unit=${FANYU}&status=active&relation=head&hukouHere=true`)).body.items).toHaveLength(1);

    const hh = await staff('GET', `/api/households/${householdId}`);
    expect(hh.body.members).toHaveLength(1);
    expect(hh.body.people).toBe(1);
    expect(hh.body.history.map((c: { kind: string }) => c.kind).sort()).toEqual(['created', 'created']);
    const grid2 = await staff('GET', `/api/buildings/${building.id}`);
    expect(grid2.body.grid).toEqual([expect.objectContaining({ id: householdId, floor: 3, unitNo: 1, people: 1 })]);
    expect((await staff('GET', `/api/compounds/${building.compound_id}`)).body.counts).toEqual({ households: 1, residents: 1 });
  });

  it('special-group tags change only with resident.manage and read in clear only through reveal', async () => {
    const cur = (await staff('GET', `/api/residents/${residentId}`)).body;
    const put = await staff('PUT', `/api/residents/${residentId}/tags`, { version: cur.version, tags: ['living_alone_elderly', 'very_old', 'low_income'], reason: '走访核实' });
    expect(put.status).toBe(200);
    expect(put.body.tagCount).toBe(3);
    expect((await grid('PUT', `/api/residents/${residentId}/tags`, { version: put.body.version, tags: [] })).status).toBe(403);
    const rev = await staff('POST', '/api/personal-data/reveal', { resourceType: 'resident', id: residentId, field: 'tags', reason: '核对特殊群体信息' });
    expect(rev.status).toBe(200);
    expect(JSON.parse(rev.body.value)).toEqual(['living_alone_elderly', 'low_income', 'very_old']);
    seen.pop(); // the reveal is the one answer allowed to hold a plain value
    const hist = await staff('GET', `/api/residents/${residentId}/history`);
    expect(hist.body.items[0]).toMatchObject({ kind: 'updated', changes: { tags: { from: '***', to: '***' }, tagCount: { from: 2, to: 3 } }, reason: '走访核实' });
  });

  it('the other 街镇 sees nothing (404) and the grid worker reads but never writes (403)', async () => {
    for (const url of [`/api/residents/${residentId}`, `/api/residents/${residentId}/history`, `/api/households/${householdId}`, `/api/buildings/${building.id}`]) {
      expect((await other('GET', url)).status).toBe(404);
    }
    expect((await other('GET', `/api/residents?q=${plain.id}`)).body.items).toEqual([]);
    expect((await other('GET', '/api/households')).body.items).toEqual([]);
    expect((await other('PATCH', `/api/residents/${residentId}`, { version: 1, livesHere: false })).status).toBe(404);
    expect((await other('POST', `/api/residents/${residentId}/move-out`, { leftOn: '2025-01-01', reason: '迁往外区' })).status).toBe(404);
    expect((await other('POST', '/api/personal-data/reveal', { resourceType: 'resident', id: residentId, field: 'id_number', reason: '越权查看测试' })).status).toBe(404);

    const writes: [string, string, unknown][] = [
      ['PATCH', `/api/residents/${residentId}`, { version: 1, livesHere: false }],
      ['POST', `/api/residents/${residentId}/move-out`, { leftOn: '2025-01-01', reason: '迁往外区' }],
      ['POST', `/api/residents/${residentId}/death`, { diedOn: '2025-01-01' }],
      ['POST', `/api/households/${householdId}/move-in`, { name: '张三', idNumber: makeIdNumber('19900101', 7), movedInOn: '2025-01-01' }],
      ['PATCH', `/api/households/${householdId}`, { housingStatus: 'tenant' }],
      ['PATCH', `/api/buildings/${building.id}`, { elevatorRetrofit: 'intent' }],
    ];
    for (const [m, url, body] of writes) expect((await grid(m as 'POST', url, body)).status, url).toBe(403);
    const visible = await grid('GET', '/api/residents');
    expect(visible.status).toBe(200);
    const denied = await t.ctx.db.selectFrom('audit_log').select('action').where('outcome', '=', 'denied').where('action', '=', 'resident.manage').execute();
    expect(denied.length).toBeGreaterThanOrEqual(writes.length);
  });

  it('bad input answers 400 in Chinese; lowercase x and full-width digits are accepted', async () => {
    const base = { householdId, relation: 'spouse', hukouHere: true, livesHere: true };
    const wrong = makeIdNumber('19500101', 5).slice(0, 17) + (makeIdNumber('19500101', 5).endsWith('1') ? '2' : '1');
    const bad = await staff('POST', '/api/residents', { ...base, name: '王芳', idNumber: wrong });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.message).toContain('校验位不正确');
    expect((await staff('POST', '/api/residents', { ...base, name: '王芳', idNumber: '31010519500101' })).body.error.message).toContain('18 位');
    expect((await staff('POST', '/api/residents', { ...base, name: '王芳', idNumber: makeIdNumber('19500101', 6), phone: '1234' })).body.error.message).toContain('手机号');
    expect((await staff('POST', '/api/residents', { ...base, name: ' ', idNumber: makeIdNumber('19500101', 6) })).body.error.message).toContain('姓名');
    expect((await staff('GET', '/api/residents?ageMin=50&ageMax=20')).body.error.message).toContain('最小年龄');

    const withX = makeIdNumberWithX('19520202', 300);
    const lower = await staff('POST', '/api/residents', { ...base, name: '王芳', idNumber: withX.toLowerCase() });
    expect(lower.status).toBe(201);
    expect(lower.body.idNumber.endsWith('X')).toBe(true);
    expect((await staff('GET', `/api/residents?q=${withX}`)).body.items.map((i: { id: string }) => i.id)).toEqual([lower.body.id]);

    const wide = makeIdNumber('20180505', 11);
    const fullWidth = [...wide].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const born = await staff('POST', `/api/households/${householdId}/birth`, { name: '王小宝', idNumber: fullWidth });
    expect(born.status).toBe(201);
    expect(born.body).toMatchObject({ relation: 'child', birthYear: 2018, movedInOn: '2018-05-05' });
    const adult = await staff('POST', `/api/households/${householdId}/birth`, { name: '王大宝', idNumber: makeIdNumber('19800101', 12) });
    expect(adult.status).toBe(400);
    expect(adult.body.error.message).toContain('迁入');
  });

  it('no plain name, ID number, phone or tag appears in any response, history row or audit record', async () => {
    const stored = await sql<{ s: string }>`select coalesce(string_agg(x::text, E'\n'), '') as s from resident_change as x`.execute(t.ctx.db);
    const audit = await sql<{ s: string }>`select coalesce(string_agg(x::text, E'\n'), '') as s from audit_log as x`.execute(t.ctx.db);
    const residents = await sql<{ s: string }>`select coalesce(string_agg(x::text, E'\n'), '') as s from resident as x`.execute(t.ctx.db);
    const texts = [...seen, stored.rows[0]!.s, audit.rows[0]!.s, residents.rows[0]!.s];
    expect(stored.rows[0]!.s).toContain('欧**东');
    for (const text of texts) {
      for (const value of [plain.name, plain.id, plain.phone, ...plain.tags]) expect(text).not.toContain(value);
    }
  });
});
