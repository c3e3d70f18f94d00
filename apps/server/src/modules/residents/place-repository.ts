import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** SQL for compounds and buildings as the 社区云 pages see them: recorded households and residents counted. */
export class PlaceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  compound(id: string) {
    return this.db
      .selectFrom('compound as c')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .leftJoin('jurisdiction_unit as g', 'g.id', 'c.grid_id')
      .selectAll('c')
      .select(['n.code as n_code', 'n.name as n_name', 'g.code as g_code', 'g.name as g_name'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  /** Buildings of a compound (or one building) with the households and active residents recorded in them. */
  buildings(where: { compoundId: string } | { buildingId: string }) {
    let q = this.db
      .selectFrom('building as b')
      .selectAll('b')
      .select((eb) => [
        eb.selectFrom('household as h').select(eb.fn.countAll<string>().as('n')).whereRef('h.building_id', '=', 'b.id').as('households'),
        eb
          .selectFrom('resident as r')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('r.building_id', '=', 'b.id')
          .where('r.status', '=', 'active')
          .as('residents'),
      ]);
    q = 'compoundId' in where ? q.where('b.compound_id', '=', where.compoundId) : q.where('b.id', '=', where.buildingId);
    // Natural order of names like 1号楼 … 12号楼: by length, then text.
    return q.orderBy(sql`length(b.name)`).orderBy('b.name').orderBy('b.code').execute();
  }

  async updateCompound(id: string, values: Record<string, unknown>) {
    await this.db.updateTable('compound').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
  }

  async updateBuilding(id: string, values: { elevator_retrofit: 'none' | 'intent' | 'approved' | 'building' | 'done'; elevator_retrofit_on: string | null }) {
    await this.db.updateTable('building').set(values).where('id', '=', id).execute();
  }

  /** The floor × unit grid: every household of the building with its active people. */
  gridOf(buildingId: string) {
    return this.db
      .selectFrom('household as h')
      .select((eb) => [
        'h.id',
        'h.unit_no',
        'h.floor',
        'h.room',
        'h.housing_status',
        'h.group_rental_status',
        eb
          .selectFrom('resident as r')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('r.household_id', '=', 'h.id')
          .where('r.status', '=', 'active')
          .as('people'),
      ])
      .where('h.building_id', '=', buildingId)
      .orderBy('h.unit_no')
      .orderBy('h.floor', 'desc')
      .orderBy('h.room')
      .execute();
  }

  buildingPlace(id: string) {
    return this.db
      .selectFrom('building as b')
      .innerJoin('compound as c', 'c.id', 'b.compound_id')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .select(['b.id', 'b.path', 'c.id as c_id', 'c.code as c_code', 'c.name as c_name', 'c.type as c_type', 'c.address as c_address', 'n.id as n_id', 'n.code as n_code', 'n.name as n_name'])
      .where('b.id', '=', id)
      .executeTakeFirst();
  }
}
