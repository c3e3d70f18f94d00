import { kinks } from '@turf/kinks';
import { rewind } from '@turf/rewind';
import type { Polygon, MultiPolygon } from 'geojson';
import type { PolygonGeometry, Position } from './types.js';

export type FeatureProblemCode =
  | 'NOT_A_FEATURE'
  | 'NOT_A_POLYGON'
  | 'EMPTY'
  | 'RING_NOT_CLOSED'
  | 'RING_TOO_SHORT'
  | 'COORDINATE_OUT_OF_RANGE'
  | 'SELF_INTERSECTION'
  | 'WRONG_RING_ORDER';

export interface FeatureProblem {
  /** Index of the feature in the uploaded collection (0-based; messages say index + 1). */
  index: number;
  code: FeatureProblemCode;
  message: string;
}

export interface ValidateOptions {
  /** Fix ring order (RFC 7946: exterior counter-clockwise, holes clockwise) instead of reporting it. */
  rewind?: boolean;
}

/**
 * Checks one uploaded boundary feature. geometry is non-null only when there are no problems;
 * it is a normalised copy: positions reduced to [lng, lat], consecutive duplicate positions
 * dropped (common in exported data and harmless, but turf's kinks reports them as kinks).
 * Not detected: GCJ-02 / BD-09 offsets (indistinguishable from WGS84), overlapping members of
 * a MultiPolygon.
 */
export function validateBoundaryFeature(
  feature: unknown,
  index: number,
  opts: ValidateOptions = {},
): { geometry: PolygonGeometry | null; problems: FeatureProblem[] } {
  const problems: FeatureProblem[] = [];
  const who = `第 ${index + 1} 个要素`;
  const fail = (code: FeatureProblemCode, message: string) => {
    problems.push({ index, code, message: `${who}：${message}` });
  };
  if (!isObject(feature) || feature.type !== 'Feature') {
    fail('NOT_A_FEATURE', '不是 GeoJSON Feature（缺少 "type": "Feature"）');
    return { geometry: null, problems };
  }
  const geometry = feature.geometry;
  if (geometry === null || geometry === undefined) {
    fail('EMPTY', '没有几何图形（geometry 为空）');
    return { geometry: null, problems };
  }
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    const type = isObject(geometry) && typeof geometry.type === 'string' ? geometry.type : '未知';
    fail('NOT_A_POLYGON', `几何类型为 ${type}，边界必须是 Polygon 或 MultiPolygon`);
    return { geometry: null, problems };
  }
  const multi = geometry.type === 'MultiPolygon';
  const raw = geometry.coordinates;
  if (!Array.isArray(raw) || raw.length === 0) {
    fail('EMPTY', '坐标为空');
    return { geometry: null, problems };
  }
  const rawPolygons: unknown[] = multi ? raw : [raw];
  const polygons: Position[][][] = [];
  rawPolygons.forEach((rawPolygon, p) => {
    const polygonName = multi ? `第 ${p + 1} 个多边形的` : '';
    if (!Array.isArray(rawPolygon) || rawPolygon.length === 0) {
      fail('EMPTY', `${multi ? `第 ${p + 1} 个多边形` : '多边形'}没有坐标环`);
      return;
    }
    const rings: Position[][] = [];
    rawPolygon.forEach((rawRing: unknown, r: number) => {
      const ringName = `${polygonName}${r === 0 ? '外环' : `第 ${r} 个内环`}`;
      const ring = readRing(rawRing, ringName, fail);
      if (!ring) return;
      const [fx, fy] = ring[0]!;
      const [lx, ly] = ring[ring.length - 1]!;
      if (fx !== lx || fy !== ly) {
        fail('RING_NOT_CLOSED', `${ringName}未闭合（首点 ${fmt(ring[0]!)}，末点 ${fmt(ring[ring.length - 1]!)}）`);
        return;
      }
      const deduped = ring.filter((pt, k) => k === 0 || pt[0] !== ring[k - 1]![0] || pt[1] !== ring[k - 1]![1]);
      if (deduped.length < 4) {
        fail('RING_TOO_SHORT', `${ringName}只有 ${Math.max(deduped.length - 1, 0)} 个不同的顶点，至少需要 3 个`);
        return;
      }
      const selfKinks = kinks({ type: 'LineString', coordinates: deduped }).features;
      if (selfKinks.length > 0) {
        const at = selfKinks[0]!.geometry.coordinates as Position;
        fail('SELF_INTERSECTION', `${ringName}自相交（约在 ${fmt(at)} 附近）`);
        return;
      }
      // After the kink test: a bow tie also has zero signed area but is a self-intersection.
      if (signedArea(deduped) === 0) {
        fail('RING_TOO_SHORT', `${ringName}面积为零（顶点共线或来回重叠），约在 ${fmt(deduped[0]!)} 附近`);
        return;
      }
      rings.push(deduped);
    });
    if (rings.length !== rawPolygon.length) return; // ring problems already reported
    if (rings.length > 1) {
      // Each ring is simple on its own; now look for a hole crossing the exterior or another hole.
      const crossings = kinks({ type: 'Polygon', coordinates: rings }).features;
      if (crossings.length > 0) {
        const at = crossings[0]!.geometry.coordinates as Position;
        fail('SELF_INTERSECTION', `${polygonName}内环与其他环相交（约在 ${fmt(at)} 附近）`);
        return;
      }
    }
    rings.forEach((ring, r) => {
      const ccw = signedArea(ring) > 0;
      if (ccw === (r === 0) || opts.rewind) return;
      const ringName = `${polygonName}${r === 0 ? '外环' : `第 ${r} 个内环`}`;
      fail('WRONG_RING_ORDER', `${ringName}方向错误（RFC 7946 要求外环逆时针、内环顺时针），约在 ${fmt(ring[0]!)} 附近`);
    });
    polygons.push(rings);
  });
  if (problems.length > 0) return { geometry: null, problems };
  let result: PolygonGeometry = multi
    ? { type: 'MultiPolygon', coordinates: polygons }
    : { type: 'Polygon', coordinates: polygons[0]! };
  if (opts.rewind) {
    // rewind() with reverse=false makes exteriors counter-clockwise and holes clockwise.
    result = rewind(result as Polygon | MultiPolygon, { mutate: true }) as PolygonGeometry;
  }
  return { geometry: result, problems };
}

function readRing(
  rawRing: unknown,
  ringName: string,
  fail: (code: FeatureProblemCode, message: string) => void,
): Position[] | null {
  if (!Array.isArray(rawRing) || rawRing.length === 0) {
    fail('RING_TOO_SHORT', `${ringName}没有顶点`);
    return null;
  }
  const ring: Position[] = [];
  for (let k = 0; k < rawRing.length; k++) {
    const pt: unknown = rawRing[k];
    const x = Array.isArray(pt) ? pt[0] : undefined;
    const y = Array.isArray(pt) ? pt[1] : undefined;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      fail('COORDINATE_OUT_OF_RANGE', `${ringName}第 ${k + 1} 个顶点不是有效的经纬度数字（${safeJson(pt)}）`);
      return null;
    }
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      // A common cause is [lat, lng] order or projected (metre) coordinates: say so.
      fail('COORDINATE_OUT_OF_RANGE', `${ringName}第 ${k + 1} 个顶点 (${x}, ${y}) 超出经度 [-180, 180] / 纬度 [-90, 90] 范围（是否为投影坐标或经纬度顺序颠倒？）`);
      return null;
    }
    ring.push([x, y]);
  }
  if (ring.length < 4) {
    fail('RING_TOO_SHORT', `${ringName}只有 ${ring.length} 个坐标，闭合环至少需要 4 个`);
    return null;
  }
  return ring;
}

/** Shoelace sum (twice the planar area); positive for counter-clockwise rings. */
function signedArea(ring: Position[]): number {
  let s = 0;
  const [ox, oy] = ring[0]!;
  for (let i = 1; i < ring.length; i++) {
    const [x0, y0] = ring[i - 1]!;
    const [x1, y1] = ring[i]!;
    s += (x0 - ox) * (y1 - oy) - (x1 - ox) * (y0 - oy);
  }
  return s;
}

function fmt([x, y]: Position): string {
  return `${x.toFixed(4)}, ${y.toFixed(4)}`;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function isObject(v: unknown): v is Record<string, unknown> & { type?: unknown; geometry?: unknown; coordinates?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
