import { it } from 'vitest';
import { layoutUnits, type LayoutUnit } from '../../../src/modules/geo/layout.js';
import { createRng } from '../../../src/modules/geo/rng.js';
import { areaOf, square } from './helpers.js';
const district = square(121.37, 31.2, 121.4, 31.23);
function tree(): LayoutUnit[] {
  const units: LayoutUnit[] = [{ id: 'D', parentId: null, depth: 0, source: 'reference', geometry: district, seed: null }];
  [3, 2, 3].forEach((nbs, s) => {
    const sx = 121.375 + s * 0.01;
    units.push({ id: `S${s + 1}`, parentId: 'D', depth: 1, source: 'generated', geometry: null, seed: [sx, 31.215] });
    for (let n = 0; n < nbs; n++) {
      const ny = 31.205 + n * 0.01; const nid = `N${s + 1}${n + 1}`;
      units.push({ id: nid, parentId: `S${s + 1}`, depth: 2, source: 'generated', geometry: null, seed: [sx, ny] });
      for (let g = 0; g < 3; g++) units.push({ id: `G${s + 1}${n + 1}${g + 1}`, parentId: nid, depth: 3, source: 'generated', geometry: null, seed: [sx - 0.003 + g * 0.003, ny + 0.001 * g] });
    }
  });
  return units;
}
it('dbg', () => {
  const base = layoutUnits(tree(), createRng(31));
  const strips = [square(121.37, 31.2, 121.4, 31.21), square(121.37, 31.21, 121.4, 31.22), square(121.37, 31.22, 121.4, 31.23)];
  const units = tree().map((u) => (u.depth === 1 ? { ...u, source: 'imported' as const, geometry: strips[Number(u.id[1]) - 1]! } : u));
  const r = layoutUnits(units, createRng(32));
  for (const u of units) {
    const kids = units.filter((k) => k.parentId === u.id);
    if (!kids.length) continue;
    const s = kids.reduce((a, k) => a + areaOf(r.geometry.get(k.id) ?? null), 0);
    console.log(u.id, s / areaOf(r.geometry.get(u.id)!) - 1, kids.map(k => r.geometry.get(k.id)?.type).join());
  }
  console.log(JSON.stringify(r.geometry.get('N11')));
});
