import { difference } from '@turf/difference';
import { union } from '@turf/union';
import { fromFeature, toFeature, type PolygonGeometry, type Position } from './types.js';
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
 *  - imported and reference geometry is kept as given (a reference unit with imported units
 *    below it is the exception: its outline becomes the union of its children);
 *  - top-down, the generated children of each unit P are re-subdivided inside the area left to
 *    them: P's region minus every imported unit deeper than P (its own imported descendants and
 *    imported units of other branches), so generated cells never cover an imported unit. The
 *    subtraction is done where the region is authoritative (a root, an imported or reference
 *    unit); a generated unit's region was cut from an already-subtracted area, so it is clean;
 *  - bottom-up, every non-imported unit with an imported unit in its subtree becomes the union
 *    of its children, so outlines grow to cover imported children that stick out.
 * Imported units shallower than or as deep as P in other branches are not subtracted: two
 * imported sources that overlap both keep the overlap (Locator breaks the tie) instead of
 * leaving a hole nobody covers.
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
    const authoritative = parent.source !== 'generated' || parent.parentId === null || !byId.has(parent.parentId);
    const available = own && authoritative ? subtract(own, blockersFor(parent, own, imported)) : own;
    if (!available) {
      for (const k of generated) {
        region.set(k.id, null);
        warnings.push(`单元 ${k.id}：上级 ${parent.id} 内已没有可分配的区域（已被导入的边界占满），边界置空`);
        if (k.seed) seeds.set(k.id, k.seed);
      }
      continue;
    }
    const taken = new Set<string>();
    const kidSeeds = generated.map((k) => {
      let s = k.seed;
      // Seeds outside the available area (or duplicated, which would collapse two cells) are
      // re-sampled inside it; the rng makes this reproducible for the same input order.
      if (!s || !pointInGeometry(available, s[0], s[1]) || taken.has(`${s[0]},${s[1]}`)) {
        s = samplePointsIn(available, 1, rng)[0]!;
      }
      taken.add(`${s[0]},${s[1]}`);
      return s;
    });
    const { cells } = subdivide(available, kidSeeds);
    generated.forEach((k, i) => {
      region.set(k.id, cells[i] ?? null);
      seeds.set(k.id, kidSeeds[i]!);
      if (!cells[i]) warnings.push(`单元 ${k.id}：在上级 ${parent.id} 的剩余区域内没有分到面积，边界置空`);
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
    const g = geometry.get(u.id) ?? null;
    if (seeds.has(u.id) || !g) {
      if (!seeds.has(u.id) && u.seed) seeds.set(u.id, u.seed);
      continue;
    }
    seeds.set(u.id, u.seed && pointInGeometry(g, u.seed[0], u.seed[1]) ? u.seed : pointInside(g));
  }

  const priorities = new Map<string, number>();
  for (const u of units) {
    if ((children.get(u.id)?.length ?? 0) > 0) continue;
    let p = 0;
    for (let a: LayoutUnit | undefined = u; a; a = a.parentId ? byId.get(a.parentId) : undefined) {
      if (a.source === 'imported') { p = Math.max(p, a.depth); }
      if (a.parentId === a.id) break;
    }
    priorities.set(u.id, p);
  }
  return { geometry, seeds, priorities, warnings };
}

function blockersFor(
  parent: LayoutUnit,
  own: PolygonGeometry,
  imported: { unit: LayoutUnit; bbox: [number, number, number, number] }[],
): PolygonGeometry[] {
  const [minX, minY, maxX, maxY] = geometryBBox(own);
  return imported
    .filter(({ unit, bbox }) => unit.id !== parent.id && unit.depth > parent.depth
      && bbox[0] <= maxX && bbox[2] >= minX && bbox[1] <= maxY && bbox[3] >= minY)
    .map(({ unit }) => unit.geometry!);
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
