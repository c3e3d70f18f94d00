// Mass assignment: writes that carry, beside a valid body, fields the caller may not set (ids,
// places, status, versions, authorship, roles, verification times). They must be refused (400) or
// ignored — the stored record never takes them.
import type { Role } from '@gongzhi/contracts';
import type { AccessFixture } from './access-fixtures.js';
import { pointIn } from './cases.js';
import { makeIdNumber } from './community.js';
import type { TestApp } from './test-app.js';

const foreignId = '11111111-1111-4111-8111-111111111111';
const audit = { createdBy: foreignId, created_by: foreignId, createdAt: '2000-01-01T00:00:00+08:00', updatedAt: '2000-01-01T00:00:00+08:00', actorId: foreignId };

export interface MassCase {
  name: string;
  role: Role;
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  body: Record<string, unknown>;
  /** Reads the stored record back; returns what was applied that should not have been. */
  check: (res: { status: number; body: any }) => Promise<string[]>;
}

export async function massCases(t: TestApp, fx: AccessFixture): Promise<MassCase[]> {
  const db = t.ctx.db;
  const resident = () => db.selectFrom('resident').selectAll().where('id', '=', fx.ids.resident.inside).executeTakeFirstOrThrow();
  const before = await resident();
  const outHousehold = await db.selectFrom('household').select(['id', 'path']).where('id', '=', fx.ids.household.outside).executeTakeFirstOrThrow();
  const building = await db.selectFrom('building').select(['id', 'path', 'compound_id']).where('id', '=', fx.ids.building.inside).executeTakeFirstOrThrow();
  const compound = () => db.selectFrom('compound').selectAll().where('id', '=', fx.ids.compound.inside).executeTakeFirstOrThrow();
  const compoundBefore = await compound();
  const user = () => db.selectFrom('app_user').selectAll().where('id', '=', fx.ids.user.inside).executeTakeFirstOrThrow();
  const userBefore = await user();
  const grantsOf = async (id: string) => (await db.selectFrom('role_grant').select(['role', 'path', 'status']).where('user_id', '=', id).execute()).map((g) => `${g.role}@${g.path}:${g.status}`).sort();
  const grantsBefore = await grantsOf(fx.ids.user.inside);
  const diff = (label: string, a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? [] : [`${label}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`]);

  return [
    {
      name: 'resident update cannot move, re-identify, verify or kill the resident',
      role: 'neighborhood_staff',
      method: 'PATCH',
      url: `/api/residents/${before.id}`,
      body: {
        version: before.version,
        politicalStatus: 'masses',
        reason: '矩阵测试：越权字段',
        ...audit,
        id: foreignId,
        path: outHousehold.path,
        householdId: outHousehold.id,
        household_id: outHousehold.id,
        status: 'deceased',
        idNumber: makeIdNumber('19800101', 77),
        verifiedAt: '2000-01-01T00:00:00+08:00',
        verified_at: '2000-01-01T00:00:00+08:00',
        neighborhoodId: foreignId,
      },
      check: async () => {
        const now = await resident();
        return [
          ...diff('path', before.path, now.path),
          ...diff('household', before.household_id, now.household_id),
          ...diff('status', before.status, now.status),
          ...diff('id number', before.id_number_bidx, now.id_number_bidx),
          ...(now.verified_at && new Date(now.verified_at).getFullYear() === 2000 ? ['verified_at set by the caller'] : []),
        ];
      },
    },
    {
      name: 'household create takes its place from the building, not from the body',
      role: 'neighborhood_staff',
      method: 'POST',
      url: '/api/households',
      body: { buildingId: building.id, floor: 2, room: '矩阵801', ...audit, id: foreignId, path: outHousehold.path, compoundId: fx.ids.compound.outside, neighborhoodId: foreignId, status: 'closed' },
      check: async (res) => {
        const row = await db.selectFrom('household').selectAll().where('room', '=', '矩阵801').executeTakeFirst();
        if (!row) return res.status < 300 ? ['created household not found'] : [];
        return [...diff('path', building.path, row.path), ...diff('compound', building.compound_id, row.compound_id), ...(row.id === foreignId ? ['id taken from the body'] : [])];
      },
    },
    {
      name: 'compound update cannot rename, recode, retype or move the compound',
      role: 'neighborhood_staff',
      method: 'PATCH',
      url: `/api/compounds/${compoundBefore.id}`,
      body: { propertyCompany: '矩阵物业', ...audit, id: foreignId, code: 'HACK01', name: '越权小区', type: 'old_villa', path: outHousehold.path, neighborhoodId: foreignId },
      check: async () => {
        const now = await compound();
        return [...diff('code', compoundBefore.code, now.code), ...diff('name', compoundBefore.name, now.name), ...diff('type', compoundBefore.type, now.type), ...diff('path', compoundBefore.path, now.path)];
      },
    },
    {
      name: 'account update cannot change username, kind, unit, department or roles',
      role: 'security_admin',
      method: 'PATCH',
      url: `/api/users/${userBefore.id}`,
      body: {
        displayName: '矩阵改名',
        ...audit,
        id: foreignId,
        username: 'mx.hijacked',
        kind: 'machine',
        unit: '310105',
        unitId: foreignId,
        departmentId: foreignId,
        role: 'system_admin',
        roles: ['system_admin'],
        grants: [{ role: 'system_admin', unit: '310105' }],
        isDemo: false,
        mustChangePassword: false,
        passwordHash: 'x',
        mfaEnabled: false,
      },
      check: async () => {
        const now = await user();
        return [
          ...diff('username', userBefore.username, now.username),
          ...diff('kind', userBefore.kind, now.kind),
          ...diff('unit', userBefore.unit_id, now.unit_id),
          ...diff('department', userBefore.department_id, now.department_id),
          ...diff('password', userBefore.password_hash, now.password_hash),
          ...diff('grants', grantsBefore, await grantsOf(userBefore.id)),
        ];
      },
    },
    {
      name: 'a resident’s report cannot choose its status, number, reporter account, place or department',
      role: 'resident',
      method: 'POST',
      url: '/api/cases',
      body: {
        description: '矩阵测试：越权字段的居民上报',
        location: await pointIn(t, '310105004001'),
        ...audit,
        id: foreignId,
        number: '20000101000001',
        status: 'closed',
        path: '1',
        reporterUserId: fx.userIds.district_admin,
        leadDepartmentId: foreignId,
        version: 99,
        overdue: true,
        supervised: true,
      },
      check: async (res) => {
        const row = await db.selectFrom('case_record').selectAll().where('description', '=', '矩阵测试：越权字段的居民上报').executeTakeFirst();
        if (!row) return res.status < 300 ? ['created case not found'] : [];
        return [
          ...(row.id === foreignId ? ['id taken from the body'] : []),
          ...(row.number === '20000101000001' ? ['number taken from the body'] : []),
          ...(row.status === 'closed' ? ['status taken from the body'] : []),
          ...(row.path === '1' ? ['path taken from the body'] : []),
          ...diff('reporter account', fx.userIds.resident, row.reporter_user_id),
          ...(row.lead_department_id === foreignId ? ['department taken from the body'] : []),
          ...(row.version === 99 ? ['version taken from the body'] : []),
        ];
      },
    },
  ];
}
