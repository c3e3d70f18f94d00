import { describe, expect, it } from 'vitest';
import { Locator, bboxOf } from '../../../src/modules/geo/locator.js';
import { createRng } from '../../../src/modules/geo/rng.js';
import { samplePointsIn } from '../../../src/modules/geo/sample.js';
import { subdivide } from '../../../src/modules/geo/subdivide.js';
import type { PolygonGeometry, Position } from '../../../src/modules/geo/types.js';
import { changningOutline, contains, square } from './helpers.js';

// ~1,100 cells over the real district outline: the size of the Changning grid layer.
const outline = changningOutline();
const rng = createRng(21);
const cells = subdivide(outline, samplePointsIn(outline, 1100, rng)).cells.filter((c): c is PolygonGeometry => c !== null);
const entries = cells.map((geometry, i) => ({ id: `g${i}`, geometry }));
const locator = new Locator(entries);

describe('Locator', () => {
  it('agrees with turf point-in-polygon on random points', () => {
    expect(locator.size).toBe(1100);
    for (const p of samplePointsIn(outline, 2000, rng)) {
      const expected = entries.filter((e) => contains(e.geometry, p)).map((e) => e.id);
      expect(expected).toHaveLength(1);
      expect(locator.locate(p[0], p[1])).toBe(expected[0]);
    }
  });

  it('returns null outside every polygon and for non-finite input', () => {
    expect(locator.locate(121.2, 31.0)).toBeNull();
    expect(locator.locate(Number.NaN, 31.2)).toBeNull();
    // Inside the bbox but outside the district (the concave notch south-east of 121.40, 31.19).
    expect(locator.locate(121.43, 31.185)).toBeNull();
    expect(new Locator([]).locate(0, 0)).toBeNull();
  });

  it('resolves points on shared edges and vertices to one of the neighbours', () => {
    let checked = 0;
    for (const e of entries.slice(0, 200)) {
      const ring = (e.geometry.type === 'Polygon' ? e.geometry.coordinates[0] : e.geometry.coordinates[0]![0])!;
      for (let k = 1; k < ring.length; k++) {
        const a = ring[k - 1]!, b = ring[k]!;
        for (const p of [a, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as Position]) {
          const id = locator.locate(p[0], p[1]);
          expect(id).not.toBeNull();
          // The winner must actually touch the point (its bbox contains it).
          const [x0, y0, x1, y1] = bboxOf(entries[Number(id!.slice(1))]!.geometry);
          expect(p[0] >= x0 - 1e-9 && p[0] <= x1 + 1e-9 && p[1] >= y0 - 1e-9 && p[1] <= y1 + 1e-9).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('picks the highest priority among overlapping entries; ties go to the first', () => {
    const big = square(0, 0, 10, 10);
    const small = square(2, 2, 4, 4);
    const loc = new Locator([
      { id: 'generated', geometry: big },
      { id: 'imported', geometry: small, priority: 2 },
      { id: 'tie-late', geometry: square(6, 6, 8, 8) },
    ]);
    expect(loc.locate(3, 3)).toBe('imported');
    expect(loc.locate(1, 1)).toBe('generated');
    expect(loc.locate(7, 7)).toBe('generated');
    const reversed = new Locator([{ id: 'a', geometry: small, priority: 1 }, { id: 'b', geometry: big, priority: 1 }]);
    expect(reversed.locate(3, 3)).toBe('a');
  });

  it('respects holes and MultiPolygons', () => {
    const donut: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 4, 4).coordinates[0]!, [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]] };
    const islands: PolygonGeometry = { type: 'MultiPolygon', coordinates: [square(1, 1, 3, 3).coordinates, square(10, 10, 11, 11).coordinates] };
    const loc = new Locator([{ id: 'donut', geometry: donut }, { id: 'islands', geometry: islands }]);
    expect(loc.locate(0.5, 0.5)).toBe('donut');
    expect(loc.locate(2, 2)).toBe('islands');
    expect(loc.locate(10.5, 10.5)).toBe('islands');
    expect(loc.locate(6, 6)).toBeNull();
    expect(bboxOf(islands)).toEqual([1, 1, 11, 11]);
  });

  it('measures the lookup rate (asserted in benchmarks, printed here)', () => {
    const n = 500_000;
    const [x0, y0, x1, y1] = bboxOf(outline);
    const xs = new Float64Array(n), ys = new Float64Array(n);
    for (let i = 0; i < n; i++) { xs[i] = x0 + rng() * (x1 - x0); ys[i] = y0 + rng() * (y1 - y0); }
    let found = 0;
    const t = performance.now();
    for (let i = 0; i < n; i++) if (locator.locate(xs[i]!, ys[i]!) !== null) found++;
    const s = (performance.now() - t) / 1000;
    console.log(`Locator: ${Math.round(n / s).toLocaleString('en')} lookups/s over ${locator.size} polygons (${found} hits)`);
    // The district fills a large share of its bbox: most points must be found.
    expect(found / n).toBeGreaterThan(0.4);
  });
});
