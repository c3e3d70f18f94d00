import type { AppMeta, UnitFeatureCollection } from '@gongzhi/contracts';
import { api } from '../api';

export type Area = { geometry: UnitFeatureCollection; tileUrl: string | null };

let cache: Promise<Area> | null = null;

/** The district's outline with its 街镇 (public) and the optional tile URL, fetched once. */
export function loadArea(): Promise<Area> {
  cache ??= Promise.all([api<UnitFeatureCollection>('/api/cases/public/area'), api<AppMeta>('/api/meta').catch(() => null)])
    .then(([geometry, meta]) => ({ geometry, tileUrl: meta?.tileUrl ?? null }))
    .catch((err) => {
      cache = null;
      throw err;
    });
  return cache;
}

let neighborhoods: Promise<UnitFeatureCollection> | null = null;

/** Every 居委's outline (about 90 kB): fetched only once a map is zoomed in far enough to need it. */
export function loadNeighborhoods(): Promise<UnitFeatureCollection> {
  neighborhoods ??= api<UnitFeatureCollection>('/api/cases/public/area?detail=neighborhood').catch((err) => {
    neighborhoods = null;
    throw err;
  });
  return neighborhoods;
}
