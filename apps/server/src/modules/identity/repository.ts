import type { Role } from '@gongzhi/contracts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Grant, SessionStage } from './principal.js';
import { identityChanged } from './principal-cache.js';

/** SQL of accounts, sessions, grants and their secrets. */
export class IdentityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  userByUsername(username: string) {
    return this.db.selectFrom('app_user').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  }

  userById(id: string) {
    return this.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Active grants with their node's code and name, outermost first. */
  async activeGrants(userId: string): Promise<Grant[]> {
    const rows = await this.db
      .selectFrom('role_grant as g')
      .innerJoin('jurisdiction_unit as u', 'u.id', 'g.unit_id')
      .leftJoin('department as d', 'd.id', 'g.department_id')
      .select(['g.id', 'g.role', 'g.path', 'u.code as unit_code', 'u.name as unit_name', 'g.department_id', 'd.name as department_name'])
      .where('g.user_id', '=', userId)
      .where('g.status', '=', 'active')
      .orderBy(sql`nlevel(g.path)`)
      .orderBy('g.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      role: r.role as Role,
      path: r.path,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      departmentId: r.department_id,
      departmentName: r.department_name,
    }));
  }

  async recordFailedLogin(userId: string, lockAfter: number, lockMinutes: number): Promise<{ failed: number; lockedUntil: Date | null }> {
    const r = await sql<{ failed_logins: number; locked_until: Date | null }>`
      update app_user set
        failed_logins = failed_logins + 1,
        locked_until = case when failed_logins + 1 >= ${lockAfter} then now() + make_interval(mins => ${lockMinutes}) else locked_until end,
        updated_at = now()
      where id = ${userId}
      returning failed_logins, locked_until`.execute(this.db);
    const row = r.rows[0]!;
    return { failed: Number(row.failed_logins), lockedUntil: row.locked_until };
  }

  async clearFailedLogins(userId: string): Promise<void> {
    await this.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
  }

  async setPassword(userId: string, passwordHash: string, mustChange: boolean): Promise<void> {
    identityChanged();
    await this.db
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: mustChange, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
    await this.db.insertInto('password_history').values({ user_id: userId, password_hash: passwordHash }).execute();
  }

  recentPasswordHashes(userId: string, n: number): Promise<string[]> {
    return this.db
      .selectFrom('password_history')
      .select('password_hash')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(n)
      .execute()
      .then((rows) => rows.map((r) => r.password_hash));
  }

  async setTotp(userId: string, secretEnc: string | null, enabled: boolean): Promise<void> {
    identityChanged();
    await this.db
      .updateTable('app_user')
      .set({ totp_secret_enc: secretEnc, totp_enabled_at: enabled ? new Date() : null, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    await this.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    if (hashes.length) await this.db.insertInto('recovery_code').values(hashes.map((h) => ({ user_id: userId, code_hash: h }))).execute();
  }

  /** Accepts a TOTP step only if it is newer than the last one used: each code signs in once. */
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('app_user')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Uses a recovery code once; true when it was valid and unused. */
  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    const r = await this.db
      .updateTable('recovery_code')
      .set({ used_at: new Date() })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // Sessions

  async createSession(s: { tokenHash: string; userId: string; stage: SessionStage; csrfToken: string; ip: string | null; userAgent: string | null; expiresAt: Date }) {
    return this.db
      .insertInto('user_session')
      .values({ token_hash: s.tokenHash, user_id: s.userId, stage: s.stage, csrf_token: s.csrfToken, ip: s.ip, user_agent: s.userAgent, expires_at: s.expiresAt })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }

  sessionByTokenHash(tokenHash: string) {
    return this.db
      .selectFrom('user_session')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /**
   * A live session with its user and the user's active grants (as activeGrants orders them), in one
   * round trip: every API request starts here, so three queries in a row would cost three trips.
   */
  async sessionPrincipal(tokenHash: string) {
    const r = await sql<{
      id: string;
      user_id: string;
      expires_at: Date;
      last_seen_at: Date;
      csrf_token: string;
      stage: SessionStage;
      username: string;
      display_name: string;
      kind: 'staff' | 'resident' | 'machine';
      status: string;
      grants: Grant[];
    }>`
      select s.id, s.user_id, s.expires_at, s.last_seen_at, s.csrf_token, s.stage, u.username, u.display_name, u.kind, u.status,
        (select coalesce(json_agg(json_build_object('id', g.id, 'role', g.role, 'path', g.path::text, 'unitCode', ju.code, 'unitName', ju.name,
                  'departmentId', g.department_id, 'departmentName', d.name) order by nlevel(g.path), g.created_at), '[]'::json)
           from role_grant g join jurisdiction_unit ju on ju.id = g.unit_id left join department d on d.id = g.department_id
          where g.user_id = s.user_id and g.status = 'active') as grants
      from user_session s join app_user u on u.id = s.user_id
      where s.token_hash = ${tokenHash} and s.revoked_at is null`.execute(this.db);
    return r.rows[0];
  }

  sessionById(id: string) {
    return this.db.selectFrom('user_session').select(['id', 'expires_at']).where('id', '=', id).executeTakeFirst();
  }

  async touchSession(id: string): Promise<void> {
    await this.db.updateTable('user_session').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
  }

  async setSessionStage(id: string, stage: SessionStage): Promise<void> {
    identityChanged();
    await this.db.updateTable('user_session').set({ stage }).where('id', '=', id).execute();
  }

  async revokeSession(id: string, userId?: string): Promise<boolean> {
    identityChanged();
    let q = this.db.updateTable('user_session').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null);
    if (userId) q = q.where('user_id', '=', userId);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  }

  async revokeAllSessions(userId: string, exceptId?: string): Promise<number> {
    identityChanged();
    let q = this.db.updateTable('user_session').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  liveSessions(userId: string) {
    return this.db
      .selectFrom('user_session')
      .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'expires_at', 'stage'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  // Machine tokens

  tokenByHash(tokenHash: string) {
    return this.db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async touchToken(id: string): Promise<void> {
    await this.db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', id).execute();
  }
}
