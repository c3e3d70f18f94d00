import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { generateDemoGeometry, changningAnchors } from '../modules/geo/demo-geometry.js';
import { Locator } from '../modules/geo/locator.js';
import { createRng } from '../modules/geo/rng.js';
import { samplePointsIn } from '../modules/geo/sample.js';
import { geometryStats } from '../modules/geo/stats.js';
import type { PolygonGeometry, Position } from '../modules/geo/types.js';
import { geometryColumns } from '../modules/jurisdiction/repository.js';
import { generateCompounds } from './compounds.js';
import { districtDepartments, shortSubdistrictName, subdistrictDepartments } from './departments.js';
import { loadChangning } from './reference-data.js';
import { SeedRepository, type UnitInsert } from './repository.js';

export type SeedScale = 'demo' | 'district';

export interface SeedSummary {
  alreadySeeded: boolean;
  scale: SeedScale;
  units: Record<'district' | 'subdistrict' | 'neighborhood' | 'grid', number>;
  departments: number;
  compounds: number;
  buildings: number;
  ms: number;
}

/** Compounds per neighborhood: ~580 for the district, as issue 6 sizes it. */
const compoundsPerNeighborhood = (rng: () => number) => 2 + Math.floor(rng() * 3);

/**
 * The Changning demo: real district outline and real names/codes, generated geometry below,
 * departments, compounds and buildings. Reproducible from `seed`; runs once (recorded in app_meta).
 */
export async function seedChangning(db: Kysely<DB>, opts: { seed: number; scale: SeedScale }): Promise<SeedSummary> {
  const t0 = Date.now();
  const repo = new SeedRepository(db);
  const done = await repo.seedRecord();
  if (done) return { ...(done as Omit<SeedSummary, 'alreadySeeded' | 'ms'>), alreadySeeded: true, ms: Date.now() - t0 };

  const ref = loadChangning();
  const geo = generateDemoGeometry({
    district: ref.outline,
    subdistricts: ref.subdistricts.map((s) => ({ code: s.code, anchor: changningAnchors[s.code], neighborhoods: s.neighborhoods })),
    seed: opts.seed,
  });
  const units: UnitInsert[] = [];
  const unit = (code: string, name: string, level: UnitInsert['level'], parent: UnitInsert | null, source: UnitInsert['boundary_source'], geometry: PolygonGeometry | null, seed: Position | null, order: number): UnitInsert => {
    const u: UnitInsert = {
      id: randomUUID(),
      code,
      name,
      level,
      parent_id: parent?.id ?? null,
      path: parent ? `${parent.path}.${code}` : code,
      boundary_source: source,
      sort_order: order,
      ...geometryColumns(geometry, geometry ? geometryStats(geometry) : null, seed),
    };
    units.push(u);
    return u;
  };

  // The shipped outline has repeated vertices and clockwise winding; store the cleaned outline the cells tile.
  const district = unit(ref.code, ref.name, 'district', null, 'reference', geo.district, null, 0);
  const gridEntries: { id: string; geometry: PolygonGeometry }[] = [];
  const neighborhoods: { u: UnitInsert; subdistrictCode: string; geometry: PolygonGeometry }[] = [];
  ref.subdistricts.forEach((s, si) => {
    const sg = geo.subdistricts.get(s.code);
    const su = unit(s.code, s.name, 'subdistrict', district, 'generated', sg?.geometry ?? null, sg?.seed ?? null, si);
    s.neighborhoods.forEach((n, ni) => {
      const ng = geo.neighborhoods.get(n.code);
      const nu = unit(n.code, n.name, 'neighborhood', su, 'generated', ng?.geometry ?? null, ng?.seed ?? null, ni);
      if (ng?.geometry) neighborhoods.push({ u: nu, subdistrictCode: s.code, geometry: ng.geometry });
      const short = n.name.replace(/居委会$|居民委员会$/, '');
      for (const g of geo.grids.filter((x) => x.neighborhoodCode === n.code)) {
        const code = `${n.code}${String(g.seq).padStart(3, '0')}`;
        const gu = unit(code, `${short}居民区第${g.seq}网格`, 'grid', nu, 'generated', g.geometry, g.seed, g.seq);
        gridEntries.push({ id: gu.id, geometry: g.geometry });
      }
    });
  });

  const departments = [
    ...districtDepartments.map((d) => ({ id: randomUUID(), code: `${ref.code}-${d.abbr}`, name: d.name, kind: d.kind, level: 'district' as const, unit_id: district.id, path: district.path })),
    ...units
      .filter((u) => u.level === 'subdistrict')
      .flatMap((s) =>
        subdistrictDepartments.map((d) => ({
          id: randomUUID(),
          code: `${s.code}-${d.abbr}`,
          name: d.name.replace('{s}', shortSubdistrictName(s.name)),
          kind: d.kind,
          level: 'subdistrict' as const,
          unit_id: s.id,
          path: s.path,
        })),
      ),
  ];

  // Compounds sit at sampled points; the grid holding each point gives its path.
  const rng = createRng(opts.seed ^ 0x5eed);
  const locator = new Locator(gridEntries);
  const byId = new Map(units.map((u) => [u.id, u]));
  const usedNames = new Set<string>();
  const compounds = neighborhoods.flatMap(({ u, subdistrictCode, geometry }) => {
    const points = samplePointsIn(geometry, compoundsPerNeighborhood(rng), rng);
    return generateCompounds({ code: u.code, subdistrictCode }, points, rng, usedNames).map((c) => {
      const gridId = locator.locate(c.location[0], c.location[1]);
      const grid = gridId ? byId.get(gridId) : undefined;
      return { ...c, id: randomUUID(), neighborhoodId: u.id, gridId: grid && grid.parent_id === u.id ? grid.id : null, path: grid && grid.parent_id === u.id ? grid.path : u.path };
    });
  });

  const summary = {
    scale: opts.scale,
    units: {
      district: 1,
      subdistrict: units.filter((u) => u.level === 'subdistrict').length,
      neighborhood: units.filter((u) => u.level === 'neighborhood').length,
      grid: units.filter((u) => u.level === 'grid').length,
    },
    departments: departments.length,
    compounds: compounds.length,
    buildings: compounds.reduce((n, c) => n + c.buildings.length, 0),
  };
  await db.transaction().execute(async (trx) => {
    const r = new SeedRepository(trx);
    await r.insertUnits(units);
    await r.insertDepartments(departments);
    await r.insertCompounds(compounds);
    await r.recordSeed(summary);
  });
  return { ...summary, alreadySeeded: false, ms: Date.now() - t0 };
}
