import { area } from '@turf/area';
import { union } from '@turf/union';
import { createRng } from './rng.js';
import { pointInGeometry, samplePointsIn } from './sample.js';
import { subdivide } from './subdivide.js';
import { fromFeature, toFeature, type PolygonGeometry, type Position } from './types.js';

export interface DemoGeometryInput {
  district: PolygonGeometry;
  subdistricts: { code: string; anchor?: Position | undefined; neighborhoods: { code: string }[] }[];
  seed: number;
  /** Total grids in the district (default 1100); each neighborhood gets at least 2. */
  targetGrids?: number;
}

export interface DemoCell {
  geometry: PolygonGeometry;
  seed: Position;
}

export interface DemoGeometry {
  /** The district outline the cells tile: the input normalised (duplicate points, ring order, kinks resolved). */
  district: PolygonGeometry;
  subdistricts: Map<string, DemoCell>;
  neighborhoods: Map<string, DemoCell>;
  grids: { neighborhoodCode: string; seq: number; geometry: PolygonGeometry; seed: Position }[];
}

/**
 * Approximate centres (WGS84) of Changning's 10 subdistricts, placed inside the coarse reference
 * outline: 江苏路/华阳路/新华路 in the east, 新泾镇/程家桥 in the west near Hongqiao airport.
 * Only used to make the generated demo cells sit roughly where the real ones are.
 */
export const changningAnchors: Record<string, Position> = {
  '310105001': [121.42, 31.22], // 华阳路街道 (中山公园)
  '310105002': [121.432, 31.216], // 江苏路街道
  '310105004': [121.425, 31.202], // 新华路街道
  '310105005': [121.405, 31.218], // 周家桥街道
  '310105006': [121.392, 31.21], // 天山路街道
  '310105008': [121.378, 31.204], // 仙霞新村街道
  '310105009': [121.405, 31.199], // 虹桥街道 (古北)
  '310105010': [121.352, 31.19], // 程家桥街道
  '310105011': [121.368, 31.217], // 北新泾街道
  '310105102': [121.348, 31.228], // 新泾镇
};

/**
 * Demo geometry below the district: subdistrict Voronoi cells around the anchors (one Lloyd
 * round, which evens out sizes while keeping cells near their anchors), neighborhoods tiling
 * each subdistrict and grids tiling each neighborhood, grid counts proportional to area.
 * Everything comes from one rng seeded with `seed`, consumed in input order: same input, same output.
 */
export function generateDemoGeometry(input: DemoGeometryInput): DemoGeometry {
  const rng = createRng(input.seed);
  const district = normalise(input.district);
  const subdistricts = new Map<string, DemoCell>();
  const neighborhoods = new Map<string, DemoCell>();
  const grids: DemoGeometry['grids'] = [];

  const taken = new Set<string>();
  const subSeeds = input.subdistricts.map((s) => {
    const a = s.anchor;
    const p = a && pointInGeometry(district, a[0], a[1]) && !taken.has(`${a[0]},${a[1]}`) ? a : samplePointsIn(district, 1, rng)[0]!;
    taken.add(`${p[0]},${p[1]}`);
    return p;
  });
  const subs = subdivide(district, subSeeds, { lloydIterations: 1 });

  const nbCells: { code: string; geometry: PolygonGeometry; area: number }[] = [];
  input.subdistricts.forEach((s, i) => {
    const cell = subs.cells[i];
    if (!cell) return;
    subdistricts.set(s.code, { geometry: cell, seed: subs.seeds[i]! });
    if (s.neighborhoods.length === 0) return;
    const nb = subdivide(cell, samplePointsIn(cell, s.neighborhoods.length, rng), { lloydIterations: 2 });
    s.neighborhoods.forEach((n, j) => {
      const g = nb.cells[j];
      if (!g) return;
      neighborhoods.set(n.code, { geometry: g, seed: nb.seeds[j]! });
      nbCells.push({ code: n.code, geometry: g, area: area(toFeature(g)) });
    });
  });

  const counts = gridCounts(nbCells.map((n) => n.area), input.targetGrids ?? 1100);
  nbCells.forEach((n, i) => {
    const g = subdivide(n.geometry, samplePointsIn(n.geometry, counts[i]!, rng), { lloydIterations: 2 });
    let seq = 0;
    g.cells.forEach((cell, k) => {
      if (cell) grids.push({ neighborhoodCode: n.code, seq: ++seq, geometry: cell, seed: g.seeds[k]! });
    });
  });
  return { district, subdistricts, neighborhoods, grids };
}

/**
 * Largest-remainder apportionment of `target` by area with a floor of 2 per neighborhood:
 * neighborhoods whose share is under 2 get 2 and the rest of the target is shared among the
 * others, so the total is exactly `target` unless the floors alone exceed it.
 */
export function gridCounts(areas: number[], target: number): number[] {
  const MIN = 2;
  const floored = new Set<number>();
  let quotas: number[] = [];
  for (;;) {
    const free = areas.map((_, i) => i).filter((i) => !floored.has(i));
    const rest = target - MIN * floored.size;
    const freeArea = free.reduce((s, i) => s + areas[i]!, 0);
    quotas = areas.map((a, i) => (floored.has(i) || freeArea <= 0 ? MIN : (rest * a) / freeArea));
    const newlyFloored = free.filter((i) => quotas[i]! < MIN);
    if (newlyFloored.length === 0 || freeArea <= 0) break;
    for (const i of newlyFloored) floored.add(i);
  }
  const counts = quotas.map((q) => Math.max(MIN, Math.floor(q)));
  let left = target - counts.reduce((s, c) => s + c, 0);
  const order = quotas
    .map((q, i) => ({ i, r: q - Math.floor(q) }))
    .filter(({ i }) => !floored.has(i))
    .sort((x, y) => y.r - x.r || x.i - y.i);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) counts[order[k]!.i]!++;
  return counts;
}

/** Resolve duplicate points, wrong ring order and crossings with one self-union (polyclip). */
function normalise(geometry: PolygonGeometry): PolygonGeometry {
  const f = toFeature(geometry);
  return fromFeature(union({ type: 'FeatureCollection', features: [f, f] })) ?? geometry;
}
