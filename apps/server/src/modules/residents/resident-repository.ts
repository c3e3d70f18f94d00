import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Filters of the resident list, already turned into SQL-ready values (blind indexes, dates). */
export interface ResidentFilter {
  scope: string[];
  path?: string | undefined;
  compoundId?: string | undefined;
  buildingId?: string | undefined;
  householdId?: string | undefined;
  status?: string | undefined;
  relation?: string | undefined;
  hukouHere?: boolean | undefined;
  livesHere?: boolean | undefined;
  tagToken?: string | undefined;
  /** Born on or before / after these days (from the age range). */
  bornOnOrBefore?: string | undefined;
  bornAfter?: string | undefined;
  idNumberBidx?: string | undefined;
  phoneBidx?: string | undefined;
  nameBidx?: string | undefined;
  after?: ResidentCursor | undefined;
  limit: number;
}

/** Sort key of the list: the address (building, unit, room), then the record. */
/** Address key and id of the last row of a page (migrations/0013_address_order.sql). */
export type ResidentCursor = [string, string];
export const isResidentCursor = (v: unknown): v is ResidentCursor =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

/** SQL for residents: masked columns only (no ciphertext leaves this file except for reveal, elsewhere). */
export class ResidentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('resident as r')
      .innerJoin('household as h', 'h.id', 'r.household_id')
      .innerJoin('building as b', 'b.id', 'r.building_id')
      .innerJoin('compound as c', 'c.id', 'r.compound_id')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'r.neighborhood_id')
      .select([
        'r.id',
        'r.path',
        'r.household_id',
        'r.building_id',
        'r.compound_id',
        'r.neighborhood_id',
        'r.name_mask',
        'r.id_number_mask',
        'r.id_number_bidx',
        'r.phone_mask',
        'r.gender',
        'r.birth_date',
        'r.relation',
        'r.hukou_here',
        'r.lives_here',
        'r.political_status',
        'r.tag_tokens',
        'r.status',
        'r.moved_in_on',
        'r.left_on',
        'r.version',
        'r.updated_at',
        'h.unit_no',
        'h.floor',
        'h.room',
        'b.code as b_code',
        'r.addr_key',
        'b.name as b_name',
        'c.name as c_name',
        'n.code as n_code',
        'n.name as n_name',
      ]);
  }

  findById(id: string) {
    return this.base().where('r.id', '=', id).executeTakeFirst();
  }

  byHousehold(householdId: string) {
    return this.base()
      .where('r.household_id', '=', householdId)
      .orderBy(sql`r.status = 'active'`, 'desc')
      .orderBy(sql`r.relation = 'head'`, 'desc')
      .orderBy('r.birth_date')
      .execute();
  }

  list(f: ResidentFilter) {
    let q = this.base().where(sql<boolean>`r.path <@ ANY(${f.scope}::ltree[])`);
    if (f.path) q = q.where(sql<boolean>`r.path <@ ${f.path}::ltree`);
    if (f.compoundId) q = q.where('r.compound_id', '=', f.compoundId);
    if (f.buildingId) q = q.where('r.building_id', '=', f.buildingId);
    if (f.householdId) q = q.where('r.household_id', '=', f.householdId);
    if (f.status) q = q.where('r.status', '=', f.status as 'active');
    if (f.relation) q = q.where('r.relation', '=', f.relation);
    if (f.hukouHere !== undefined) q = q.where('r.hukou_here', '=', f.hukouHere);
    if (f.livesHere !== undefined) q = q.where('r.lives_here', '=', f.livesHere);
    if (f.tagToken) q = q.where(sql<boolean>`r.tag_tokens @> ARRAY[${f.tagToken}]::text[]`);
    if (f.bornOnOrBefore) q = q.where('r.birth_date', '<=', f.bornOnOrBefore);
    if (f.bornAfter) q = q.where('r.birth_date', '>', f.bornAfter);
    if (f.idNumberBidx) q = q.where('r.id_number_bidx', '=', f.idNumberBidx);
    if (f.phoneBidx) q = q.where('r.phone_bidx', '=', f.phoneBidx);
    if (f.nameBidx) q = q.where('r.name_bidx', '=', f.nameBidx);
    if (f.after) {
      const [key, id] = f.after;
      q = q.where(sql<boolean>`(r.addr_key, r.id) > (${key}, ${id}::uuid)`);
    }
    return q.orderBy('r.addr_key').orderBy('r.id').limit(f.limit + 1).execute();
  }

  /** Records with this ID number (blind index): the active one anywhere, and earlier ones. */
  byIdNumber(bidx: string) {
    return this.db
      .selectFrom('resident as r')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'r.neighborhood_id')
      .select(['r.id', 'r.path', 'r.status', 'r.household_id', 'r.version', 'n.name as n_name', 'r.updated_at'])
      .where('r.id_number_bidx', '=', bidx)
      .orderBy('r.updated_at', 'desc')
      .execute();
  }

  /** The row as stored, for a change (ciphertext included: the service re-seals, never returns it). */
  stored(id: string) {
    return this.db.selectFrom('resident').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

export type ResidentRow = NonNullable<Awaited<ReturnType<ResidentRepository['findById']>>>;
