import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface TaskFilter {
  scope: string[];
  path?: string | undefined;
  kind?: string | undefined;
  status: 'open' | 'done' | 'dismissed' | 'all';
  assignee?: string | 'none' | undefined;
  /** (created_at, id) of the last row of the previous page: newest first. */
  after?: { at: string; id: string } | undefined;
  limit: number;
}

const inScope = (col: string, scope: string[]) => sql<boolean>`${sql.ref(col)} <@ ANY(${scope}::ltree[])`;

/** SQL of 核查 tasks. Residents appear by their mask columns only. */
export class VerificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(f: TaskFilter) {
    let q = this.db
      .selectFrom('verification_task as t')
      .innerJoin('jurisdiction_unit as n', 'n.id', 't.neighborhood_id')
      .leftJoin('resident as r', 'r.id', 't.resident_id')
      .leftJoin('household as h', (j) => j.on(sql<boolean>`h.id = coalesce(t.household_id, r.household_id)`))
      .leftJoin('building as b', 'b.id', 'h.building_id')
      .leftJoin('compound as c', 'c.id', 'h.compound_id')
      .leftJoin('app_user as a', 'a.id', 't.assignee_id')
      .leftJoin('app_user as d', 'd.id', 't.done_by')
      .select([
        't.id',
        't.kind',
        't.status',
        't.resident_id',
        't.detail',
        't.note',
        't.created_at',
        't.done_at',
        't.assignee_id',
        'a.display_name as assignee_name',
        'd.display_name as done_by_name',
        'n.code as n_code',
        'n.name as n_name',
        'r.name_mask',
        'r.id_number_mask',
        'r.phone_mask',
        'r.verified_at',
        'c.name as compound_name',
        'b.name as building_name',
        'h.unit_no',
        'h.room',
      ])
      .where(inScope('t.path', f.scope));
    if (f.path) q = q.where(sql<boolean>`t.path <@ ${f.path}::ltree`);
    if (f.kind) q = q.where('t.kind', '=', f.kind as 'stale');
    if (f.status !== 'all') q = q.where('t.status', '=', f.status);
    if (f.assignee === 'none') q = q.where('t.assignee_id', 'is', null);
    else if (f.assignee) q = q.where('t.assignee_id', '=', f.assignee);
    if (f.after) q = q.where(sql<boolean>`(t.created_at, t.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
    return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(f.limit + 1).execute();
  }

  /** Opens stale and missing-field tasks for the active residents under `paths`; the unique open index keeps it idempotent. */
  async generate(trx: Kysely<DB>, kind: 'stale' | 'missing_fields', scope: string[], path: string | null): Promise<number> {
    const where =
      kind === 'stale'
        ? sql`(r.verified_at IS NULL OR r.verified_at < now() - interval '12 months')`
        : sql`r.phone_bidx IS NULL`;
    const detail = kind === 'stale' ? sql`jsonb_build_object('verifiedAt', r.verified_at)` : sql`jsonb_build_object('missing', jsonb_build_array('phone'))`;
    const under = path ? sql`AND r.path <@ ${path}::ltree` : sql``;
    const res = await sql<{ n: string }>`
      WITH ins AS (
        INSERT INTO verification_task (kind, resident_id, household_id, neighborhood_id, path, detail)
        SELECT ${kind}, r.id, r.household_id, r.neighborhood_id, r.path, ${detail}
        FROM resident r
        WHERE r.status = 'active' AND r.path <@ ANY(${scope}::ltree[]) ${under} AND ${where}
        ON CONFLICT (kind, resident_id) WHERE status = 'open' AND resident_id IS NOT NULL DO NOTHING
        RETURNING 1
      ) SELECT count(*) AS n FROM ins`.execute(trx);
    return Number(res.rows[0]?.n ?? 0);
  }

  async openCount(scope: string[], path: string | null, trx: Kysely<DB> = this.db): Promise<number> {
    let q = trx
      .selectFrom('verification_task as t')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('t.status', '=', 'open')
      .where(inScope('t.path', scope));
    if (path) q = q.where(sql<boolean>`t.path <@ ${path}::ltree`);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  /** Tasks by id inside the scope, locked for a change. */
  lockTasks(trx: Kysely<DB>, ids: string[], scope: string[]) {
    return trx.selectFrom('verification_task as t').select(['t.id', 't.path', 't.status', 't.assignee_id']).where('t.id', 'in', ids).where(inScope('t.path', scope)).forUpdate().execute();
  }

  lockTask(trx: Kysely<DB>, id: string) {
    return trx.selectFrom('verification_task').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  findTask(id: string) {
    return this.db.selectFrom('verification_task').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
  }

  /** Of `ids`, the tasks the user's active grants (with one of `roles`) do not cover. */
  async notCoveredBy(trx: Kysely<DB>, userId: string, roles: string[], ids: string[]): Promise<string[]> {
    const rows = await trx
      .selectFrom('verification_task as t')
      .select('t.id')
      .where('t.id', 'in', ids)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('role_grant as g')
              .innerJoin('app_user as u', 'u.id', 'g.user_id')
              .select(sql`1`.as('x'))
              .where('g.user_id', '=', userId)
              .where('g.status', '=', 'active')
              .where('g.role', 'in', roles)
              .where('u.status', '=', 'active')
              .where('u.kind', '=', 'staff')
              .where(sql<boolean>`t.path <@ g.path`),
          ),
        ),
      )
      .execute();
    return rows.map((r) => r.id);
  }

  assign(trx: Kysely<DB>, ids: string[], assigneeId: string | null) {
    return trx.updateTable('verification_task').set({ assignee_id: assigneeId }).where('id', 'in', ids).where('status', '=', 'open').execute();
  }

  close(trx: Kysely<DB>, id: string, v: { status: 'done' | 'dismissed'; note: string; userId: string }) {
    return trx.updateTable('verification_task').set({ status: v.status, note: v.note, done_at: sql`now()`, done_by: v.userId }).where('id', '=', id).execute();
  }

  /** A verified resident is no longer stale: its other open stale task closes with the check. */
  closeStaleOf(trx: Kysely<DB>, residentId: string, exceptId: string, userId: string, note: string) {
    return trx
      .updateTable('verification_task')
      .set({ status: 'done', note, done_at: sql`now()`, done_by: userId })
      .where('resident_id', '=', residentId)
      .where('kind', '=', 'stale')
      .where('status', '=', 'open')
      .where('id', '!=', exceptId)
      .execute();
  }

  async markResidentVerified(trx: Kysely<DB>, residentId: string) {
    return trx
      .updateTable('resident')
      .set({ verified_at: sql`now()`, updated_at: sql`now()`, version: sql`version + 1` })
      .where('id', '=', residentId)
      .returning(['id', 'household_id', 'neighborhood_id', 'path', 'verified_at'])
      .executeTakeFirst();
  }

  async markHouseholdVerified(trx: Kysely<DB>, householdId: string) {
    return trx
      .updateTable('household')
      .set({ verified_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', householdId)
      .returning(['id', 'neighborhood_id', 'path', 'verified_at'])
      .executeTakeFirst();
  }

  writeChange(trx: Kysely<DB>, v: { residentId: string | null; householdId: string | null; neighborhoodId: string; path: string; changes: Record<string, unknown>; reason: string; actorId: string }) {
    return trx
      .insertInto('resident_change')
      .values({
        resident_id: v.residentId,
        household_id: v.householdId,
        neighborhood_id: v.neighborhoodId,
        path: v.path,
        kind: 'verified',
        changes: JSON.stringify(v.changes),
        reason: v.reason,
        actor_id: v.actorId,
      })
      .execute();
  }

  /** Accounts that may work tasks, granted inside the caller's scope (and touching `path`). */
  assignees(scope: string[], roles: string[], path: string | null) {
    let q = this.db
      .selectFrom('role_grant as g')
      .innerJoin('app_user as u', 'u.id', 'g.user_id')
      .innerJoin('jurisdiction_unit as j', 'j.id', 'g.unit_id')
      .select(['u.id', 'u.display_name', 'u.username', 'g.role', 'j.code', 'j.name', 'g.path'])
      .where('g.status', '=', 'active')
      .where('g.role', 'in', roles)
      .where('u.status', '=', 'active')
      .where('u.kind', '=', 'staff')
      .where(inScope('g.path', scope));
    if (path) q = q.where(sql<boolean>`(g.path <@ ${path}::ltree OR g.path @> ${path}::ltree)`);
    return q.orderBy('g.path').orderBy('u.username').limit(300).execute();
  }

  unitByCode(code: string) {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('code', '=', code).executeTakeFirst();
  }

  unitByPath(path: string) {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where(sql<boolean>`path = ${path}::ltree`).executeTakeFirst();
  }

  /** Open / done / dismissed counts under each child of a unit (and the unit itself), inside the scope. */
  async progress(unit: { id: string; path: string }, scope: string[]) {
    const counts = sql`count(t.id) FILTER (WHERE t.status = 'open') AS open,
      count(t.id) FILTER (WHERE t.status = 'done') AS done,
      count(t.id) FILTER (WHERE t.status = 'dismissed') AS dismissed`;
    const children = await sql<{ code: string; name: string; level: string; open: string; done: string; dismissed: string }>`
      SELECT j.code, j.name, j.level, ${counts}
      FROM jurisdiction_unit j
      LEFT JOIN verification_task t ON t.path <@ j.path AND t.path <@ ANY(${scope}::ltree[])
      WHERE j.parent_id = ${unit.id} AND (j.path <@ ANY(${scope}::ltree[]) OR j.path @> ANY(${scope}::ltree[]))
      GROUP BY j.code, j.name, j.level ORDER BY j.code`.execute(this.db);
    const totals = await sql<{ open: string; done: string; dismissed: string }>`
      SELECT ${counts} FROM verification_task t WHERE t.path <@ ${unit.path}::ltree AND t.path <@ ANY(${scope}::ltree[])`.execute(this.db);
    return { children: children.rows, totals: totals.rows[0]! };
  }
}
