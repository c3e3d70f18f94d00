import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identityChanged } from '../identity/principal-cache.js';

type GrantStatus = 'pending' | 'active' | 'rejected' | 'revoked';

/** SQL of role grants. A grant's place is its path: the node it was granted at. */
export class GrantRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('role_grant as g')
      .innerJoin('app_user as gu', 'gu.id', 'g.user_id')
      .innerJoin('jurisdiction_unit as ju', 'ju.id', 'g.unit_id')
      .leftJoin('department as d', 'd.id', 'g.department_id')
      .leftJoin('app_user as rq', 'rq.id', 'g.requested_by')
      .leftJoin('app_user as dc', 'dc.id', 'g.decided_by')
      .leftJoin('app_user as rv', 'rv.id', 'g.revoked_by')
      .select([
        'g.id',
        'g.user_id',
        'g.role',
        'g.path',
        'g.status',
        'g.reason',
        'g.requested_by',
        'g.decided_at',
        'g.revoked_at',
        'g.created_at',
        'gu.username as user_username',
        'gu.display_name as user_display_name',
        'ju.code as unit_code',
        'ju.name as unit_name',
        'ju.level as unit_level',
        'd.id as dept_id',
        'd.code as dept_code',
        'd.name as dept_name',
        'rq.id as rq_id',
        'rq.username as rq_username',
        'rq.display_name as rq_display_name',
        'dc.id as dc_id',
        'dc.username as dc_username',
        'dc.display_name as dc_display_name',
        'rv.id as rv_id',
        'rv.username as rv_username',
        'rv.display_name as rv_display_name',
      ]);
  }

  byId(id: string) {
    return this.base().where('g.id', '=', id).executeTakeFirst();
  }

  /** Every grant of one account, live ones first. */
  forUser(userId: string) {
    return this.base()
      .where('g.user_id', '=', userId)
      .orderBy(sql`case g.status when 'active' then 0 when 'pending' then 1 else 2 end`)
      .orderBy('g.created_at', 'desc')
      .execute();
  }

  /** Grants placed inside the scope, newest first; the cursor is (created_at, id). */
  list(f: { scope: string[]; status?: GrantStatus | undefined; after?: [string, string] | undefined; limit: number }) {
    let q = this.base().where(sql<boolean>`g.path <@ ANY(${f.scope}::ltree[])`);
    if (f.status) q = q.where('g.status', '=', f.status);
    if (f.after) q = q.where(sql<boolean>`(g.created_at, g.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
    return q.orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(f.limit + 1).execute();
  }

  /** Roles the account holds or has asked for (active or pending). */
  async liveRoles(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('role_grant').select('role').where('user_id', '=', userId).where('status', 'in', ['active', 'pending']).execute();
    return rows.map((r) => r.role);
  }

  /** Inserts a grant; null when the same role is already live at the same node (the unique index). */
  async insert(v: { userId: string; role: string; unitId: string; departmentId: string | null; path: string; status: 'pending' | 'active'; reason: string; requestedBy: string }): Promise<string | null> {
    identityChanged();
    const row = await this.db
      .insertInto('role_grant')
      .values({
        user_id: v.userId,
        role: v.role,
        unit_id: v.unitId,
        department_id: v.departmentId,
        path: v.path,
        status: v.status,
        reason: v.reason,
        requested_by: v.requestedBy,
        ...(v.status === 'active' ? { decided_by: v.requestedBy, decided_at: new Date() } : {}),
      })
      .onConflict((oc) => oc.expression(sql`user_id, role, unit_id, (coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid))`).where(sql<boolean>`status in ('pending', 'active')`).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Compare-and-set from pending: false when someone else decided first. */
  async decide(id: string, to: 'active' | 'rejected', by: string): Promise<boolean> {
    identityChanged();
    const r = await this.db
      .updateTable('role_grant')
      .set({ status: to, decided_by: by, decided_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Compare-and-set from a live status to revoked. */
  async revoke(id: string, from: 'pending' | 'active', by: string): Promise<boolean> {
    identityChanged();
    const r = await this.db
      .updateTable('role_grant')
      .set({ status: 'revoked', revoked_by: by, revoked_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

export type GrantRow = NonNullable<Awaited<ReturnType<GrantRepository['byId']>>>;
