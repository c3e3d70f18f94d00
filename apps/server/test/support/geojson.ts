// GeoJSON builders and area checks shared by the integration tests.
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { difference } from '@turf/difference';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export type Position = [number, number];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
export type BBox = [number, number, number, number];

/** Axis-aligned rectangle, exterior counter-clockwise (RFC 7946), or clockwise when asked. */
export function rect([x0, y0, x1, y1]: BBox, clockwise = false): PolygonGeometry {
  const ring: Position[] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  return { type: 'Polygon', coordinates: [clockwise ? ring.reverse() : ring] };
}

/** A self-intersecting "bow-tie" over the box. */
export function bowTie([x0, y0, x1, y1]: BBox): PolygonGeometry {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] };
}

export const feature = (name: string, geometry: unknown) => ({ type: 'Feature', properties: { name }, geometry });
export const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

const toFeature = (g: PolygonGeometry): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g as Polygon | MultiPolygon });

/** Square metres. */
export const areaOf = (g: PolygonGeometry): number => area(toFeature(g));

/** Square metres of `a` outside `b`. */
export function areaOutside(a: PolygonGeometry, b: PolygonGeometry): number {
  const d = difference({ type: 'FeatureCollection', features: [toFeature(a), toFeature(b)] });
  return d ? area(d) : 0;
}

/** Strictly inside (boundary excluded). */
export const inside = (g: PolygonGeometry, p: Position): boolean => booleanPointInPolygon(p, toFeature(g), { ignoreBoundary: true });

export const bboxInside = (inner: BBox, outer: BBox): boolean =>
  inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
