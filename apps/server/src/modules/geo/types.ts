import type { Feature, MultiPolygon, Polygon } from 'geojson';

/** WGS84 position, [lng, lat] (RFC 7946 axis order). */
export type Position = [number, number];

export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

// Small converters shared by the geo module. turf v7 works on GeoJSON features;
// our own type is structurally the same geometry, so these are cheap wrappers.

export function toFeature(geometry: PolygonGeometry): Feature<Polygon | MultiPolygon> {
  return { type: 'Feature', properties: {}, geometry: geometry as Polygon | MultiPolygon };
}

/** Turf result (feature or null) back to our geometry type; empty results become null. */
export function fromFeature(feature: Feature<Polygon | MultiPolygon> | null | undefined): PolygonGeometry | null {
  if (!feature || !feature.geometry) return null;
  const g = feature.geometry as PolygonGeometry;
  if (g.coordinates.length === 0) return null;
  // polyclip returns a MultiPolygon with one member for simple results: keep the simplest form.
  if (g.type === 'MultiPolygon' && g.coordinates.length === 1) {
    return { type: 'Polygon', coordinates: g.coordinates[0]! };
  }
  return g;
}

/** The polygons of a geometry as a list of ring lists. */
export function polygonsOf(geometry: PolygonGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
