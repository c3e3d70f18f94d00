import type { Role } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { DB } from '../db/schema.js';
import { hashPassword } from '../modules/identity/password.js';
import { hashSecret } from '../modules/identity/session-tokens.js';

/** The demo accounts every issue's tests and the README refer to. */
export const demoAccounts: { username: string; displayName: string; role: Role; unit: string; department?: string; phone: string; kind?: 'resident' }[] = [
  { username: 'district.admin', displayName: '区地区办管理员', role: 'district_admin', unit: '310105', phone: '13800000001' },
  { username: 'dispatcher.xinhua', displayName: '新华路街道调度员', role: 'subdistrict_dispatcher', unit: '310105004', phone: '13800000002' },
  { username: 'dispatcher.hongqiao', displayName: '虹桥街道调度员', role: 'subdistrict_dispatcher', unit: '310105009', phone: '13800000003' },
  { username: 'handler.chengguan', displayName: '区城管执法局处置员', role: 'department_handler', unit: '310105', department: '310105-CGZF', phone: '13800000004' },
  { username: 'grid.xinhua', displayName: '新华路网格员', role: 'grid_worker', unit: '310105004001001', phone: '13800000005' },
  { username: 'staff.xinhua', displayName: '番禺居委会社工', role: 'neighborhood_staff', unit: '310105004001', phone: '13800000006' },
  { username: 'resident.demo', displayName: '演示居民', role: 'resident', unit: '310105004001', phone: '13800000007', kind: 'resident' },
  { username: 'system.admin', displayName: '系统管理员', role: 'system_admin', unit: '310105', phone: '13800000008' },
  { username: 'security.admin', displayName: '安全管理员', role: 'security_admin', unit: '310105', phone: '13800000009' },
  { username: 'audit.admin', displayName: '审计管理员', role: 'audit_admin', unit: '310105', phone: '13800000010' },
];

/** Seeds the demo accounts (once), their grants, and the Open311 machine account with its API key. */
export async function seedDemoUsers(db: Kysely<DB>, cipher: FieldCipher, opts: { password: string; open311Key: string }): Promise<number> {
  const done = await db.selectFrom('app_meta').select('key').where('key', '=', 'seed_users').executeTakeFirst();
  if (done) return 0;
  const units = new Map((await db.selectFrom('jurisdiction_unit').select(['id', 'code', 'path']).where('level', '!=', 'grid').execute()).map((u) => [u.code, u]));
  const grids = await db.selectFrom('jurisdiction_unit').select(['id', 'code', 'path']).where('code', 'in', demoAccounts.map((a) => a.unit)).execute();
  for (const g of grids) units.set(g.code, g);
  const departments = new Map((await db.selectFrom('department').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  const hashes = await Promise.all(demoAccounts.map(() => hashPassword(opts.password)));

  await db.transaction().execute(async (trx) => {
    for (const [i, a] of demoAccounts.entries()) {
      const unit = units.get(a.unit);
      if (!unit) throw new Error(`演示账号 ${a.username} 的单位 ${a.unit} 不存在`);
      const departmentId = a.department ? (departments.get(a.department) ?? null) : null;
      const user = await trx
        .insertInto('app_user')
        .values({
          username: a.username,
          display_name: a.displayName,
          kind: a.kind ?? 'staff',
          phone_enc: cipher.encrypt(a.phone, 'app_user.phone'),
          phone_bidx: cipher.blindIndex('phone', a.phone),
          unit_id: unit.id,
          department_id: departmentId,
          password_hash: hashes[i]!,
          password_changed_at: new Date(),
          must_change_password: false,
          is_demo: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('password_history').values({ user_id: user.id, password_hash: hashes[i]! }).execute();
      await trx.insertInto('role_grant').values({ user_id: user.id, role: a.role, unit_id: unit.id, department_id: departmentId, path: unit.path, status: 'active', reason: '演示数据' }).execute();
    }
    const district = units.get('310105')!;
    const machine = await trx
      .insertInto('app_user')
      .values({ username: 'open311.client', display_name: 'Open311 接入客户端', kind: 'machine', unit_id: district.id, must_change_password: false, is_demo: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('api_token')
      .values({ name: '演示 Open311 接入', prefix: opts.open311Key.slice(0, 8), token_hash: hashSecret(opts.open311Key), user_id: machine.id, scopes: ['open311'] })
      .execute();
    await trx.insertInto('app_meta').values({ key: 'seed_users', value: JSON.stringify({ accounts: demoAccounts.length + 1 }) }).execute();
  });
  return demoAccounts.length + 1;
}
