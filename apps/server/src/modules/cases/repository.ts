import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseEventTable, CaseRecordTable } from '../../db/schema-cases.js';
import { type CaseListFilter, type CaseSummaryRow, listCases, selectCaseRows } from './list-repository.js';

export type { CaseListFilter, CaseSummaryRow };

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

export const OPEN_FOR_DUPLICATES = ['received', 'dispatched', 'signed', 'in_progress', 'returned'];

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
    return selectCaseRows(this.db);
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

  /** A page of the case list, whole rows (exports; list-repository.ts). */
  list(f: CaseListFilter): Promise<CaseRow[]> {
    return listCases(this.db, f, 'whole');
  }

  /** A page of the case list, the columns a list row shows. */
  listSummaries(f: CaseListFilter): Promise<CaseSummaryRow[]> {
    return listCases(this.db, f, 'summary');
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
