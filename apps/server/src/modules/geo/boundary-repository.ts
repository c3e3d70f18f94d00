import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { geometryColumns } from '../jurisdiction/repository.js';

type UnitGeometryUpdate = { id: string; source: DB['jurisdiction_unit']['boundary_source'] } & ReturnType<typeof geometryColumns>;

/** Writes of a boundary import. */
export class BoundaryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async updateUnitGeometry(u: UnitGeometryUpdate): Promise<void> {
    const { id, source, ...cols } = u;
    await this.db
      .updateTable('jurisdiction_unit')
      .set({ ...cols, boundary_source: source, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Moves each compound (and its buildings) to the grid that now holds its point, within its neighborhood. */
  async reassignCompounds(locate: (lng: number, lat: number) => string | null, grids: Map<string, { path: string; parentId: string }>): Promise<number> {
    const compounds = await this.db.selectFrom('compound').select(['id', 'lng', 'lat', 'grid_id', 'neighborhood_id', 'path']).execute();
    const neighborhoods = new Map(
      (await this.db.selectFrom('jurisdiction_unit').select(['id', 'path']).where('level', '=', 'neighborhood').execute()).map((n) => [n.id, n.path]),
    );
    let moved = 0;
    for (const c of compounds) {
      const gridId = locate(c.lng, c.lat);
      const grid = gridId ? grids.get(gridId) : undefined;
      // A compound belongs to its neighborhood; only a grid of that neighborhood may hold it.
      const next = grid && grid.parentId === c.neighborhood_id ? { grid_id: gridId, path: grid.path } : { grid_id: null, path: neighborhoods.get(c.neighborhood_id)! };
      if (next.grid_id === c.grid_id && next.path === c.path) continue;
      await this.db.updateTable('compound').set({ ...next, updated_at: new Date() }).where('id', '=', c.id).execute();
      await this.db.updateTable('building').set({ path: next.path }).where('compound_id', '=', c.id).execute();
      moved++;
    }
    return moved;
  }

  async bumpBoundaryVersion(): Promise<void> {
    await this.db
      .insertInto('app_meta')
      .values({ key: 'boundary_version', value: JSON.stringify(Date.now()) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(Date.now()), updated_at: new Date() }))
      .execute();
  }

  async boundaryVersion(): Promise<string | null> {
    const r = await this.db.selectFrom('app_meta').select('value').where('key', '=', 'boundary_version').executeTakeFirst();
    return r ? JSON.stringify(r.value) : null;
  }
}
