import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PolygonGeometry } from '../modules/geo/types.js';
import { referenceDataDir } from '../paths.js';

/** The real names and codes shipped in data/reference (national statistical division codes, 2023). */
export interface ReferenceSubdistrict {
  code: string;
  name: string;
  neighborhoods: { code: string; name: string }[];
}

export interface ReferenceDistrict {
  code: string;
  name: string;
  outline: PolygonGeometry;
  subdistricts: ReferenceSubdistrict[];
}

export function loadChangning(dir = referenceDataDir): ReferenceDistrict {
  const districts = JSON.parse(readFileSync(path.join(dir, 'shanghai-districts.geojson'), 'utf8')) as {
    features: { properties: { name: string; adcode: string }; geometry: PolygonGeometry }[];
  };
  const feature = districts.features.find((f) => String(f.properties.adcode) === '310105');
  if (!feature) throw new Error('shanghai-districts.geojson 中缺少长宁区 (310105)');
  const rows = parse(readFileSync(path.join(dir, 'changning-committees-2023.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as { code: string; name: string; streetCode: string; streetName: string }[];
  const subs = new Map<string, ReferenceSubdistrict>();
  for (const r of rows) {
    let s = subs.get(r.streetCode);
    if (!s) subs.set(r.streetCode, (s = { code: r.streetCode, name: r.streetName, neighborhoods: [] }));
    s.neighborhoods.push({ code: r.code, name: r.name });
  }
  return {
    code: '310105',
    name: feature.properties.name,
    outline: feature.geometry,
    subdistricts: [...subs.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
