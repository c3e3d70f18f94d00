import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface HouseholdFilter {
  scope: string[];
  path?: string | undefined;
  buildingId?: string | undefined;
  compoundId?: string | undefined;
  housingStatus?: string | undefined;
  groupRental?: boolean | undefined;
  after?: HouseholdCursor | undefined;
  limit: number;
}

/** Sort key: building code, unit, room (unique together). */
/** Address key of the last row of a page (migrations/0013_address_order.sql). */
export type HouseholdCursor = [string];
export const isHouseholdCursor = (v: unknown): v is HouseholdCursor =>
  Array.isArray(v) && v.length === 1 && typeof v[0] === 'string';

const groupRentalNow = sql<boolean>`(h.housing_status = 'group_rental' OR h.group_rental_status IN ('found', 'rectifying'))`;

export class HouseholdRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('household as h')
      .innerJoin('building as b', 'b.id', 'h.building_id')
      .innerJoin('compound as c', 'c.id', 'h.compound_id')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'h.neighborhood_id')
      .selectAll('h')
      .select((eb) => [
        'b.code as b_code',
        'b.name as b_name',
        'c.name as c_name',
        'c.address as c_address',
        'n.code as n_code',
        'n.name as n_name',
        eb
          .selectFrom('resident as r')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('r.household_id', '=', 'h.id')
          .where('r.status', '=', 'active')
          .as('people'),
      ]);
  }

  findById(id: string) {
    return this.base().where('h.id', '=', id).executeTakeFirst();
  }

  list(f: HouseholdFilter) {
    let q = this.base().where(sql<boolean>`h.path <@ ANY(${f.scope}::ltree[])`);
    if (f.path) q = q.where(sql<boolean>`h.path <@ ${f.path}::ltree`);
    if (f.buildingId) q = q.where('h.building_id', '=', f.buildingId);
    if (f.compoundId) q = q.where('h.compound_id', '=', f.compoundId);
    if (f.housingStatus) q = q.where('h.housing_status', '=', f.housingStatus as 'owner');
    if (f.groupRental !== undefined) q = q.where(f.groupRental ? groupRentalNow : sql<boolean>`NOT ${groupRentalNow}`);
    if (f.after) q = q.where('h.addr_key', '>', f.after[0]);
    return q.orderBy('h.addr_key').limit(f.limit + 1).execute();
  }

  /** Where a new household goes: the building's place. */
  building(id: string) {
    return this.db
      .selectFrom('building as b')
      .innerJoin('compound as c', 'c.id', 'b.compound_id')
      .select(['b.id', 'b.path', 'b.floors', 'b.unit_count', 'c.id as compound_id', 'c.neighborhood_id'])
      .where('b.id', '=', id)
      .executeTakeFirst();
  }
}

export type HouseholdRow = NonNullable<Awaited<ReturnType<HouseholdRepository['findById']>>>;
