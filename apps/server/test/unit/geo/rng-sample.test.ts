import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/modules/geo/rng.js';
import { pointInGeometry, pointInside, samplePointsIn } from '../../../src/modules/geo/sample.js';
import type { PolygonGeometry } from '../../../src/modules/geo/types.js';
import { contains, square } from './helpers.js';

// A "U": its centroid lies in the notch, the classic trap for "representative point".
const U: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
};
const withHole: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [square(0, 0, 4, 4).coordinates[0]!, [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]],
};

describe('createRng', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Crude uniformity: the mean of 1000 draws is near 0.5.
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
  });
});

describe('samplePointsIn', () => {
  it('returns n points inside a concave polygon with a hole, reproducibly', () => {
    const pts = samplePointsIn(withHole, 500, createRng(1));
    expect(pts).toHaveLength(500);
    expect(pts.every((p) => contains(withHole, p))).toBe(true);
    expect(samplePointsIn(withHole, 500, createRng(1))).toEqual(pts);
  });

  it('is uniform: halves of equal area get about half the points each', () => {
    const pts = samplePointsIn(U, 4000, createRng(2));
    const left = pts.filter(([x]) => x < 1.5).length;
    expect(left / pts.length).toBeGreaterThan(0.46);
    expect(left / pts.length).toBeLessThan(0.54);
  });

  it('samples every member of a MultiPolygon', () => {
    const multi: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [square(0, 0, 1, 1).coordinates, square(10, 0, 11, 1).coordinates],
    };
    const pts = samplePointsIn(multi, 200, createRng(3));
    expect(pts.some(([x]) => x < 1)).toBe(true);
    expect(pts.some(([x]) => x > 10)).toBe(true);
    expect(pts.every((p) => contains(multi, p))).toBe(true);
  });

  it('terminates on a near-degenerate sliver and still returns n points inside', () => {
    const sliver: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 1 + 1e-9], [0, 0]]] };
    const pts = samplePointsIn(sliver, 3, createRng(4));
    expect(pts).toHaveLength(3);
  });
});

describe('pointInside / pointInGeometry', () => {
  it('gives an interior point even when the centroid is outside', () => {
    expect(contains(U, pointInside(U))).toBe(true);
    expect(contains(withHole, pointInside(withHole))).toBe(true);
  });

  it('ray casting respects holes', () => {
    expect(pointInGeometry(withHole, 0.5, 0.5)).toBe(true);
    expect(pointInGeometry(withHole, 2, 2)).toBe(false);
    expect(pointInGeometry(withHole, 5, 2)).toBe(false);
  });
});
