import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { changningAnchors, generateDemoGeometry, gridCounts } from '../../../src/modules/geo/demo-geometry.js';
import { Locator } from '../../../src/modules/geo/locator.js';
import { createRng } from '../../../src/modules/geo/rng.js';
import { samplePointsIn } from '../../../src/modules/geo/sample.js';
import { areaOf, changningOutline, contains, expectTiles, square, squareMetres } from './helpers.js';

const rows = parse(readFileSync(new URL('../../../data/reference/changning-committees-2023.csv', import.meta.url)), {
  columns: true,
}) as { code: string; name: string; streetCode: string; streetName: string }[];
const subdistricts = [...new Set(rows.map((r) => r.streetCode))].map((code) => ({
  code,
  anchor: changningAnchors[code],
  neighborhoods: rows.filter((r) => r.streetCode === code).map((r) => ({ code: r.code })),
}));
const outline = changningOutline();

const t0 = performance.now();
const demo = generateDemoGeometry({ district: outline, subdistricts, seed: 2023 });
const ms = performance.now() - t0;

describe('generateDemoGeometry on Changning', () => {
  it('covers the 10 subdistricts and 189 neighborhoods with ~1,100 grids, in seconds', () => {
    console.log(`demo geometry: ${demo.subdistricts.size} subdistricts, ${demo.neighborhoods.size} neighborhoods, ${demo.grids.length} grids in ${ms.toFixed(0)} ms`);
    expect(subdistricts).toHaveLength(10);
    expect(demo.subdistricts.size).toBe(10);
    expect(demo.neighborhoods.size).toBe(189);
    expect(demo.grids.length).toBeGreaterThanOrEqual(1000);
    expect(demo.grids.length).toBeLessThanOrEqual(1200);
    for (const n of rows) {
      const seqs = demo.grids.filter((g) => g.neighborhoodCode === n.code).map((g) => g.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(2);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(ms).toBeLessThan(10_000);
  });

  it('anchors lie inside the outline and their subdistrict cells stay around them', () => {
    expect(Object.keys(changningAnchors).sort()).toEqual(subdistricts.map((s) => s.code).sort());
    for (const s of subdistricts) {
      expect(contains(outline, s.anchor!)).toBe(true);
      expect(contains(demo.subdistricts.get(s.code)!.geometry, s.anchor!)).toBe(true);
    }
    // East–west order as on the map: 江苏路 east of 新泾镇.
    expect(changningAnchors['310105002']![0]).toBeGreaterThan(changningAnchors['310105102']![0] + 0.05);
    // Plausible sizes: every subdistrict between 3 % and 30 % of the district (real: ~4–25 %).
    const total = squareMetres(demo.district);
    expect(total / 1e6).toBeGreaterThan(30);
    for (const { geometry } of demo.subdistricts.values()) {
      expect(squareMetres(geometry) / total).toBeGreaterThan(0.03);
      expect(squareMetres(geometry) / total).toBeLessThan(0.3);
    }
  });

  it('tiles every level exactly: district → subdistricts → neighborhoods → grids', () => {
    const rng = createRng(41);
    expect(areaOf(demo.district) / areaOf(outline)).toBeCloseTo(1, 6);
    expectTiles(demo.district, [...demo.subdistricts.values()].map((c) => c.geometry), rng, 200);
    for (const s of subdistricts.slice(0, 3)) {
      expectTiles(demo.subdistricts.get(s.code)!.geometry, s.neighborhoods.map((n) => demo.neighborhoods.get(n.code)!.geometry), rng, 50);
    }
    for (const n of rows.slice(0, 20)) {
      const grids = demo.grids.filter((g) => g.neighborhoodCode === n.code);
      expectTiles(demo.neighborhoods.get(n.code)!.geometry, grids.map((g) => g.geometry), rng, 30);
      for (const g of grids) expect(contains(g.geometry, g.seed)).toBe(true);
    }
    const gridArea = demo.grids.reduce((s, g) => s + areaOf(g.geometry), 0);
    expect(Math.abs(gridArea / areaOf(demo.district) - 1)).toBeLessThan(1e-9);
    // Every point of the district lies in exactly one grid, and that grid's neighborhood contains it.
    const locator = new Locator(demo.grids.map((g, i) => ({ id: String(i), geometry: g.geometry })));
    for (const p of samplePointsIn(demo.district, 1000, rng)) {
      const g = demo.grids[Number(locator.locate(p[0], p[1]))]!;
      expect(contains(demo.neighborhoods.get(g.neighborhoodCode)!.geometry, p)).toBe(true);
    }
  });

  it('grid counts follow neighborhood area', () => {
    const count = (code: string) => demo.grids.filter((g) => g.neighborhoodCode === code).length;
    const byArea = rows.map((r) => ({ a: areaOf(demo.neighborhoods.get(r.code)!.geometry), n: count(r.code) })).sort((x, y) => x.a - y.a);
    const small = byArea.slice(0, 40).reduce((s, x) => s + x.n, 0);
    const large = byArea.slice(-40).reduce((s, x) => s + x.n, 0);
    expect(large).toBeGreaterThan(small * 2);
  });
});

describe('generateDemoGeometry determinism and small inputs', () => {
  const input = {
    district: square(121.37, 31.2, 121.4, 31.23),
    subdistricts: [
      { code: 'a', neighborhoods: [{ code: 'a1' }, { code: 'a2' }] },
      { code: 'b', anchor: [121.395, 31.225] as [number, number], neighborhoods: [{ code: 'b1' }, { code: 'b2' }, { code: 'b3' }] },
    ],
    seed: 7,
    targetGrids: 40,
  };

  it('is reproducible for a seed and differs across seeds', () => {
    const a = generateDemoGeometry(input), b = generateDemoGeometry(input), c = generateDemoGeometry({ ...input, seed: 8 });
    expect(b.grids).toEqual(a.grids);
    expect([...b.neighborhoods]).toEqual([...a.neighborhoods]);
    expect(c.grids).not.toEqual(a.grids);
    expect(a.grids).toHaveLength(40);
    expectTiles(input.district, a.grids.map((g) => g.geometry), createRng(9), 100);
  });
});

describe('gridCounts', () => {
  it('apportions the target by area with at least 2 each', () => {
    expect(gridCounts([1, 1, 2], 8)).toEqual([2, 2, 4]);
    const counts = gridCounts([100, 1, 1, 50, 30], 40);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(40);
    expect(Math.min(...counts)).toBe(2);
    // The floor can push the total above a tiny target, never below it.
    expect(gridCounts([1, 1, 1], 3)).toEqual([2, 2, 2]);
  });
});
