import { describe, expect, it } from 'vitest';
import { validateBoundaryFeature } from '../../../src/modules/geo/validate.js';
import { changningOutline } from './helpers.js';

const feature = (geometry: unknown) => ({ type: 'Feature', properties: { name: 'x' }, geometry });
const ccw = [[121.40, 31.20], [121.41, 31.20], [121.41, 31.21], [121.40, 31.21], [121.40, 31.20]];
const cwHole = [[121.402, 31.202], [121.402, 31.208], [121.408, 31.208], [121.408, 31.202], [121.402, 31.202]];
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('validateBoundaryFeature', () => {
  it('accepts a valid polygon with a hole and a valid MultiPolygon', () => {
    const ok = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [ccw, cwHole] }), 0);
    expect(ok.problems).toEqual([]);
    expect(ok.geometry).toEqual({ type: 'Polygon', coordinates: [ccw, cwHole] });
    const multi = validateBoundaryFeature(feature({ type: 'MultiPolygon', coordinates: [[ccw], [ccw.map(([x, y]) => [x! + 0.1, y!])]] }), 0);
    expect(multi.problems).toEqual([]);
    expect(multi.geometry?.type).toBe('MultiPolygon');
  });

  it('rejects things that are not polygon features', () => {
    expect(codes(validateBoundaryFeature(null, 0))).toEqual(['NOT_A_FEATURE']);
    expect(codes(validateBoundaryFeature({ type: 'Polygon', coordinates: [ccw] }, 0))).toEqual(['NOT_A_FEATURE']);
    const line = validateBoundaryFeature(feature({ type: 'LineString', coordinates: ccw }), 4);
    expect(codes(line)).toEqual(['NOT_A_POLYGON']);
    expect(line.problems[0]!.message).toBe('第 5 个要素：几何类型为 LineString，边界必须是 Polygon 或 MultiPolygon');
    expect(line.problems[0]!.index).toBe(4);
    expect(line.geometry).toBeNull();
    expect(codes(validateBoundaryFeature(feature(null), 0))).toEqual(['EMPTY']);
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [] }), 0))).toEqual(['EMPTY']);
    expect(codes(validateBoundaryFeature(feature({ type: 'MultiPolygon', coordinates: [[]] }), 0))).toEqual(['EMPTY']);
  });

  it('reports unclosed and too-short rings, naming the ring', () => {
    const open = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [ccw.slice(0, 4).concat([[121.401, 31.2]])] }), 1);
    expect(codes(open)).toEqual(['RING_NOT_CLOSED']);
    expect(open.problems[0]!.message).toContain('第 2 个要素：外环未闭合');
    const short = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [ccw, [[121.402, 31.202], [121.403, 31.203], [121.402, 31.202]]] }), 0);
    expect(codes(short)).toEqual(['RING_TOO_SHORT']);
    expect(short.problems[0]!.message).toContain('第 1 个内环');
    // Four positions but only two distinct vertices after dropping repeats.
    const repeats = [[121.4, 31.2], [121.4, 31.2], [121.41, 31.2], [121.4, 31.2]];
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [repeats] }), 0))).toEqual(['RING_TOO_SHORT']);
    const flat = [[121.4, 31.2], [121.41, 31.2], [121.42, 31.2], [121.4, 31.2]];
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [flat] }), 0))).toEqual(['RING_TOO_SHORT']);
  });

  it('reports coordinates out of range or not numbers (e.g. swapped lat/lng, projected metres)', () => {
    const swapped = ccw.map(([x, y]) => [y, x]);
    const lat = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [swapped] }), 0);
    expect(codes(lat)).toEqual(['COORDINATE_OUT_OF_RANGE']);
    expect(lat.problems[0]!.message).toContain('第 1 个顶点');
    const metres = ccw.map(([x, y]) => [x! * 1e5, y! * 1e5]);
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [metres] }), 0))).toEqual(['COORDINATE_OUT_OF_RANGE']);
    const bad = [...ccw.slice(0, 2), ['121.41', 31.21], ...ccw.slice(3)];
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [bad] }), 0))).toEqual(['COORDINATE_OUT_OF_RANGE']);
    const nan = [...ccw.slice(0, 2), [Number.NaN, 31.21], ...ccw.slice(3)];
    expect(codes(validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [nan] }), 0))).toEqual(['COORDINATE_OUT_OF_RANGE']);
  });

  it('reports self-intersections with a location', () => {
    // A bow tie crossing at (121.405, 31.205).
    const bowtie = [[121.40, 31.20], [121.41, 31.21], [121.41, 31.20], [121.40, 31.21], [121.40, 31.20]];
    const r = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [bowtie] }), 1);
    expect(codes(r)).toEqual(['SELF_INTERSECTION']);
    expect(r.problems[0]!.message).toBe('第 2 个要素：外环自相交（约在 121.4050, 31.2050 附近）');
    // A hole poking out through the exterior.
    const poking = [[121.405, 31.205], [121.405, 31.215], [121.408, 31.215], [121.408, 31.205], [121.405, 31.205]];
    const hole = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [ccw, poking] }), 0);
    expect(codes(hole)).toEqual(['SELF_INTERSECTION']);
    expect(hole.problems[0]!.message).toContain('内环与其他环相交');
    // In a MultiPolygon the member is named.
    const multi = validateBoundaryFeature(feature({ type: 'MultiPolygon', coordinates: [[ccw], [bowtie.map(([x, y]) => [x! + 0.1, y!])]] }), 0);
    expect(multi.problems[0]!.message).toContain('第 2 个多边形的外环自相交');
  });

  it('reports wrong ring order, or fixes it silently with rewind', () => {
    const cw = [...ccw].reverse();
    const ccwHole = [...cwHole].reverse();
    const r = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [cw, ccwHole] }), 0);
    expect(codes(r)).toEqual(['WRONG_RING_ORDER', 'WRONG_RING_ORDER']);
    expect(r.geometry).toBeNull();
    const fixed = validateBoundaryFeature(feature({ type: 'Polygon', coordinates: [cw, ccwHole] }), 0, { rewind: true });
    expect(fixed.problems).toEqual([]);
    expect(fixed.geometry).toEqual({ type: 'Polygon', coordinates: [ccw, cwHole] });
  });

  it('the shipped Changning outline only needs rewinding (its repeated vertices are not kinks)', () => {
    const outline = changningOutline();
    expect(codes(validateBoundaryFeature(feature(outline), 0))).toEqual(['WRONG_RING_ORDER']);
    const fixed = validateBoundaryFeature(feature(outline), 0, { rewind: true });
    expect(fixed.problems).toEqual([]);
    // Repeated consecutive vertices were dropped, nothing else.
    expect(fixed.geometry!.coordinates[0]!.length).toBeLessThan(outline.coordinates[0]!.length);
  });
});
