import { difference } from '@turf/difference';
import { union } from '@turf/union';
import { fromFeature, polygonsOf, toFeature, type BBox, type PolygonGeometry, type Position } from './types.js';
import { geometryBBox, pointInGeometry, pointInside, samplePointsIn } from './sample.js';
import { subdivide } from './subdivide.js';

export interface LayoutUnit {
  id: string;
  parentId: string | null;
  /** 0 district, 1 subdistrict, 2 neighborhood, 3 grid */
  depth: number;
  source: 'reference' | 'generated' | 'imported';
  geometry: PolygonGeometry | null;
  seed: Position | null;
}

export interface LayoutResult {
  geometry: Map<string, PolygonGeometry | null>;
  seeds: Map<string, Position>;
  /** Leaf units only: depth of the deepest imported ancestor-or-self (0 if none), for Locator. */
  priorities: Map<string, number>;
  warnings: string[];
}

/**
 * Re-layout after a boundary import. Imported boundaries are authoritative:
 *  - imported and reference geometry is kept as given (except that a reference unit with
 *    imported units below it becomes the union of its children);
 *  - top-down, the generated children of each unit P get the Voronoi cells of their seeds in
 *    P's region, each minus the imported units deeper than P that are NOT in that child's own
 *    subtree. So a generated cell never covers an imported unit of another branch, while a
 *    child keeps the ground around its own imported descendants. Seeds that fall outside
 *    what is left to their unit are re-sampled with the rng; a child left with nothing gets
 *    null and a warning;
 *  - bottom-up, every non-imported unit with an imported unit in its subtree becomes the union
 *    of its children, so outlines grow to cover imported children that stick out.
 * Imported units in other branches that are not deeper than P are not subtracted: two imported
 * sources that overlap both keep the overlap (Locator breaks the tie) instead of leaving a
 * hole nobody covers.
 */
export function layoutUnits(units: readonly LayoutUnit[], rng: () => number): LayoutResult {
  const warnings: string[] = [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string, LayoutUnit[]>();
  const roots: LayoutUnit[] = [];
  for (const u of units) {
    if (u.parentId === null) roots.push(u);
    else if (!byId.has(u.parentId)) {
      warnings.push(`单元 ${u.id} 的上级 ${u.parentId} 不存在，按顶层单元处理`);
      roots.push(u);
    } else {
      const list = children.get(u.parentId) ?? [];
      list.push(u);
      children.set(u.parentId, list);
    }
  }
  const imported = units
    .filter((u) => u.source === 'imported' && u.geometry)
    .map((u) => ({ unit: u, bbox: geometryBBox(u.geometry!) }));
  /** u is ancestorId or lies below it (bounded walk, so a parent cycle cannot hang). */
  const isWithin = (u: LayoutUnit, ancestorId: string): boolean => {
    let a: LayoutUnit | undefined = u;
    for (let steps = 0; a && steps <= units.length; steps++) {
      if (a.id === ancestorId) return true;
      a = a.parentId === null ? undefined : byId.get(a.parentId);
    }
    return false;
  };

  // Top-down: region[id] is the geometry a unit occupies before the bottom-up unions.
  const region = new Map<string, PolygonGeometry | null>();
  const seeds = new Map<string, Position>();
  const queue: LayoutUnit[] = [];
  for (const r of roots) {
    if (!r.geometry) warnings.push(`顶层单元 ${r.id} 没有边界，其下生成的单元无法布局`);
    region.set(r.id, r.geometry);
    queue.push(r);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const parent = queue[qi]!;
    const kids = children.get(parent.id) ?? [];
    for (const kid of kids) {
      if (kid.source !== 'generated') region.set(kid.id, kid.geometry);
      queue.push(kid);
    }
    const generated = kids.filter((k) => k.source === 'generated');
    if (generated.length === 0) continue;
    const own = region.get(parent.id) ?? null;
    if (!own) {
      for (const k of generated) {
        region.set(k.id, null);
        warnings.push(`单元 ${k.id}：上级 ${parent.id} 没有边界，无法布局`);
        if (k.seed) seeds.set(k.id, k.seed);
      }
      continue;
    }
    // A generated parent's region was already cut free of imported units outside its subtree
    // (one level up); an authoritative one (root, imported, reference) was not.
    const authoritative = parent.source !== 'generated' || parent.parentId === null || !byId.has(parent.parentId);
    const candidates = nearby(own, imported).filter(
      ({ unit }) => unit.depth > parent.depth && (authoritative || isWithin(unit, parent.id)),
    );
    const blockersOf = (kid: LayoutUnit) => candidates.filter(({ unit }) => !isWithin(unit, kid.id)).map(({ unit }) => unit.geometry!);
    const taken = new Set<string>();
    const kidSeeds = generated.map((k) => {
      const blocked = blockersOf(k);
      const free = (p: Position) =>
        pointInGeometry(own, p[0], p[1]) && !taken.has(`${p[0]},${p[1]}`) && !blocked.some((b) => pointInGeometry(b, p[0], p[1]));
      let s = k.seed;
      // Seeds outside the area left to the child (or duplicated, which would collapse two cells)
      // are re-sampled; the rng makes this reproducible for the same input order.
      for (let attempt = 0; (!s || !free(s)) && attempt < 200; attempt++) s = samplePointsIn(own, 1, rng)[0]!;
      if (!s || !free(s)) return null;
      taken.add(`${s[0]},${s[1]}`);
      return s;
    });
    const placed = generated.filter((_, i) => kidSeeds[i]);
    const { cells } = subdivide(own, kidSeeds.filter((s): s is Position => s !== null));
    const ownArea = Math.abs(planarArea(own));
    generated.forEach((k) => {
      const i = placed.indexOf(k);
      let cell = i >= 0 ? cells[i] ?? null : null;
      if (cell) {
        // Carve out imported units of other branches; drop numerical slivers left over when an
        // imported unit covers exactly what the cell would have been.
        cell = subtract(cell, blockersOf(k));
        if (cell && Math.abs(planarArea(cell)) < 1e-9 * ownArea) cell = null;
      }
      region.set(k.id, cell);
      const seed = i >= 0 ? kidSeeds[generated.indexOf(k)]! : k.seed;
      if (seed) seeds.set(k.id, seed);
      if (!cell) warnings.push(`单元 ${k.id}：在上级 ${parent.id} 内已没有可分配的区域（已被导入的边界占满），边界置空`);
    });
  }

  // Bottom-up (reverse BFS order visits children before parents).
  const geometry = new Map<string, PolygonGeometry | null>();
  const hasImported = new Map<string, boolean>();
  for (let qi = queue.length - 1; qi >= 0; qi--) {
    const u = queue[qi]!;
    const kids = children.get(u.id) ?? [];
    const importedBelow = kids.some((k) => k.source === 'imported' || hasImported.get(k.id));
    hasImported.set(u.id, importedBelow);
    let g = region.get(u.id) ?? null;
    if (kids.length > 0 && importedBelow && u.source !== 'imported') {
      g = unionAll(kids.map((k) => geometry.get(k.id) ?? null));
      if (!g) warnings.push(`单元 ${u.id}：下级单元均无边界，合并后边界为空`);
    }
    geometry.set(u.id, g);
  }

  for (const u of units) {
    if (!geometry.has(u.id)) {
      // Only possible with a parent cycle: such units are unreachable from any root.
      warnings.push(`单元 ${u.id} 的上级关系成环，未参与布局`);
      geometry.set(u.id, u.geometry);
    }
    const g = geometry.get(u.id) ?? null;
    if (seeds.has(u.id) || !g) {
      if (!seeds.has(u.id) && u.seed) seeds.set(u.id, u.seed);
      continue;
    }
    seeds.set(u.id, u.seed && pointInGeometry(g, u.seed[0], u.seed[1]) ? u.seed : pointInside(g));
  }

  const importedUnits = units.filter((u) => u.source === 'imported');
  const priorities = new Map<string, number>();
  for (const u of units) {
    if ((children.get(u.id)?.length ?? 0) > 0) continue;
    let p = 0;
    for (const a of importedUnits) if (a.depth > p && isWithin(u, a.id)) p = a.depth;
    priorities.set(u.id, p);
  }
  return { geometry, seeds, priorities, warnings };
}

function nearby(own: PolygonGeometry, imported: { unit: LayoutUnit; bbox: BBox }[]): { unit: LayoutUnit; bbox: BBox }[] {
  const [minX, minY, maxX, maxY] = geometryBBox(own);
  return imported.filter(({ bbox }) => bbox[0] <= maxX && bbox[2] >= minX && bbox[1] <= maxY && bbox[3] >= minY);
}

/** Signed planar area in degree² (only compared with other planar areas, for sliver detection). */
function planarArea(g: PolygonGeometry): number {
  let total = 0;
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      const [ox, oy] = ring[0] ?? [0, 0];
      for (let i = 1; i < ring.length; i++) {
        total += (ring[i - 1]![0] - ox) * (ring[i]![1] - oy) - (ring[i]![0] - ox) * (ring[i - 1]![1] - oy);
      }
    }
  }
  return total / 2;
}

function subtract(base: PolygonGeometry, cut: PolygonGeometry[]): PolygonGeometry | null {
  if (cut.length === 0) return base;
  return fromFeature(difference({ type: 'FeatureCollection', features: [base, ...cut].map(toFeature) }));
}

function unionAll(parts: (PolygonGeometry | null)[]): PolygonGeometry | null {
  const present = parts.filter((p): p is PolygonGeometry => p !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return fromFeature(union({ type: 'FeatureCollection', features: present.map(toFeature) }));
}
