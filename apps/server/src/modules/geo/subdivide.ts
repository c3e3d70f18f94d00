import { Delaunay } from 'd3-delaunay';
import { intersect } from '@turf/intersect';
import { fromFeature, polygonsOf, toFeature, type PolygonGeometry, type Position } from './types.js';
import { areaCentroid, geometryBBox, pointInGeometry, pointInside } from './sample.js';

export interface SubdivideOptions {
  /** Lloyd relaxation rounds: move each seed to its clipped cell's centroid and recompute. */
  lloydIterations?: number;
}

export interface SubdivideResult {
  /** cells[i] belongs to seeds[i]; null when the seed's Voronoi cell misses the parent (or is a duplicate). */
  cells: (PolygonGeometry | null)[];
  /** Final seeds (moved by Lloyd relaxation, otherwise the input seeds). */
  seeds: Position[];
}

/**
 * Voronoi cells of the seeds clipped to the parent. Because the unclipped cells partition
 * the whole Voronoi extent (adjacent cells share the very same circumcentre vertices),
 * clipping each to the parent tiles the parent with no gaps and no overlaps.
 */
export function subdivide(parent: PolygonGeometry, seeds: Position[], opts: SubdivideOptions = {}): SubdivideResult {
  let current = seeds.map(([x, y]) => [x, y] as Position);
  let cells = clippedCells(parent, current);
  for (let round = 0; round < (opts.lloydIterations ?? 0); round++) {
    current = current.map((seed, i) => {
      const cell = cells[i];
      if (!cell) return seed;
      const c = areaCentroid(cell);
      // A MultiPolygon cell can have its centroid in a gap; keep seeds inside their cell.
      return c && pointInGeometry(cell, c[0], c[1]) ? c : pointInside(cell);
    });
    cells = clippedCells(parent, current);
  }
  return { cells, seeds: current };
}

function clippedCells(parent: PolygonGeometry, seeds: Position[]): (PolygonGeometry | null)[] {
  if (seeds.length === 0) return [];
  if (seeds.length === 1) return [parent];
  const [pMinX, pMinY, pMaxX, pMaxY] = geometryBBox(parent);
  let minX = pMinX, minY = pMinY, maxX = pMaxX, maxY = pMaxY;
  for (const [x, y] of seeds) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  // Generous margin: the Voronoi extent must strictly contain the parent so the cells cover it.
  const margin = Math.max(maxX - minX, maxY - minY, 1e-6);
  // d3-delaunay uses absolute tolerances (1e-9 for degenerate triangles, 1e-10 for collinear
  // input) that misfire on degree-scale coordinates of a few hundred metres: run it in a frame
  // scaled to ~0..1000 and map the cell vertices back (same input → same output, so shared
  // vertices stay bit-identical between neighbouring cells).
  const ox = minX - margin, oy = minY - margin;
  const scale = 1000 / (Math.max(maxX - minX, maxY - minY) + 2 * margin);
  const voronoi = Delaunay.from(seeds.map(([x, y]) => [(x - ox) * scale, (y - oy) * scale] as Position)).voronoi([
    0, 0, (maxX + margin - ox) * scale, (maxY + margin - oy) * scale,
  ]);
  const parentFeature = toFeature(parent);
  const seen = new Set<string>();
  return seeds.map((seed, i) => {
    // d3-delaunay gives coincident seeds the same cell; only the first keeps it.
    const key = `${seed[0]},${seed[1]}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const ring = voronoi.cellPolygon(i) as Position[] | null;
    if (!ring || ring.length < 4) return null;
    const cell: PolygonGeometry = { type: 'Polygon', coordinates: [ring.map(([u, v]) => [ox + u / scale, oy + v / scale] as Position)] };
    const [cMinX, cMinY, cMaxX, cMaxY] = geometryBBox(cell);
    if (cMaxX < pMinX || cMinX > pMaxX || cMaxY < pMinY || cMinY > pMaxY) return null;
    // Fast path: most cells of a fine subdivision lie wholly inside the parent; polygon
    // clipping is the expensive step, so skip it when nothing of the parent's boundary is near.
    if (cellWithinParent(cell.coordinates[0]!, parent)) return cell;
    const clipped = intersect({ type: 'FeatureCollection', features: [toFeature(cell), parentFeature] });
    return fromFeature(clipped);
  });
}

/**
 * True when the (convex, closed) Voronoi cell ring lies inside the parent: every cell vertex is
 * inside, no parent edge touches a cell edge, and no parent ring lies wholly inside the cell
 * (a hole). Conservative: any touching sends the cell through the exact clipper.
 */
function cellWithinParent(cell: Position[], parent: PolygonGeometry): boolean {
  for (const [x, y] of cell) if (!pointInGeometry(parent, x, y)) return false;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of cell) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  for (const polygon of polygonsOf(parent)) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!, b = ring[i]!;
        if (Math.max(a[0], b[0]) < minX || Math.min(a[0], b[0]) > maxX) continue;
        if (Math.max(a[1], b[1]) < minY || Math.min(a[1], b[1]) > maxY) continue;
        // A parent vertex inside the cell's bbox is enough to bail out (covers holes inside the cell).
        if (a[0] >= minX && a[0] <= maxX && a[1] >= minY && a[1] <= maxY) return false;
        for (let k = 1; k < cell.length; k++) {
          if (segmentsTouch(a, b, cell[k - 1]!, cell[k]!)) return false;
        }
      }
    }
  }
  return true;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Closed-segment intersection test (collinear overlaps and touching count as touching). */
function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && on(c, d, a)) || (d2 === 0 && on(c, d, b)) || (d3 === 0 && on(a, b, c)) || (d4 === 0 && on(a, b, d));
}
