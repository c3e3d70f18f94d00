import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';

export interface PublicPointRow {
  number: string;
  status: string;
  category_code: string | null;
  category_name: string | null;
  category_name_en: string | null;
  subdistrict: string | null;
  lng: number;
  lat: number;
  received_at: Date;
}

export interface PublicPointFilter {
  since: Date;
  statuses: readonly string[];
  /** A first-level code matches its second-level categories too. */
  category?: string | undefined;
  limit: number;
}

/**
 * SQL of the public map. Selects only public columns: never the reporter, the description or the
 * address. 举报 cases are never listed (their reporter may be identifiable from where they are).
 */
export class PublicCaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every neighborhood's outline (reference geography, public like the district's). */
  neighborhoods() {
    return this.db
      .selectFrom('jurisdiction_unit')
      .select(['id', 'code', 'name', 'level', 'boundary_source', 'geometry'])
      .where('level', '=', 'neighborhood')
      .orderBy('code')
      .execute();
  }

  points(f: PublicPointFilter): Promise<PublicPointRow[]> {
    let q = this.db
      .selectFrom('case_record as c')
      .leftJoin('case_category as cat', 'cat.code', 'c.category_code')
      .leftJoin('jurisdiction_unit as s', 's.id', 'c.subdistrict_id')
      .select(['c.number', 'c.status', 'c.category_code', 'cat.name as category_name', 'cat.name_en as category_name_en', 's.name as subdistrict', 'c.lng', 'c.lat', 'c.received_at'])
      .where('c.received_at', '>=', f.since)
      .where('c.type', '!=', 'report')
      .where('c.status', 'in', [...f.statuses]);
    if (f.category) {
      q = f.category.length === 3 ? q.where(sql<boolean>`left(c.category_code, 3) = ${f.category}`) : q.where('c.category_code', '=', f.category);
    }
    return q.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute() as Promise<PublicPointRow[]>;
  }
}
