import type { Insertable, Kysely } from 'kysely';
import type { DB, JurisdictionUnitTable } from '../db/schema.js';
import type { CompoundSeed } from './compounds.js';

export type UnitInsert = Insertable<JurisdictionUnitTable> & { id: string; path: string; parent_id: string | null };

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Bulk inserts for the demo seed, in chunks that stay under PostgreSQL's parameter limit. */
export class SeedRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async seedRecord(): Promise<unknown> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', 'seed').executeTakeFirst();
    return row?.value;
  }

  async recordSeed(summary: unknown): Promise<void> {
    await this.db.insertInto('app_meta').values({ key: 'seed', value: JSON.stringify(summary) }).execute();
  }

  async insertUnits(units: UnitInsert[]): Promise<void> {
    // Parents before children: the list is built top-down.
    for (const part of chunk(units, 500)) await this.db.insertInto('jurisdiction_unit').values(part).execute();
  }

  async insertDepartments(rows: Insertable<DB['department']>[]): Promise<void> {
    for (const part of chunk(rows, 500)) await this.db.insertInto('department').values(part).execute();
  }

  async insertCompounds(rows: (CompoundSeed & { id: string; neighborhoodId: string; gridId: string | null; path: string })[]): Promise<void> {
    for (const part of chunk(rows, 500)) {
      await this.db
        .insertInto('compound')
        .values(
          part.map((c) => ({
            id: c.id,
            code: c.code,
            name: c.name,
            type: c.type,
            neighborhood_id: c.neighborhoodId,
            grid_id: c.gridId,
            path: c.path,
            address: c.address,
            year_built: c.yearBuilt,
            household_count: c.householdCount,
            property_company: c.propertyCompany,
            lng: c.location[0],
            lat: c.location[1],
          })),
        )
        .execute();
    }
    const buildings = rows.flatMap((c) =>
      c.buildings.map((b) => ({
        compound_id: c.id,
        code: b.code,
        name: b.name,
        floors: b.floors,
        unit_count: b.unitCount,
        household_count: b.householdCount,
        has_elevator: b.hasElevator,
        path: c.path,
        lng: b.location[0],
        lat: b.location[1],
      })),
    );
    for (const part of chunk(buildings, 1000)) await this.db.insertInto('building').values(part).execute();
  }
}
