import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export interface BuildingForPopulation {
  id: string;
  compound_id: string;
  neighborhood_id: string;
  path: string;
  floors: number;
  unit_count: number;
  household_count: number;
  has_elevator: boolean;
  type: string;
  lng: number;
  lat: number;
}

/** Reads and bulk writes of the population seed, in chunks under PostgreSQL's parameter limit. */
export class PopulationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async record(): Promise<unknown> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', 'population_seed').executeTakeFirst();
    return row?.value;
  }

  async saveRecord(summary: unknown): Promise<void> {
    await this.db.insertInto('app_meta').values({ key: 'population_seed', value: JSON.stringify(summary) }).execute();
  }

  buildings(): Promise<BuildingForPopulation[]> {
    return this.db
      .selectFrom('building as b')
      .innerJoin('compound as c', 'c.id', 'b.compound_id')
      .select(['b.id', 'b.compound_id', 'c.neighborhood_id', 'b.path', 'b.floors', 'b.unit_count', 'b.household_count', 'b.has_elevator', 'c.type', 'b.lng', 'b.lat'])
      .orderBy('b.code')
      .execute();
  }

  compounds(): Promise<{ id: string; name: string; type: string }[]> {
    return this.db.selectFrom('compound').select(['id', 'name', 'type']).orderBy('code').execute();
  }

  async setOwnersCommittees(rows: { id: string; name: string; termEnd: string }[]): Promise<void> {
    for (const part of chunk(rows, 500)) {
      const values = sql.join(part.map((r) => sql`(${r.id}::uuid, ${r.name}, ${r.termEnd}::date)`));
      await sql`UPDATE compound c SET owners_committee = v.name, owners_committee_term_end = v.term_end
        FROM (VALUES ${values}) AS v(id, name, term_end) WHERE c.id = v.id`.execute(this.db);
    }
  }

  async setRetrofits(rows: { id: string; step: string; on: string }[]): Promise<void> {
    for (const part of chunk(rows, 500)) {
      const values = sql.join(part.map((r) => sql`(${r.id}::uuid, ${r.step}, ${r.on}::date)`));
      await sql`UPDATE building b SET elevator_retrofit = v.step, elevator_retrofit_on = v.on_day
        FROM (VALUES ${values}) AS v(id, step, on_day) WHERE b.id = v.id`.execute(this.db);
    }
  }

  async setOutlines(rows: { id: string; outline: string }[]): Promise<void> {
    for (const part of chunk(rows, 500)) {
      const values = sql.join(part.map((r) => sql`(${r.id}::uuid, ${r.outline}::jsonb)`));
      await sql`UPDATE compound c SET outline = v.outline FROM (VALUES ${values}) AS v(id, outline) WHERE c.id = v.id`.execute(this.db);
    }
  }

  async insertHouseholds(rows: Insertable<DB['household']>[]): Promise<void> {
    for (const part of chunk(rows, 2000)) await this.db.insertInto('household').values(part).execute();
  }

  async analyze(): Promise<void> {
    await sql`ANALYZE household, resident, building, compound`.execute(this.db);
  }

  async insertResidents(rows: Insertable<DB['resident']>[]): Promise<void> {
    // ~27 columns a row: 2,000 rows stay under the 65,535-parameter limit.
    for (const part of chunk(rows, 2000)) await this.db.insertInto('resident').values(part).execute();
  }
}
