import { area } from '@turf/area';
import { pointInside, geometryBBox } from './sample.js';
import { toFeature, type PolygonGeometry } from './types.js';

/** The derived columns stored beside a unit's geometry: bbox, an interior label point, area. */
export interface GeometryStats {
  bbox: [number, number, number, number];
  center: [number, number];
  areaKm2: number;
}

export function geometryStats(geometry: PolygonGeometry): GeometryStats {
  return {
    bbox: geometryBBox(geometry),
    center: pointInside(geometry),
    areaKm2: area(toFeature(geometry)) / 1e6,
  };
}
