import type { LocateResult, UnitRef } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { unitRef } from '../jurisdiction/presenter.js';
import { BoundaryRepository } from './boundary-repository.js';
import { Locator } from './locator.js';
import type { PolygonGeometry } from './types.js';

/**
 * Point → grid in memory. Built from the database at start and rebuilt after boundaries change;
 * a grid maps to its whole chain so one lookup answers district, subdistrict, neighborhood and grid.
 */
export class LocatorService {
  private locator = new Locator([]);
  private chains = new Map<string, LocateResult>();
  private places = new Map<string, Place>();
  builtAt: Date | null = null;

  async rebuild(db: Kysely<DB>, priorities?: Map<string, number>): Promise<{ grids: number }> {
    const rows = await new JurisdictionRepository(db).allWithGeometry();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const chains = new Map<string, LocateResult>();
    const places = new Map<string, Place>();
    const entries: { id: string; geometry: PolygonGeometry; priority: number }[] = [];
    for (const g of rows) {
      if (g.level !== 'grid' || !g.geometry) continue;
      const chain: Partial<Record<UnitRef['level'], UnitRef>> = {};
      for (let u: typeof g | undefined = g; u; u = u.parent_id ? byId.get(u.parent_id) : undefined) chain[u.level] = unitRef(u);
      if (!chain.district || !chain.subdistrict || !chain.neighborhood) continue;
      chains.set(g.id, chain as LocateResult);
      const sub = g.parent_id ? byId.get(byId.get(g.parent_id)?.parent_id ?? '') : undefined;
      places.set(g.id, { gridId: g.id, neighborhoodId: g.parent_id!, subdistrictId: sub?.id ?? '', path: g.path, units: chain as LocateResult });
      entries.push({ id: g.id, geometry: g.geometry as PolygonGeometry, priority: priorities?.get(g.id) ?? importedDepth(g, byId) });
    }
    this.locator = new Locator(entries);
    this.chains = chains;
    this.places = places;
    this.builtAt = new Date();
    return { grids: entries.length };
  }

  /**
   * Boundaries can change from another process (the import command, another instance):
   * poll the version stamp the import bumps and rebuild when it moves.
   */
  watch(db: Kysely<DB>, intervalMs = 15_000): () => void {
    const repo = new BoundaryRepository(db);
    let seen: string | null | undefined;
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const v = await repo.boundaryVersion();
        if (seen !== undefined && v !== seen) await this.rebuild(db);
        seen = v;
      } catch {
        // Database away: try again next tick.
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The grid holding a point with the ids and path a record stores. */
  place(lng: number, lat: number): Place | null {
    const id = this.locator.locate(lng, lat);
    return id ? (this.places.get(id) ?? null) : null;
  }

  locate(lng: number, lat: number): LocateResult | null {
    const id = this.locator.locate(lng, lat);
    return id ? (this.chains.get(id) ?? null) : null;
  }
}

export interface Place {
  gridId: string;
  neighborhoodId: string;
  subdistrictId: string;
  /** The grid's path: jurisdiction scope. */
  path: string;
  units: LocateResult;
}

type Row = { id: string; parent_id: string | null; level: string; boundary_source: string };

/** Depth of the deepest imported unit in a grid's chain: a point inside an imported unit wins there. */
function importedDepth(grid: Row, byId: Map<string, Row>): number {
  const depthOf: Record<string, number> = { district: 0, subdistrict: 1, neighborhood: 2, grid: 3 };
  for (let u: Row | undefined = grid; u; u = u.parent_id ? byId.get(u.parent_id) : undefined) {
    if (u.boundary_source === 'imported') return depthOf[u.level] ?? 0;
  }
  return 0;
}
