import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, JurisdictionUnitTable } from '../../db/schema.js';

export type UnitRow = Selectable<JurisdictionUnitTable>;
export type UnitLite = Pick<UnitRow, 'id' | 'code' | 'name' | 'level' | 'path' | 'parent_id'>;

const liteColumns = ['id', 'code', 'name', 'level', 'path', 'parent_id'] as const;
const rowColumns = [
  ...liteColumns,
  'boundary_source',
  'seed_lng',
  'seed_lat',
  'min_lng',
  'min_lat',
  'max_lng',
  'max_lat',
  'center_lng',
  'center_lat',
  'area_km2',
  'sort_order',
] as const;

export type UnitInfo = Pick<UnitRow, (typeof rowColumns)[number]>;

/** SQL for the jurisdiction tree; returns plain objects. */
export class JurisdictionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findByCode(code: string): Promise<UnitInfo | undefined> {
    return this.db.selectFrom('jurisdiction_unit').select(rowColumns).where('code', '=', code).executeTakeFirst();
  }

  findRoot(): Promise<UnitInfo | undefined> {
    return this.db.selectFrom('jurisdiction_unit').select(rowColumns).where('parent_id', 'is', null).orderBy('code').executeTakeFirst();
  }

  /** Strict ancestors, from the district down. */
  ancestors(path: string): Promise<UnitLite[]> {
    return this.db
      .selectFrom('jurisdiction_unit')
      .select(liteColumns)
      .where(sql<boolean>`path @> ${path}::ltree`)
      .where('path', '!=', path)
      .orderBy(sql`nlevel(path)`)
      .execute();
  }

  async children(unitId: string): Promise<(UnitLite & { child_count: number })[]> {
    return this.db
      .selectFrom('jurisdiction_unit as u')
      .select(liteColumns.map((c) => `u.${c}` as const))
      .select((eb) =>
        eb
          .selectFrom('jurisdiction_unit as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.parent_id', '=', 'u.id')
          .as('child_count'),
      )
      .where('u.parent_id', '=', unitId)
      .orderBy('u.sort_order')
      .orderBy('u.code')
      .execute() as Promise<(UnitLite & { child_count: number })[]>;
  }

  /** Counts of everything strictly below a unit, each scoped by path in SQL. */
  async subtreeCounts(path: string) {
    const r = await sql<{
      subdistricts: number;
      neighborhoods: number;
      grids: number;
      compounds: number;
      buildings: number;
      departments: number;
    }>`
      select
        (select count(*) from jurisdiction_unit where path <@ ${path}::ltree and path <> ${path}::ltree and level = 'subdistrict') as subdistricts,
        (select count(*) from jurisdiction_unit where path <@ ${path}::ltree and path <> ${path}::ltree and level = 'neighborhood') as neighborhoods,
        (select count(*) from jurisdiction_unit where path <@ ${path}::ltree and path <> ${path}::ltree and level = 'grid') as grids,
        (select count(*) from compound where path <@ ${path}::ltree) as compounds,
        (select count(*) from building where path <@ ${path}::ltree) as buildings,
        (select count(*) from department where path <@ ${path}::ltree) as departments
    `.execute(this.db);
    const row = r.rows[0]!;
    return {
      subdistricts: Number(row.subdistricts),
      neighborhoods: Number(row.neighborhoods),
      grids: Number(row.grids),
      compounds: Number(row.compounds),
      buildings: Number(row.buildings),
      departments: Number(row.departments),
    };
  }

  /** The unit's geometry and, optionally, its children's or every descendant's of one level. */
  geometries(unitId: string, withChildren: boolean, below?: { path: string; level: UnitRow['level'] }) {
    return this.db
      .selectFrom('jurisdiction_unit')
      .select(['id', 'code', 'name', 'level', 'boundary_source', 'geometry', 'parent_id'])
      .where((eb) =>
        below
          ? eb.or([eb('id', '=', unitId), eb.and([eb('level', '=', below.level), eb(sql`path`, '<@', sql`${below.path}::ltree`)])])
          : withChildren
            ? eb.or([eb('id', '=', unitId), eb('parent_id', '=', unitId)])
            : eb('id', '=', unitId),
      )
      .orderBy(sql`nlevel(path)`)
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
  }

  /**
   * Name or code search; names ranked by trigram similarity. "Similar" is `similarity() >= 0.3`,
   * pg_trgm's default threshold, written out rather than as the `%` operator: on PGlite the
   * operator (which reads the extension's `pg_trgm.similarity_threshold` setting) left the
   * embedded database looping inside its error handler on a later statement, the whole process
   * stuck at full CPU (foundation-api.test.ts hung in ~45 % of runs; 0 of 8 without it). The
   * table holds ~1,300 units, so the operator's index support is not missed.
   */
  search(q: string, level: UnitRow['level'] | undefined, limit: number): Promise<UnitLite[]> {
    let query = this.db
      .selectFrom('jurisdiction_unit')
      .select(liteColumns)
      .where((eb) =>
        eb.or([eb('name', 'ilike', `%${escapeLike(q)}%`), eb('code', 'like', `${escapeLike(q)}%`), eb(sql`similarity(name, ${q})`, '>=', sql`0.3`)]),
      );
    if (level) query = query.where('level', '=', level);
    return query.orderBy(sql`similarity(name, ${q})`, 'desc').orderBy('code').limit(limit).execute();
  }

  /** Ancestors of many paths at once, keyed by path. */
  async ancestorsOfMany(paths: string[]): Promise<Map<string, UnitLite[]>> {
    const out = new Map<string, UnitLite[]>();
    if (paths.length === 0) return out;
    const rows = await this.db
      .selectFrom('jurisdiction_unit')
      .select(liteColumns)
      .where(sql<boolean>`path @> ANY(${paths}::ltree[])`)
      .orderBy(sql`nlevel(path)`)
      .execute();
    for (const p of paths) {
      out.set(
        p,
        rows.filter((r) => r.path !== p && isAncestorPath(r.path, p)),
      );
    }
    return out;
  }

  /** Every unit with its geometry: the input of the locator and of boundary re-layout. */
  allWithGeometry() {
    return this.db
      .selectFrom('jurisdiction_unit')
      .select([...liteColumns, 'boundary_source', 'geometry', 'seed_lng', 'seed_lat', 'sort_order'])
      .orderBy(sql`nlevel(path)`)
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
  }
}

export function isAncestorPath(ancestor: string, path: string): boolean {
  return path.startsWith(`${ancestor}.`);
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Column values for a unit's geometry and what is derived from it. */
export function geometryColumns(
  geometry: { type: string; coordinates: unknown } | null,
  stats: { bbox: number[]; center: number[]; areaKm2: number } | null,
  seed: [number, number] | null,
) {
  return {
    geometry: geometry ? JSON.stringify(geometry) : null,
    seed_lng: seed?.[0] ?? null,
    seed_lat: seed?.[1] ?? null,
    min_lng: stats?.bbox[0] ?? null,
    min_lat: stats?.bbox[1] ?? null,
    max_lng: stats?.bbox[2] ?? null,
    max_lat: stats?.bbox[3] ?? null,
    center_lng: stats?.center[0] ?? null,
    center_lat: stats?.center[1] ?? null,
    area_km2: stats?.areaKm2 ?? null,
  };
}
