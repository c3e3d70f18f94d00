// Fixtures of the access matrix: one account per role granted at 新华路街道 (inside), and records of
// each kind both inside it and in 虹桥街道 (outside), with plain ID numbers and phones behind them.
import { type Role, roles } from '@gongzhi/contracts';
import { sql } from 'kysely';
import { createAccount, signIn } from './accounts.js';
import type { Session } from './auth.js';
import { act, createCase, departmentId, pointIn } from './cases.js';
import { addResidents } from './residents.js';
import type { TestApp } from './test-app.js';

export const INSIDE = '310105004'; // 新华路街道
export const OUTSIDE = '310105009'; // 虹桥街道
export const INSIDE_NB = '310105004001';

/** Ids of one kind of record inside and outside; `inside: null` when the matrix has no such record (its allow cells then only check the gate). */
export interface Pair {
  inside: string;
  outside: string | null;
}

export interface AccessFixture {
  sessions: Record<Role, Session>;
  userIds: Record<Role, string>;
  ids: {
    case: Pair;
    resident: Pair;
    household: Pair;
    building: Pair;
    compound: Pair;
    user: Pair;
    grant: Pair;
    task: Pair;
    unit: Pair;
    neighborhood: Pair;
  };
  governanceItem: string;
  deadlineRule: string;
  /** Plain personal values behind the records (the masking scan must never find them, nor any like them). */
  plain: { idNumbers: string[]; phones: string[] };
  /** Every id of a record outside, for the leak scan of responses to callers granted inside. */
  outsideIds: string[];
}

async function firstNeighborhood(t: TestApp, sub: string): Promise<string> {
  const r = await t.ctx.db.selectFrom('jurisdiction_unit').select('code').where('level', '=', 'neighborhood').where('code', 'like', `${sub}%`).orderBy('code').executeTakeFirstOrThrow();
  return r.code;
}

async function placeOfHousehold(t: TestApp, householdId: string) {
  return t.ctx.db.selectFrom('household').select(['building_id', 'compound_id']).where('id', '=', householdId).executeTakeFirstOrThrow();
}

export async function buildAccessFixture(t: TestApp): Promise<AccessFixture> {
  const db = t.ctx.db;
  const cgzf = await departmentId(t, '310105-CGZF');
  const otherDept = (await db.selectFrom('department').select('id').where('id', '!=', cgzf).orderBy('code').executeTakeFirstOrThrow()).id;

  // One account per role, granted at the inside 街镇 (the handler for 城管执法, the resident as a resident).
  const userIds = {} as Record<Role, string>;
  for (const [i, role] of roles.entries()) {
    const id = await createAccount(t, { username: `mx.${role}`, unit: INSIDE, role, phone: `1390001${String(i).padStart(4, '0')}` });
    userIds[role] = id;
    if (role === 'department_handler') {
      await db.updateTable('app_user').set({ department_id: cgzf }).where('id', '=', id).execute();
      await db.updateTable('role_grant').set({ department_id: cgzf }).where('user_id', '=', id).execute();
    }
    if (role === 'resident') await db.updateTable('app_user').set({ kind: 'resident' }).where('id', '=', id).execute();
  }
  const sessions = {} as Record<Role, Session>;
  for (const role of roles) sessions[role] = await signIn(t.app, `mx.${role}`);

  // Accounts as records: one in each 街镇.
  const userIn = await createAccount(t, { username: 'mx.record.in', unit: INSIDE_NB, role: 'neighborhood_staff', phone: '13900020001' });
  const outNb = await firstNeighborhood(t, OUTSIDE);
  const userOut = await createAccount(t, { username: 'mx.record.out', unit: outNb, role: 'neighborhood_staff', phone: '13900020002' });
  const grantOf = async (u: string) => (await db.selectFrom('role_grant').select('id').where('user_id', '=', u).executeTakeFirstOrThrow()).id;

  // People: residents with plain ID numbers and phones in each 街镇.
  const inPeople = await addResidents(t, INSIDE_NB, [
    { name: '矩阵甲', phone: '13912340001', verifiedDaysAgo: 1000 },
    { name: '矩阵乙', phone: '13912340002', verifiedDaysAgo: null },
  ]);
  const outPeople = await addResidents(t, outNb, [{ name: '矩阵丙', phone: '13912340003', verifiedDaysAgo: 1000 }]);
  const inPlace = await placeOfHousehold(t, inPeople.householdId);
  const outPlace = await placeOfHousehold(t, outPeople.householdId);

  // Verification tasks on those residents.
  const task = async (residentId: string) => {
    const r = await db.selectFrom('resident').select(['path', 'neighborhood_id', 'household_id']).where('id', '=', residentId).executeTakeFirstOrThrow();
    const row = await db
      .insertInto('verification_task')
      .values({ kind: 'stale', resident_id: residentId, household_id: r.household_id, neighborhood_id: r.neighborhood_id, path: r.path, detail: JSON.stringify({}) as never, created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  // Cases: inside, reported by the matrix resident and dispatched to 城管执法 (the matrix handler's
  // department); outside, reported by 虹桥's dispatcher and dispatched elsewhere. Both with a reporter phone.
  const hongqiao = await signIn(t.app, 'dispatcher.hongqiao');
  const xinhua = await signIn(t.app, 'dispatcher.xinhua');
  const inCase = await createCase(t.app, sessions.resident, {
    categoryCode: 'B0201',
    type: 'complaint',
    description: '矩阵测试：番禺路路口有流动摊贩占道经营',
    location: await pointIn(t, '310105004001'),
    reporter: { name: '报案人甲', phone: '13912340011', contactConsent: true },
  });
  if (inCase.status !== 201) throw new Error(`inside case: ${JSON.stringify(inCase.body)}`);
  const outCase = await createCase(t.app, hongqiao, {
    categoryCode: 'B0201',
    type: 'complaint',
    description: '矩阵测试：虹桥路口有流动摊贩占道经营',
    location: await pointIn(t, outNb),
    channel: 'grid_patrol',
    reporter: { name: '报案人乙', phone: '13912340012', contactConsent: true },
  });
  if (outCase.status !== 201) throw new Error(`outside case: ${JSON.stringify(outCase.body)}`);
  const inId = inCase.body.case.id as string;
  const outId = outCase.body.case.id as string;
  const r1 = await act(t.app, xinhua, inId, 'redispatch', { leadDepartmentId: cgzf });
  const r2 = await act(t.app, hongqiao, outId, 'redispatch', { leadDepartmentId: otherDept });
  if (r1.status !== 200 || r2.status !== 200) throw new Error(`redispatch: ${JSON.stringify([r1.body, r2.body])}`);

  const governanceItem = (await db.selectFrom('governance_item').select('id').where('compound_type', '=', 'commercial').orderBy('id').executeTakeFirstOrThrow()).id;
  const deadlineRule = (await db.selectFrom('deadline_rule').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  const [inTask, outTask] = [await task(inPeople.ids[0]!), await task(outPeople.ids[0]!)];

  const ids: AccessFixture['ids'] = {
    case: { inside: inId, outside: outId },
    resident: { inside: inPeople.ids[0]!, outside: outPeople.ids[0]! },
    household: { inside: inPeople.householdId, outside: outPeople.householdId },
    building: { inside: inPlace.building_id, outside: outPlace.building_id },
    compound: { inside: inPlace.compound_id, outside: outPlace.compound_id },
    user: { inside: userIn, outside: userOut },
    grant: { inside: await grantOf(userIn), outside: await grantOf(userOut) },
    task: { inside: inTask, outside: outTask },
    unit: { inside: INSIDE, outside: OUTSIDE },
    neighborhood: { inside: INSIDE_NB, outside: outNb },
  };
  const plain = await plainValues(t);
  const outsideIds = [outId, outPeople.ids[0]!, outPeople.householdId, userOut, outTask];
  return { sessions, userIds, ids, governanceItem, deadlineRule, plain, outsideIds };
}

/** Every ID number and phone stored (decrypted here, in the test), so the scan can also look for exact values. */
async function plainValues(t: TestApp): Promise<{ idNumbers: string[]; phones: string[] }> {
  const c = t.ctx.cipher;
  const res = await t.ctx.db.selectFrom('resident').select(['id_number_enc', 'phone_enc']).execute();
  const cases = await sql<{ p: string | null }>`select reporter_phone_enc as p from case_record`.execute(t.ctx.db);
  const users = await t.ctx.db.selectFrom('app_user').select('phone_enc').execute();
  const idNumbers = res.map((r) => (r.id_number_enc ? c.decrypt(r.id_number_enc, 'resident.id_number') : null)).filter((v): v is string => !!v);
  const phones = [
    ...res.map((r) => (r.phone_enc ? c.decrypt(r.phone_enc, 'resident.phone') : null)),
    ...cases.rows.map((r) => (r.p ? c.decrypt(r.p, 'case_record.reporter_phone') : null)),
    ...users.map((u) => (u.phone_enc ? c.decrypt(u.phone_enc, 'app_user.phone') : null)),
  ].filter((v): v is string => !!v);
  return { idNumbers, phones };
}
