import type { UnitDetail, UnitFeatureCollection, UnitRef } from '@gongzhi/contracts';
import type { UnitInfo, UnitLite } from './repository.js';

export const unitRef = (u: Pick<UnitLite, 'code' | 'name' | 'level'>): UnitRef => ({ code: u.code, name: u.name, level: u.level });

export function presentDetail(u: UnitInfo, ancestors: UnitLite[], counts: UnitDetail['counts']): UnitDetail {
  const hasBox = u.min_lng !== null && u.min_lat !== null && u.max_lng !== null && u.max_lat !== null;
  const parent = ancestors[ancestors.length - 1];
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    level: u.level,
    parent: parent ? unitRef(parent) : null,
    ancestors: ancestors.map(unitRef),
    boundarySource: u.boundary_source,
    bbox: hasBox ? [u.min_lng!, u.min_lat!, u.max_lng!, u.max_lat!] : null,
    center: u.center_lng !== null && u.center_lat !== null ? [u.center_lng, u.center_lat] : null,
    areaKm2: u.area_km2 === null ? null : Math.round(u.area_km2 * 1000) / 1000,
    counts,
  };
}

export function presentGeometries(
  selfId: string,
  rows: { id: string; code: string; name: string; level: UnitLite['level']; boundary_source: UnitInfo['boundary_source']; geometry: unknown }[],
): UnitFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.code,
      properties: { ...unitRef(r), role: r.id === selfId ? 'self' : 'child', boundarySource: r.boundary_source },
      geometry: (r.geometry as UnitFeatureCollection['features'][number]['geometry']) ?? null,
    })),
  };
}
