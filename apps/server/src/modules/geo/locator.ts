import Flatbush from 'flatbush';
import { polygonsOf, type BBox, type PolygonGeometry } from './types.js';
import { geometryBBox } from './sample.js';

export interface LocatorEntry {
  id: string;
  geometry: PolygonGeometry;
  /** Higher wins where entries overlap (e.g. an imported unit over generated leftovers). */
  priority?: number;
}

/** [minLng, minLat, maxLng, maxLat] of a polygon geometry. */
export function bboxOf(geometry: PolygonGeometry): BBox {
  return geometryBBox(geometry);
}

/**
 * Tolerance (degrees, ~0.1 mm) for points that no polygon contains by ray casting because they
 * sit on a boundary: clipped neighbours can differ in the last bits of a shared vertex, and
 * points exactly on the outer edge must still resolve to a unit rather than to nothing.
 */
const EDGE_EPS = 1e-9;

/**
 * Point → polygon lookup: flatbush over bboxes, then even-odd ray casting on rings that were
 * flattened into one Float64Array (no per-lookup allocation beyond flatbush's result array).
 */
export class Locator {
  private readonly ids: string[];
  private readonly priorities: Float64Array;
  private readonly index: Flatbush | null;
  /** All ring coordinates, x0,y0,x1,y1,… (rings are closed: last == first). */
  private readonly coords: Float64Array;
  /** Entry i owns rings ringStart[i] .. ringStart[i+1]-1; ring r spans coords ringOffset[r] .. ringOffset[r+1]-1. */
  private readonly ringStart: Uint32Array;
  private readonly ringOffset: Uint32Array;

  constructor(entries: readonly LocatorEntry[]) {
    this.ids = entries.map((e) => e.id);
    this.priorities = Float64Array.from(entries, (e) => e.priority ?? 0);
    let ringCount = 0, coordCount = 0;
    for (const e of entries) {
      for (const polygon of polygonsOf(e.geometry)) {
        for (const ring of polygon) { ringCount++; coordCount += ring.length * 2; }
      }
    }
    this.coords = new Float64Array(coordCount);
    this.ringStart = new Uint32Array(entries.length + 1);
    this.ringOffset = new Uint32Array(ringCount + 1);
    let r = 0, c = 0;
    entries.forEach((e, i) => {
      this.ringStart[i] = r;
      for (const polygon of polygonsOf(e.geometry)) {
        for (const ring of polygon) {
          this.ringOffset[r++] = c;
          for (const [x, y] of ring) { this.coords[c++] = x; this.coords[c++] = y; }
        }
      }
    });
    this.ringStart[entries.length] = r;
    this.ringOffset[r] = c;
    if (entries.length === 0) { this.index = null; return; }
    const index = new Flatbush(entries.length);
    for (const e of entries) {
      const [minX, minY, maxX, maxY] = geometryBBox(e.geometry);
      index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Id of the containing entry with the highest priority (ties: earliest entry), or null. */
  locate(lng: number, lat: number): string | null {
    if (!this.index || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    let best = -1;
    for (const i of this.index.search(lng, lat, lng, lat)) {
      if (best >= 0 && !this.beats(i, best)) continue;
      if (this.contains(i, lng, lat)) best = i;
    }
    if (best < 0) best = this.nearEdge(lng, lat);
    return best < 0 ? null : this.ids[best]!;
  }

  private beats(i: number, j: number): boolean {
    const pi = this.priorities[i]!, pj = this.priorities[j]!;
    return pi > pj || (pi === pj && i < j);
  }

  private contains(i: number, x: number, y: number): boolean {
    const { coords, ringOffset } = this;
    let inside = false;
    for (let r = this.ringStart[i]!; r < this.ringStart[i + 1]!; r++) {
      const start = ringOffset[r]!, end = ringOffset[r + 1]!;
      for (let k = start + 2; k < end; k += 2) {
        const xi = coords[k]!, yi = coords[k + 1]!, xj = coords[k - 2]!, yj = coords[k - 1]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside;
  }

  /** Fallback for points on (or within EDGE_EPS of) a boundary: best-priority entry that close. */
  private nearEdge(x: number, y: number): number {
    let best = -1;
    for (const i of this.index!.search(x - EDGE_EPS, y - EDGE_EPS, x + EDGE_EPS, y + EDGE_EPS)) {
      if (best >= 0 && !this.beats(i, best)) continue;
      if (this.edgeDistance(i, x, y) <= EDGE_EPS) best = i;
    }
    return best;
  }

  private edgeDistance(i: number, x: number, y: number): number {
    const { coords, ringOffset } = this;
    let min = Infinity;
    for (let r = this.ringStart[i]!; r < this.ringStart[i + 1]!; r++) {
      for (let k = ringOffset[r]! + 2; k < ringOffset[r + 1]!; k += 2) {
        const ax = coords[k - 2]!, ay = coords[k - 1]!, bx = coords[k]!, by = coords[k + 1]!;
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
        min = Math.min(min, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
      }
    }
    return min;
  }
}
