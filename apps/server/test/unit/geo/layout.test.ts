import { describe, expect, it } from 'vitest';
import { layoutUnits, type LayoutResult, type LayoutUnit } from '../../../src/modules/geo/layout.js';
import { Locator } from '../../../src/modules/geo/locator.js';
import { createRng } from '../../../src/modules/geo/rng.js';
import { samplePointsIn } from '../../../src/modules/geo/sample.js';
import type { PolygonGeometry, Position } from '../../../src/modules/geo/types.js';
import { areaOf, contains, expectTiles, overlapArea, square } from './helpers.js';

// A ~3 km square district; 3 subdistricts (west/middle/east), 3/2/3 neighborhoods, 3 grids each.
const district = square(121.37, 31.2, 121.4, 31.23);
function tree(): LayoutUnit[] {
  const units: LayoutUnit[] = [{ id: 'D', parentId: null, depth: 0, source: 'reference', geometry: district, seed: null }];
  const nbCounts = [3, 2, 3];
  nbCounts.forEach((nbs, s) => {
    const sx = 121.375 + s * 0.01;
    units.push({ id: `S${s + 1}`, parentId: 'D', depth: 1, source: 'generated', geometry: null, seed: [sx, 31.215] });
    for (let n = 0; n < nbs; n++) {
      const ny = 31.205 + n * 0.01;
      const nid = `N${s + 1}${n + 1}`;
      units.push({ id: nid, parentId: `S${s + 1}`, depth: 2, source: 'generated', geometry: null, seed: [sx, ny] });
      for (let g = 0; g < 3; g++) {
        units.push({ id: `G${s + 1}${n + 1}${g + 1}`, parentId: nid, depth: 3, source: 'generated', geometry: null, seed: [sx - 0.003 + g * 0.003, ny + 0.001 * g] });
      }
    }
  });
  return units;
}

const childrenOf = (units: LayoutUnit[], id: string) => units.filter((u) => u.parentId === id);
const leaves = (units: LayoutUnit[]) => units.filter((u) => childrenOf(units, u.id).length === 0);
function ancestorsOf(units: LayoutUnit[], id: string): string[] {
  const out: string[] = [];
  for (let u = units.find((x) => x.id === id); u; u = units.find((x) => x.id === u!.parentId)) out.push(u.id);
  return out;
}
const leafLocator = (units: LayoutUnit[], r: LayoutResult) =>
  new Locator(leaves(units).filter((u) => r.geometry.get(u.id)).map((u) => ({ id: u.id, geometry: r.geometry.get(u.id)!, priority: r.priorities.get(u.id)! })));

/** Every unit's children tile it, down to the grids; leaf geometry tiles the district. */
function expectNestedTiling(units: LayoutUnit[], r: LayoutResult, rng: () => number): void {
  for (const u of units) {
    const kids = childrenOf(units, u.id);
    if (kids.length === 0) continue;
    expectTiles(r.geometry.get(u.id)!, kids.map((k) => r.geometry.get(k.id) ?? null), rng, 60);
  }
}

/** Applies a layout result back onto the units, as the caller would persist it. */
const applied = (units: LayoutUnit[], r: LayoutResult): LayoutUnit[] =>
  units.map((u) => ({ ...u, geometry: r.geometry.get(u.id) ?? null, seed: r.seeds.get(u.id) ?? null }));

describe('layoutUnits', () => {
  const rng = createRng(31);
  const base = layoutUnits(tree(), rng);
  const generated = applied(tree(), base);

  it('lays out an all-generated tree as nested tilings, deterministically', () => {
    expect(base.warnings).toEqual([]);
    expect(base.geometry.get('D')).toEqual(district);
    expectNestedTiling(tree(), base, rng);
    expect([...base.priorities.values()].every((p) => p === 0)).toBe(true);
    expect(layoutUnits(tree(), createRng(31)).geometry).toEqual(base.geometry);
    // Seeds lie inside their units.
    for (const u of tree()) expect(contains(base.geometry.get(u.id)!, base.seeds.get(u.id)!)).toBe(true);
  });

  it('importing a full subdistrict set: grids tile the new subdistricts', () => {
    // Horizontal strips instead of the generated west/middle/east cells.
    const strips = [square(121.37, 31.2, 121.4, 31.21), square(121.37, 31.21, 121.4, 31.22), square(121.37, 31.22, 121.4, 31.23)];
    const units = generated.map((u) => (u.depth === 1 ? { ...u, source: 'imported' as const, geometry: strips[Number(u.id[1]) - 1]! } : u));
    const r = layoutUnits(units, createRng(32));
    expect(r.warnings).toEqual([]);
    strips.forEach((s, i) => expect(r.geometry.get(`S${i + 1}`)).toEqual(s));
    expect(areaOf(r.geometry.get('D')!) / areaOf(district)).toBeCloseTo(1, 9);
    expectNestedTiling(units, r, rng);
    // Every grid lies within its (imported) subdistrict.
    for (const g of units.filter((u) => u.depth === 3)) {
      const sub = r.geometry.get(ancestorsOf(units, g.id)[2]!)!;
      const grid = r.geometry.get(g.id)!;
      expect(overlapArea(grid, sub) / areaOf(grid)).toBeCloseTo(1, 6);
    }
    expect([...r.priorities.values()].every((p) => p === 1)).toBe(true);
  });

  it('importing one neighborhood that sticks out into the sibling subdistrict', () => {
    // N11 belongs to S1 (west) but reaches far into S2's territory.
    const imported = square(121.376, 31.203, 121.388, 31.209);
    const units = generated.map((u) => (u.id === 'N11' ? { ...u, source: 'imported' as const, geometry: imported } : u));
    const r = layoutUnits(units, createRng(33));
    expect(r.warnings).toEqual([]);
    expect(r.geometry.get('N11')).toEqual(imported);
    const locator = leafLocator(units, r);
    for (const p of samplePointsIn(imported, 200, rng)) {
      const id = locator.locate(p[0], p[1]);
      expect(ancestorsOf(units, id!).slice(1, 3)).toEqual(['N11', 'S1']);
    }
    // S2's generated grids no longer cover any of N11.
    for (const g of units.filter((u) => u.id.startsWith('G2'))) {
      expect(overlapArea(r.geometry.get(g.id)!, imported) / areaOf(imported)).toBeLessThan(1e-9);
    }
    // The parent's outline grew to cover its imported child; the district did not change.
    expect(overlapArea(r.geometry.get('S1')!, imported) / areaOf(imported)).toBeCloseTo(1, 9);
    expect(areaOf(r.geometry.get('S1')!)).toBeGreaterThan(areaOf(base.geometry.get('S1')!));
    expect(areaOf(r.geometry.get('D')!) / areaOf(district)).toBeCloseTo(1, 9);
    expectNestedTiling(units, r, rng);
    expect(r.priorities.get('G111')).toBe(2);
    expect(r.priorities.get('G211')).toBe(0);
  });

  it('importing grids, one of them outside the district: outlines grow, others make room', () => {
    const inside = square(121.372, 31.224, 121.376, 31.228);
    const outside = square(121.398, 31.226, 121.404, 31.232); // crosses the district's north-east corner
    const units = generated.map((u) => {
      if (u.id === 'G131') return { ...u, source: 'imported' as const, geometry: inside };
      if (u.id === 'G331') return { ...u, source: 'imported' as const, geometry: outside };
      return u;
    });
    const r = layoutUnits(units, createRng(34));
    expect(r.warnings).toEqual([]);
    const locator = leafLocator(units, r);
    for (const [id, g] of [['G131', inside], ['G331', outside]] as const) {
      for (const p of samplePointsIn(g, 100, rng)) expect(locator.locate(p[0], p[1])).toBe(id);
    }
    // Generated grids stay clear of the imported ones.
    for (const g of units.filter((u) => u.depth === 3 && u.source === 'generated')) {
      const geom = r.geometry.get(g.id);
      if (!geom) continue;
      expect(overlapArea(geom, inside) + overlapArea(geom, outside)).toBeLessThan(1e-6);
    }
    // The district grew by the part of G331 outside it.
    const grown = areaOf(r.geometry.get('D')!) - areaOf(district);
    expect(grown / (areaOf(outside) - overlapArea(outside, district))).toBeCloseTo(1, 6);
    expectNestedTiling(units, r, rng);
    const p: Position = [121.402, 31.231];
    expect(ancestorsOf(units, locator.locate(p[0], p[1])!)).toEqual(['G331', 'N33', 'S3', 'D']);
  });

  it('warns and returns null when imported units leave no room for a generated unit', () => {
    const units = generated.map((u) => (u.id === 'N21' ? { ...u, source: 'imported' as const, geometry: base.geometry.get('S2')! } : u));
    const r = layoutUnits(units, createRng(35));
    // N22's whole subdistrict is taken by the imported N21.
    expect(r.geometry.get('N22')).toBeNull();
    expect(r.warnings.some((w) => w.includes('N22'))).toBe(true);
    expect(areaOf(r.geometry.get('S2')!) / areaOf(base.geometry.get('S2')!)).toBeCloseTo(1, 6);
  });
});

// Keep the helper honest: a unit's region really is what the locator sees.
it('helper sanity: the leaf locator covers the district', () => {
  const r = layoutUnits(tree(), createRng(36));
  const loc = leafLocator(tree(), r);
  for (const p of samplePointsIn(district as PolygonGeometry, 200, createRng(37))) expect(loc.locate(p[0], p[1])).not.toBeNull();
});
