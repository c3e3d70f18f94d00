import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseEventTable, CaseRecordTable } from '../../db/schema-cases.js';
import type { CaseScope } from './scope.js';

export type CaseRow = Selectable<CaseRecordTable> & {
  sub_code: string | null;
  sub_name: string | null;
  nb_code: string | null;
  nb_name: string | null;
  grid_code: string | null;
  grid_name: string | null;
};
export type CaseEventRow = Selectable<CaseEventTable>;
export type CasePatch = Updateable<CaseRecordTable>;

export interface CaseListFilter {
  scope: CaseScope;
  statuses?: string[] | undefined;
  types?: string[] | undefined;
  category?: string | undefined;
  channels?: string[] | undefined;
  path?: string | undefined;
  departmentId?: string | undefined;
  overdue?: boolean | undefined;
  warning?: 'yellow' | 'red' | undefined;
  supervised?: boolean | undefined;
  extensionRequested?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Segmented query words, ANDed. */
  words?: string[] | undefined;
  reporterUserId?: string | undefined;
  /** Staff: the cases this account took in (its intake step), e.g. a grid worker's patrol reports. */
  takenInBy?: string | undefined;
  sort: 'received_desc' | 'received_asc' | 'due_asc';
  after?: { t: string | null; id: string } | undefined;
  limit: number;
}

export const OPEN_FOR_DUPLICATES = ['received', 'dispatched', 'signed', 'in_progress', 'returned'];

/** A case's 街镇-level path prefix, written exactly as the 0006 indexes are, so the planner matches them. */
const prefixOf = sql`subltree(c.path, 0, least(2, nlevel(c.path)))`;

/** SQL for cases, their timeline and idempotency records. Plain objects out. */
export class CaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The next number of the day (Shanghai date), e.g. 20251128000123. Row-locks the day's counter. */
  async nextNumber(day: string): Promise<string> {
    const r = await sql<{ last: number }>`
      INSERT INTO case_day_counter (day, last) VALUES (${day}::date, 1)
      ON CONFLICT (day) DO UPDATE SET last = case_day_counter.last + 1
      RETURNING last`.execute(this.db);
    return `${day.replaceAll('-', '')}${String(r.rows[0]!.last).padStart(6, '0')}`;
  }

  async insert(values: Omit<Insertable<CaseRecordTable>, 'search_vector'>, searchDoc: string): Promise<string> {
    const row = await this.db
      .insertInto('case_record')
      .values({ ...values, search_vector: sql`to_tsvector('simple', ${searchDoc})` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertEvent(e: Insertable<CaseEventTable>): Promise<void> {
    await this.db.insertInto('case_event').values(e).execute();
  }

  private base() {
    return this.db
      .selectFrom('case_record as c')
      .leftJoin('jurisdiction_unit as s', 's.id', 'c.subdistrict_id')
      .leftJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .leftJoin('jurisdiction_unit as g', 'g.id', 'c.grid_id')
      .selectAll('c')
      .select(['s.code as sub_code', 's.name as sub_name', 'n.code as nb_code', 'n.name as nb_name', 'g.code as grid_code', 'g.name as grid_name']);
  }

  findById(id: string): Promise<CaseRow | undefined> {
    return this.base().where('c.id', '=', id).executeTakeFirst() as Promise<CaseRow | undefined>;
  }

  findByNumber(number: string): Promise<CaseRow | undefined> {
    return this.base().where('c.number', '=', number).executeTakeFirst() as Promise<CaseRow | undefined>;
  }

  findBySource(channel: string, sourceRef: string) {
    return this.db.selectFrom('case_record').select(['id', 'number']).where('channel', '=', channel).where('source_ref', '=', sourceRef).executeTakeFirst();
  }

  refs(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('case_record').select(['id', 'number']).where('id', 'in', ids).execute();
  }

  /** Compare-and-set: applies only if nobody changed the case since `version`. */
  async casUpdate(id: string, version: number, patch: CasePatch): Promise<boolean> {
    const r = await this.db
      .updateTable('case_record')
      .set({ ...patch, version: version + 1, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  events(caseId: string) {
    return this.db
      .selectFrom('case_event as e')
      .leftJoin('department as d', 'd.id', 'e.department_id')
      .selectAll('e')
      .select('d.name as department_name')
      .where('e.case_id', '=', caseId)
      .orderBy('e.id')
      .execute();
  }

  photoIds(caseId: string) {
    return this.db.selectFrom('case_photo').select('id').where('case_id', '=', caseId).orderBy('created_at').execute();
  }

  /** Attach uploaded photos that are not yet attached; answers how many were. */
  async attachPhotos(caseId: string, ids: string[], uploader: string | null): Promise<number> {
    if (ids.length === 0) return 0;
    let q = this.db.updateTable('case_photo').set({ case_id: caseId }).where('id', 'in', ids).where('case_id', 'is', null);
    q = uploader ? q.where('uploaded_by', '=', uploader) : q.where('uploaded_by', 'is', null);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  childrenOf(masterId: string) {
    return this.db.selectFrom('case_record').select(['id', 'number', 'version', 'status', 'reporter_user_id']).where('merged_into_id', '=', masterId).execute();
  }

  async idempotent(caller: string, key: string) {
    return this.db.selectFrom('idempotency_record').selectAll().where('caller', '=', caller).where('key', '=', key).executeTakeFirst();
  }

  /** Inserted, or false when the key already exists (a concurrent retry won). */
  async rememberIdempotent(caller: string, key: string, requestHash: string, resourceId: string): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency_record')
      .values({ caller, key, request_hash: requestHash, resource_id: resourceId })
      .onConflict((oc) => oc.columns(['caller', 'key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Open cases near a point within a time window with similar text (pg_trgm), most similar first. */
  async duplicateCandidates(f: { lng: number; lat: number; radiusM: number; since: Date; text: string; excludeId?: string; minSimilarity: number; limit: number }) {
    const dLat = f.radiusM / 111_320;
    const dLng = f.radiusM / (111_320 * Math.cos((f.lat * Math.PI) / 180));
    // The box test and the literal status list match the partial GiST index case_record_open_point (0006).
    let q = this.db
      .selectFrom('case_record')
      .select(['id', 'number', 'title', 'status', 'lng', 'lat', 'received_at', 'path', 'lead_department_id', 'assist_department_ids', 'reporter_user_id', sql<number>`similarity(title || ' ' || description, ${f.text})`.as('sim')])
      .where(sql<boolean>`status IN (${sql.join(OPEN_FOR_DUPLICATES.map((s) => sql.lit(s)))})`)
      .where('merged_into_id', 'is', null)
      .where('received_at', '>=', f.since)
      .where(sql<boolean>`point(lng, lat) <@ box(point(${f.lng - dLng}, ${f.lat - dLat}), point(${f.lng + dLng}, ${f.lat + dLat}))`);
    if (f.excludeId) q = q.where('id', '!=', f.excludeId);
    const rows = await q.orderBy('received_at', 'desc').limit(200).execute();
    return rows
      .map((r) => ({ ...r, sim: Number(r.sim), distanceM: metres(f.lng, f.lat, r.lng, r.lat) }))
      .filter((r) => r.distanceM <= f.radiusM && r.sim >= f.minSimilarity)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, f.limit);
  }

  list(f: CaseListFilter) {
    let q = this.base();
    // A 街镇-level subtree is asked as its two-label prefix: the composite indexes of 0006 lead with
    // it, so a dispatcher's list is one ordered index range. For a two-label node the two conditions
    // select the same cases; both at once would make the planner count the same filter twice.
    const subdistrictPrefix = (path: string) => path.split('.').length === 2;
    const samePrefix = f.scope.paths.length === 1 && subdistrictPrefix(f.scope.paths[0]!) && f.path === f.scope.paths[0];
    q = q.where((eb) => {
      const ors = [];
      if (f.scope.paths.length === 1 && subdistrictPrefix(f.scope.paths[0]!)) ors.push(sql<boolean>`${prefixOf} = ${f.scope.paths[0]}::ltree`);
      else if (f.scope.paths.length) ors.push(eb(sql`c.path`, '<@', sql`ANY(${f.scope.paths}::ltree[])`));
      if (f.scope.departmentIds.length) {
        ors.push(eb('c.lead_department_id', '=', sql<string>`ANY(${f.scope.departmentIds}::uuid[])`));
        ors.push(eb(sql`c.assist_department_ids`, '&&', sql`${f.scope.departmentIds}::uuid[]`));
      }
      if (f.scope.reporterUserId) ors.push(eb('c.reporter_user_id', '=', f.scope.reporterUserId));
      return ors.length ? eb.or(ors) : eb.val(false);
    });
    if (f.reporterUserId) q = q.where('c.reporter_user_id', '=', f.reporterUserId);
    // Staff reports carry no reporter account (that column means a resident); their intake step names them.
    if (f.takenInBy) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.action = 'intake' AND e.actor_id = ${f.takenInBy})`);
    if (f.statuses?.length) q = q.where('c.status', 'in', f.statuses);
    if (f.types?.length) q = q.where('c.type', 'in', f.types);
    if (f.channels?.length) q = q.where('c.channel', 'in', f.channels);
    if (f.category) q = f.category.length === 3 ? q.where('c.category_code', 'like', `${f.category}%`) : q.where('c.category_code', '=', f.category);
    if (f.path && !samePrefix) q = q.where(subdistrictPrefix(f.path) ? sql<boolean>`${prefixOf} = ${f.path}::ltree` : sql<boolean>`c.path <@ ${f.path}::ltree`);
    if (f.departmentId) q = q.where((eb) => eb.or([eb('c.lead_department_id', '=', f.departmentId!), eb(sql`c.assist_department_ids`, '@>', sql`ARRAY[${f.departmentId}]::uuid[]`)]));
    if (f.overdue !== undefined) q = q.where('c.overdue', '=', f.overdue);
    if (f.warning) q = q.where('c.warning', '=', f.warning);
    if (f.supervised !== undefined) q = q.where('c.supervised', '=', f.supervised);
    if (f.extensionRequested !== undefined) q = q.where('c.extension_requested', '=', f.extensionRequested);
    if (f.from) q = q.where('c.received_at', '>=', new Date(f.from));
    if (f.to) q = q.where('c.received_at', '<', new Date(f.to));
    if (f.words?.length) q = q.where(sql<boolean>`c.search_vector @@ plainto_tsquery('simple', ${f.words.join(' ')})`);
    const col = f.sort === 'due_asc' ? 'c.handle_due_at' : 'c.received_at';
    const desc = f.sort === 'received_desc';
    if (f.after) {
      const t = f.after.t ? new Date(f.after.t) : null;
      if (f.sort === 'due_asc') {
        // Cases without a deadline sort last.
        q = t
          ? q.where((eb) => eb.or([eb(col, '>', t), eb.and([eb(col, '=', t), eb('c.id', '>', f.after!.id)]), eb(col, 'is', null)]))
          : q.where((eb) => eb.and([eb(col, 'is', null), eb('c.id', '>', f.after!.id)]));
      } else {
        // A row comparison, not (a < t OR a = t AND id < x): the index scan starts right at the cursor.
        q = q.where(sql<boolean>`(c.received_at, c.id) ${sql.raw(desc ? '<' : '>')} (${t!}::timestamptz, ${f.after.id}::uuid)`);
      }
    }
    q = desc ? q.orderBy(col, 'desc').orderBy('c.id', 'desc') : q.orderBy(sql`${sql.ref(col)} ASC NULLS LAST`).orderBy('c.id', 'asc');
    return q.limit(f.limit + 1).execute() as Promise<CaseRow[]>;
  }
}

/** Great-circle distance in metres (haversine). */
export function metres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const R = 6_371_008;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLng = (lng2 - lng1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}
