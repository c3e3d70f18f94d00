import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AgeLimits } from './repository.js';

/**
 * The lists a ledger shows at neighborhood level: persons (masked columns; the ciphertext only
 * when plain values were asked for and allowed), group-rental households, buildings to retrofit.
 * Each list is one neighborhood, through `resident_neighborhood_status` / `household_neighborhood`.
 */
export type PersonFilter = { kind: 'age80' } | { kind: 'tag'; token: string } | { kind: 'anyTag' };

export interface PersonRow {
  id: string;
  nameMask: string;
  idNumberMask: string;
  nameEnc: string | null;
  idNumberEnc: string | null;
  gender: 'male' | 'female';
  birthDate: string;
  compound: string;
  building: string;
  tagTokens: string[];
}

export interface GroupRentalRow {
  compound: string;
  building: string;
  unitNo: number;
  room: string;
  status: string;
  foundOn: string | null;
  rectifiedOn: string | null;
}

export interface RetrofitRow {
  compound: string;
  building: string;
  floors: number;
  hasElevator: boolean;
  step: string;
  stepOn: string | null;
}

const day = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export class LedgerListRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async persons(neighborhoodId: string, filter: PersonFilter, ages: AgeLimits, plain: boolean): Promise<PersonRow[]> {
    const where =
      filter.kind === 'age80'
        ? sql`r.birth_date <= ${ages.t80}::date`
        : filter.kind === 'tag'
          ? sql`r.tag_tokens @> array[${filter.token}]::text[]`
          : sql`cardinality(r.tag_tokens) > 0`;
    const r = await sql<Record<string, unknown>>`
      select r.id::text as id, r.name_mask, r.id_number_mask, r.gender, r.birth_date, r.tag_tokens,
        ${plain ? sql`r.name_enc, r.id_number_enc` : sql`null as name_enc, null as id_number_enc`},
        c.name as compound, b.name as building
      from resident r join compound c on c.id = r.compound_id join building b on b.id = r.building_id
      where r.neighborhood_id = ${neighborhoodId}::uuid and r.status = 'active' and ${where}
      order by c.code, b.code, r.birth_date, r.id`.execute(this.db);
    return r.rows.map((x) => ({
      id: String(x.id),
      nameMask: String(x.name_mask),
      idNumberMask: String(x.id_number_mask),
      nameEnc: (x.name_enc as string | null) ?? null,
      idNumberEnc: (x.id_number_enc as string | null) ?? null,
      gender: x.gender as 'male' | 'female',
      birthDate: day(x.birth_date)!,
      compound: String(x.compound),
      building: String(x.building),
      tagTokens: (x.tag_tokens as string[] | null) ?? [],
    }));
  }

  async groupRentals(neighborhoodId: string): Promise<GroupRentalRow[]> {
    const r = await sql<Record<string, unknown>>`
      select c.name as compound, b.name as building, h.unit_no, h.room, h.group_rental_status as status,
        h.group_rental_found_on as found_on, h.group_rental_rectified_on as rectified_on
      from household h join compound c on c.id = h.compound_id join building b on b.id = h.building_id
      where h.neighborhood_id = ${neighborhoodId}::uuid and h.group_rental_status is not null
      order by c.code, b.code, h.unit_no, h.room`.execute(this.db);
    return r.rows.map((x) => ({
      compound: String(x.compound),
      building: String(x.building),
      unitNo: Number(x.unit_no),
      room: String(x.room),
      status: String(x.status),
      foundOn: day(x.found_on),
      rectifiedOn: day(x.rectified_on),
    }));
  }

  /** Buildings of 4+ floors without a lift, and any building with a retrofit under way or done. */
  async retrofitBuildings(neighborhoodId: string): Promise<RetrofitRow[]> {
    const r = await sql<Record<string, unknown>>`
      select c.name as compound, b.name as building, b.floors, b.has_elevator, b.elevator_retrofit, b.elevator_retrofit_on
      from building b join compound c on c.id = b.compound_id
      where c.neighborhood_id = ${neighborhoodId}::uuid
        and ((b.floors >= 4 and not b.has_elevator) or b.elevator_retrofit <> 'none')
      order by c.code, b.code`.execute(this.db);
    return r.rows.map((x) => ({
      compound: String(x.compound),
      building: String(x.building),
      floors: Number(x.floors),
      hasElevator: Boolean(x.has_elevator),
      step: String(x.elevator_retrofit),
      stepOn: day(x.elevator_retrofit_on),
    }));
  }
}
