// Shared checks for the geo tests: "these cells tile that parent" is asserted in several files.
import { area } from '@turf/area';
import { intersect } from '@turf/intersect';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { samplePointsIn } from '../../../src/modules/geo/sample.js';
import { bboxOf } from '../../../src/modules/geo/locator.js';
import { toFeature, type PolygonGeometry, type Position } from '../../../src/modules/geo/types.js';

export const square = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

/**
 * Planar area in degree² (shoelace about a local origin). Tiling is a planar property of the
 * lng/lat coordinates, and this is exact to ~1e-13 relative; turf's geodesic area is not
 * additive at this level (~1e-6 relative noise on 300 m cells), so it is kept for m² checks.
 */
export function areaOf(g: PolygonGeometry | null): number {
  if (!g) return 0;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  const [ox, oy] = rings[0]?.[0] ?? [0, 0];
  let twice = 0;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      twice += (ring[i - 1]![0] - ox) * (ring[i]![1] - oy) - (ring[i]![0] - ox) * (ring[i - 1]![1] - oy);
    }
  }
  // Holes are wound opposite to their exterior (RFC 7946 / polyclip output), so they subtract.
  return Math.abs(twice / 2);
}

export const squareMetres = (g: PolygonGeometry): number => area(toFeature(g));

export const contains = (g: PolygonGeometry | null, p: Position): boolean =>
  g !== null && booleanPointInPolygon(p, toFeature(g), { ignoreBoundary: true });

export function overlapArea(a: PolygonGeometry, b: PolygonGeometry): number {
  const [ax0, ay0, ax1, ay1] = bboxOf(a);
  const [bx0, by0, bx1, by1] = bboxOf(b);
  if (ax1 < bx0 || bx1 < ax0 || ay1 < by0 || by1 < ay0) return 0;
  const i = intersect({ type: 'FeatureCollection', features: [toFeature(a), toFeature(b)] });
  return i ? areaOf(i.geometry as PolygonGeometry) : 0;
}

/** No gaps (areas add up), no overlaps (pairwise), and sample points fall in exactly one cell. */
export function expectTiles(parent: PolygonGeometry, cells: (PolygonGeometry | null)[], rng: () => number, points = 300): void {
  const present = cells.filter((c): c is PolygonGeometry => c !== null);
  const parentArea = areaOf(parent);
  const sum = present.reduce((s, c) => s + areaOf(c), 0);
  expect(Math.abs(sum - parentArea) / parentArea).toBeLessThan(1e-9);
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      expect(overlapArea(present[i]!, present[j]!) / parentArea).toBeLessThan(1e-9);
    }
  }
  for (const p of samplePointsIn(parent, points, rng)) {
    expect(present.filter((c) => contains(c, p)).length).toBe(1);
  }
}

const referenceDir = new URL('../../../data/reference/', import.meta.url);

export function changningOutline(): PolygonGeometry {
  const fc = JSON.parse(readFileSync(new URL('shanghai-districts.geojson', referenceDir), 'utf8')) as {
    features: { properties: { adcode: string | number }; geometry: PolygonGeometry }[];
  };
  const f = fc.features.find((x) => String(x.properties.adcode) === '310105');
  if (!f) throw new Error('Changning (310105) missing from the reference outlines');
  return f.geometry;
}
