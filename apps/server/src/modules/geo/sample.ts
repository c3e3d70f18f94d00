import { polygonsOf, type BBox, type PolygonGeometry, type Position } from './types.js';

/** Even-odd ray casting over all rings of a geometry (holes toggle parity back). */
export function pointInGeometry(geometry: PolygonGeometry, x: number, y: number): boolean {
  let inside = false;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

export function geometryBBox(geometry: PolygonGeometry): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    // The exterior ring bounds the polygon; holes cannot stick out.
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * n points uniformly distributed inside the geometry (rejection sampling in the bbox).
 * Attempts are bounded so a sliver whose bbox is almost empty cannot loop forever; in that
 * case the missing points fall back to a representative interior point (documented
 * degenerate case: callers get n points, some possibly identical).
 */
export function samplePointsIn(geometry: PolygonGeometry, n: number, rng: () => number): Position[] {
  const out: Position[] = [];
  if (n <= 0) return out;
  const [minX, minY, maxX, maxY] = geometryBBox(geometry);
  const w = maxX - minX;
  const h = maxY - minY;
  const maxAttempts = 10_000 + 1_000 * n;
  for (let attempt = 0; attempt < maxAttempts && out.length < n; attempt++) {
    const x = minX + rng() * w;
    const y = minY + rng() * h;
    if (pointInGeometry(geometry, x, y)) out.push([x, y]);
  }
  if (out.length < n) {
    const fallback = pointInside(geometry);
    while (out.length < n) out.push([fallback[0], fallback[1]]);
  }
  return out;
}

/**
 * A point strictly inside the geometry: the area centroid when it is inside, otherwise the middle
 * of the widest inside stretch of a horizontal line through the largest member polygon.
 * (turf's point-on-feature may return a boundary vertex, which is useless as a cell seed.)
 */
export function pointInside(geometry: PolygonGeometry): Position {
  const c = areaCentroid(geometry);
  if (c && pointInGeometry(geometry, c[0], c[1])) return c;
  let best: Position[][] = polygonsOf(geometry)[0] ?? [];
  let bestArea = -1;
  for (const polygon of polygonsOf(geometry)) {
    const a = Math.abs(areaCentroidParts(polygon.slice(0, 1)).a);
    if (a > bestArea) { bestArea = a; best = polygon; }
  }
  // Scanlines halfway between consecutive vertex latitudes never touch a vertex; try the
  // widest few gaps and keep the midpoint of the widest inside stretch.
  const ys = [...new Set(best.flatMap((ring) => ring.map((p) => p[1])))].sort((a, b) => a - b);
  const gaps = ys.slice(1).map((y, i) => ({ y: (y + ys[i]!) / 2, gap: y - ys[i]! }));
  gaps.sort((a, b) => b.gap - a.gap);
  let bestPoint: Position | null = null;
  let bestWidth = 0;
  for (const { y } of gaps.slice(0, 8)) {
    const xs: number[] = [];
    for (const ring of best) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = xs[k + 1]! - xs[k]!;
      if (w > bestWidth) { bestWidth = w; bestPoint = [(xs[k]! + xs[k + 1]!) / 2, y]; }
    }
  }
  return bestPoint ?? best[0]?.[0] ?? [0, 0];
}

/** Planar area-weighted centroid (in degree space, fine at district scale); null for zero area. */
export function areaCentroid(geometry: PolygonGeometry): Position | null {
  let a = 0, cx = 0, cy = 0;
  for (const polygon of polygonsOf(geometry)) {
    const part = areaCentroidParts(polygon);
    a += part.a; cx += part.cx; cy += part.cy;
  }
  if (Math.abs(a) < 1e-18) return null;
  return [cx / (3 * a), cy / (3 * a)];
}

/** Shoelace sums for one polygon: a = twice the signed area, cx/cy = centroid moments × 6. */
function areaCentroidParts(rings: Position[][]): { a: number; cx: number; cy: number } {
  let a = 0, cx = 0, cy = 0;
  for (const ring of rings) {
    // Shift to the ring's first vertex for numerical stability with large coordinates.
    const [ox, oy] = ring[0] ?? [0, 0];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0] - ox, yi = ring[i]![1] - oy;
      const xj = ring[j]![0] - ox, yj = ring[j]![1] - oy;
      const cross = xj * yi - xi * yj;
      a += cross;
      cx += (xj + xi) * cross + 3 * ox * cross;
      cy += (yj + yi) * cross + 3 * oy * cross;
    }
  }
  return { a, cx, cy };
}
