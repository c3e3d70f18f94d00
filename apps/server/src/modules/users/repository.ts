import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { escapeLike } from '../jurisdiction/repository.js';
import { identityChanged } from '../identity/principal-cache.js';

export interface UserFilter {
  /** The caller's subtrees for the action (scope in SQL); empty means nothing is visible. */
  scope: string[];
  path?: string | undefined;
  q?: string | undefined;
  role?: string | undefined;
  status?: 'active' | 'disabled' | 'locked' | undefined;
  kind?: string | undefined;
  phoneBidx?: string | undefined;
  after?: string | undefined;
  limit: number;
}

/** SQL of accounts as the administrators see them. An account's place is its unit's path. */
export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('app_user as u')
      .leftJoin('jurisdiction_unit as ju', 'ju.id', 'u.unit_id')
      .leftJoin('department as d', 'd.id', 'u.department_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.kind',
        'u.phone_enc',
        'u.status',
        'u.locked_until',
        'u.must_change_password',
        'u.totp_enabled_at',
        'u.is_demo',
        'u.created_at',
        'u.updated_at',
        'ju.code as unit_code',
        'ju.name as unit_name',
        'ju.level as unit_level',
        'ju.path as unit_path',
        'd.id as dept_id',
        'd.code as dept_code',
        'd.name as dept_name',
      ])
      .select(sql<string[]>`array(select g.role from role_grant g where g.user_id = u.id and g.status = 'active' order by g.role)`.as('roles'));
  }

  /** One page of accounts inside the scope, ordered by username (the cursor). */
  list(f: UserFilter) {
    let q = this.base().where(sql<boolean>`ju.path <@ ANY(${f.scope}::ltree[])`);
    if (f.path) q = q.where(sql<boolean>`ju.path <@ ${f.path}::ltree`);
    if (f.q) q = q.where((eb) => eb.or([eb('u.username', 'ilike', `%${escapeLike(f.q!)}%`), eb('u.display_name', 'ilike', `%${escapeLike(f.q!)}%`)]));
    if (f.role) q = q.where(sql<boolean>`exists (select 1 from role_grant g where g.user_id = u.id and g.status = 'active' and g.role = ${f.role})`);
    if (f.status === 'locked') q = q.where('u.status', '=', 'active').where('u.locked_until', '>', new Date());
    else if (f.status) q = q.where('u.status', '=', f.status);
    if (f.kind) q = q.where('u.kind', '=', f.kind as 'staff');
    if (f.phoneBidx) q = q.where('u.phone_bidx', '=', f.phoneBidx);
    if (f.after) q = q.where('u.username', '>', f.after);
    return q.orderBy('u.username').limit(f.limit + 1).execute();
  }

  byId(id: string) {
    return this.base().where('u.id', '=', id).executeTakeFirst();
  }

  byUsername(username: string) {
    return this.base().where('u.username', '=', username).executeTakeFirst();
  }

  unitByCode(code: string) {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('code', '=', code).executeTakeFirst();
  }

  rootUnit() {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('parent_id', 'is', null).orderBy('code').executeTakeFirst();
  }

  departmentByCode(code: string) {
    return this.db.selectFrom('department').select(['id', 'code', 'name', 'unit_id', 'path']).where('code', '=', code).executeTakeFirst();
  }

  async insert(v: {
    username: string;
    displayName: string;
    kind: 'staff' | 'resident' | 'machine';
    phoneEnc: string | null;
    phoneBidx: string | null;
    unitId: string;
    departmentId: string | null;
    passwordHash: string | null;
    mustChangePassword: boolean;
  }): Promise<string> {
    const row = await this.db
      .insertInto('app_user')
      .values({
        username: v.username,
        display_name: v.displayName,
        kind: v.kind,
        phone_enc: v.phoneEnc,
        phone_bidx: v.phoneBidx,
        unit_id: v.unitId,
        department_id: v.departmentId,
        password_hash: v.passwordHash,
        password_changed_at: v.passwordHash ? new Date() : null,
        must_change_password: v.mustChangePassword,
      })
      // A concurrent create of the same username loses quietly; the caller reports the conflict.
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row && v.passwordHash) await this.db.insertInto('password_history').values({ user_id: row.id, password_hash: v.passwordHash }).execute();
    return row?.id ?? '';
  }

  async update(id: string, set: { displayName?: string; phoneEnc?: string; phoneBidx?: string; status?: 'active' | 'disabled' }): Promise<void> {
    identityChanged();
    await this.db
      .updateTable('app_user')
      .set({
        ...(set.displayName !== undefined ? { display_name: set.displayName } : {}),
        ...(set.phoneEnc !== undefined ? { phone_enc: set.phoneEnc, phone_bidx: set.phoneBidx ?? null } : {}),
        ...(set.status !== undefined ? { status: set.status } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  }

  async unlock(id: string): Promise<void> {
    await this.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null, updated_at: new Date() }).where('id', '=', id).execute();
  }

  /**
   * An administrator-set initial password: must be changed at the next sign-in. The account stops
   * being a demo account, whose exemption from the forced change would otherwise defeat the reset.
   */
  async resetPassword(id: string, passwordHash: string): Promise<void> {
    identityChanged();
    await this.db
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: true, is_demo: false, failed_logins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await this.db.insertInto('password_history').values({ user_id: id, password_hash: passwordHash }).execute();
  }

  async resetMfa(id: string): Promise<void> {
    identityChanged();
    await this.db.updateTable('app_user').set({ totp_secret_enc: null, totp_enabled_at: null, updated_at: new Date() }).where('id', '=', id).execute();
    await this.db.deleteFrom('recovery_code').where('user_id', '=', id).execute();
  }

  async revokeSessions(userId: string): Promise<number> {
    identityChanged();
    const r = await this.db.updateTable('user_session').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

export type UserRow = NonNullable<Awaited<ReturnType<UserRepository['byId']>>>;
