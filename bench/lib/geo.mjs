// Point → grid location in process (issue 7): the server's Locator (flatbush over bounding boxes,
// then ray casting on flattened rings) over the district's ~1,100 grids, against turf alone.
import path from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { rng } from './texts.mjs';
import { log, round } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = (p) => import(path.join(root, 'apps/server/dist', p));

/**
 * The grids exactly as the server seeds them: the shipped Changning outline and committee list,
 * `generateDemoGeometry` with the server's default seed (GONGZHI_SEED 20251128). No database needed.
 * `targetGrids` (--tiny only) makes fewer, larger grids: generating the 1,100 is most of a tiny run's geo time.
 */
export async function districtGrids(seed = 20251128, targetGrids = undefined) {
  const { loadChangning } = await dist('seed/reference-data.js');
  const { generateDemoGeometry, changningAnchors } = await dist('modules/geo/demo-geometry.js');
  const ref = loadChangning();
  const geo = generateDemoGeometry({
    district: ref.outline,
    subdistricts: ref.subdistricts.map((s) => ({ code: s.code, anchor: changningAnchors[s.code], neighborhoods: s.neighborhoods })),
    seed,
    ...(targetGrids ? { targetGrids } : {}),
  });
  return { district: geo.district, grids: geo.grids.map((g) => ({ id: `${g.neighborhoodCode}${String(g.seq).padStart(3, '0')}`, geometry: g.geometry })) };
}

function bboxOf(geometry) {
  const pts = (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat(1)).flat(1);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of pts) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return [x0, y0, x1, y1];
}

/** `n` points uniformly in the bbox (seeded): some fall outside the district, as stray GPS fixes do. */
function randomPoints(bbox, n, seed) {
  const r = rng(seed);
  const xy = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = bbox[0] + r() * (bbox[2] - bbox[0]);
    xy[2 * i + 1] = bbox[1] + r() * (bbox[3] - bbox[1]);
  }
  return xy;
}

/** turf alone: each grid polygon in turn until one contains the point. */
function turfLocate(grids, p) {
  for (const g of grids) if (booleanPointInPolygon(p, g.geometry)) return g.id;
  return null;
}

/**
 * Locator rate over `points` random points (best of `rounds` passes, after a warm-up pass), turf's
 * rate over `turfPoints` of them, and whether both give the same grid for those points.
 */
export async function runGeo({ points = 1_000_000, rounds = 3, turfPoints = 2000, seed = 20251128, grids: targetGrids } = {}) {
  const { Locator } = await dist('modules/geo/locator.js');
  const t0 = performance.now();
  const { district, grids } = await districtGrids(seed, targetGrids);
  const geometryMs = performance.now() - t0;
  const t1 = performance.now();
  const locator = new Locator(grids);
  const buildMs = performance.now() - t1;
  const xy = randomPoints(bboxOf(district), points, seed);
  let found = 0;
  const pass = () => {
    let hits = 0;
    const s = performance.now();
    for (let i = 0; i < points; i++) if (locator.locate(xy[2 * i], xy[2 * i + 1]) !== null) hits++;
    found = hits;
    return performance.now() - s;
  };
  pass(); // warm-up: lets V8 optimise locate() before it is timed
  const best = Math.min(...Array.from({ length: rounds }, pass));
  const perSec = Math.round((points / best) * 1000);
  log(`  locator: ${perSec.toLocaleString('en')} points/s over ${grids.length} grids (${found} of ${points} inside)`);

  const n = Math.min(turfPoints, points);
  let mismatches = 0;
  const s = performance.now();
  const turfIds = [];
  for (let i = 0; i < n; i++) turfIds.push(turfLocate(grids, [xy[2 * i], xy[2 * i + 1]]));
  const turfMs = performance.now() - s;
  for (let i = 0; i < n; i++) if (locator.locate(xy[2 * i], xy[2 * i + 1]) !== turfIds[i]) mismatches++;
  const turfPerSec = Math.round((n / turfMs) * 1000);
  log(`  turf alone: ${turfPerSec.toLocaleString('en')} points/s; ${mismatches} of ${n} answers differ from the locator`);
  return {
    grids: grids.length,
    points,
    insideDistrict: found,
    locatorPointsPerSec: perSec,
    turfPointsPerSec: turfPerSec,
    turfPoints: n,
    // Points exactly on a shared edge may go to either neighbour: a handful would be expected, not more.
    mismatches,
    geometryMs: round(geometryMs),
    buildMs: round(buildMs),
  };
}
