import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/modules/geo/rng.js';
import { samplePointsIn } from '../../../src/modules/geo/sample.js';
import { subdivide } from '../../../src/modules/geo/subdivide.js';
import type { PolygonGeometry, Position } from '../../../src/modules/geo/types.js';
import { changningOutline, contains, expectTiles, square } from './helpers.js';

// Concave, with a hole and a narrow neck: Voronoi cells straddling the neck come out as MultiPolygons.
const dumbbell: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [[0, 0], [0.04, 0], [0.04, 0.018], [0.06, 0.018], [0.06, 0], [0.1, 0], [0.1, 0.04], [0.06, 0.04], [0.06, 0.022], [0.04, 0.022], [0.04, 0.04], [0, 0.04], [0, 0]],
    [[0.01, 0.01], [0.01, 0.03], [0.03, 0.03], [0.03, 0.01], [0.01, 0.01]],
  ],
};

describe('subdivide', () => {
  it('tiles a concave polygon with a hole (no gaps, no overlaps)', () => {
    const rng = createRng(11);
    const seeds = samplePointsIn(dumbbell, 25, rng);
    const { cells, seeds: out } = subdivide(dumbbell, seeds);
    expect(cells).toHaveLength(25);
    expect(out).toEqual(seeds);
    expectTiles(dumbbell, cells, rng);
    // Each seed lies inside its own cell (it was inside the parent and a Voronoi cell owns its site).
    seeds.forEach((s, i) => expect(contains(cells[i]!, s)).toBe(true));
  });

  it('tiles a MultiPolygon parent and accepts MultiPolygon cells', () => {
    const parent: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [square(0, 0, 0.01, 0.01).coordinates, square(0.02, 0, 0.03, 0.01).coordinates],
    };
    // Seeds only in the left part: some cells must reach over to the right part.
    const seeds: Position[] = [[0.002, 0.002], [0.008, 0.008], [0.002, 0.008]];
    const { cells } = subdivide(parent, seeds);
    expect(cells.some((c) => c?.type === 'MultiPolygon')).toBe(true);
    expectTiles(parent, cells, createRng(12));
  });

  it('tiles the real Changning outline (duplicate vertices, clockwise ring)', () => {
    const outline = changningOutline();
    const rng = createRng(13);
    const { cells } = subdivide(outline, samplePointsIn(outline, 40, rng), { lloydIterations: 1 });
    expectTiles(outline, cells, rng, 200);
  });

  it('Lloyd relaxation moves seeds toward cell centroids and keeps the tiling', () => {
    const parent = square(0, 0, 0.02, 0.02);
    const rng = createRng(14);
    // Clustered seeds: relaxation should spread them out.
    const seeds = samplePointsIn(square(0, 0, 0.005, 0.005), 12, rng);
    const relaxed = subdivide(parent, seeds, { lloydIterations: 3 });
    expect(relaxed.seeds).not.toEqual(seeds);
    const spread = (ps: Position[]) => Math.max(...ps.map(([x]) => x)) - Math.min(...ps.map(([x]) => x));
    expect(spread(relaxed.seeds)).toBeGreaterThan(spread(seeds) * 2);
    relaxed.seeds.forEach((s, i) => expect(contains(relaxed.cells[i]!, s)).toBe(true));
    expectTiles(parent, relaxed.cells, rng);
  });

  it('handles seeds outside the parent, duplicates, collinear seeds and a single seed', () => {
    const parent = square(0, 0, 0.01, 0.01);
    const rng = createRng(15);
    // Far outside: its cell misses the parent entirely.
    const far = subdivide(parent, [[0.005, 0.005], [0.003, 0.004], [5, 5]]);
    expect(far.cells[2]).toBeNull();
    expectTiles(parent, far.cells, rng);
    // Just outside: its cell still covers part of the parent, which must not be lost.
    const near = subdivide(parent, [[0.005, 0.005], [0.012, 0.005]]);
    expect(near.cells[1]).not.toBeNull();
    expectTiles(parent, near.cells, rng);
    const dup = subdivide(parent, [[0.002, 0.002], [0.002, 0.002], [0.008, 0.008]]);
    expect(dup.cells[1]).toBeNull();
    expectTiles(parent, dup.cells, rng);
    const line = subdivide(parent, [[0.002, 0.005], [0.005, 0.005], [0.008, 0.005]]);
    expect(line.cells.every((c) => c !== null)).toBe(true);
    expectTiles(parent, line.cells, rng);
    expect(subdivide(parent, [[0.001, 0.001]]).cells).toEqual([parent]);
    expect(subdivide(parent, []).cells).toEqual([]);
  });

  it('tiles a large subdivision quickly (fast path for cells away from the boundary)', () => {
    const parent = changningOutline();
    const rng = createRng(16);
    const seeds = samplePointsIn(parent, 600, rng);
    const t = performance.now();
    const { cells } = subdivide(parent, seeds);
    const ms = performance.now() - t;
    console.log(`subdivide: 600 cells over Changning in ${ms.toFixed(0)} ms`);
    expect(cells.filter((c) => c !== null)).toHaveLength(600);
    // Areas only (pairwise overlap over 600 cells is covered by the smaller cases above).
    const covered = samplePointsIn(parent, 500, rng).filter((p) => cells.filter((c) => contains(c, p)).length === 1);
    expect(covered).toHaveLength(500);
  });
});
