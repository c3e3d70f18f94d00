import { z } from 'zod';

import { boundarySources, type UnitLevel, unitLevels } from './labels.js';

export const UnitLevelSchema = z.enum(unitLevels);

/**
 * Codes: district 6 digits (GB/T 2260), subdistrict 9, neighborhood 12 (national statistical
 * division codes), grid 15 = neighborhood code + 3-digit sequence (GB/T 30428 numbering).
 */
export const unitCodeLength: Record<UnitLevel, number> = { district: 6, subdistrict: 9, neighborhood: 12, grid: 15 };
export const UnitCodeSchema = z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字');

export function levelOfCode(code: string): UnitLevel | null {
  return unitLevels.find((l) => unitCodeLength[l] === code.length) ?? null;
}

export const BoundarySourceSchema = z.enum(boundarySources);

export const UnitRefSchema = z
  .object({ code: z.string(), name: z.string(), level: UnitLevelSchema })
  .meta({ id: 'UnitRef' });
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const BBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const UnitSummarySchema = UnitRefSchema.extend({
  childCount: z.number().int(),
}).meta({ id: 'UnitSummary' });
export type UnitSummary = z.infer<typeof UnitSummarySchema>;

export const UnitDetailSchema = UnitRefSchema.extend({
  id: z.string().uuid(),
  parent: UnitRefSchema.nullable(),
  ancestors: z.array(UnitRefSchema),
  boundarySource: BoundarySourceSchema,
  bbox: BBoxSchema.nullable(),
  center: z.tuple([z.number(), z.number()]).nullable(),
  areaKm2: z.number().nullable(),
  counts: z.object({
    subdistricts: z.number().int(),
    neighborhoods: z.number().int(),
    grids: z.number().int(),
    compounds: z.number().int(),
    buildings: z.number().int(),
    departments: z.number().int(),
  }),
}).meta({ id: 'UnitDetail' });
export type UnitDetail = z.infer<typeof UnitDetailSchema>;

export const UnitChildrenSchema = z.object({ items: z.array(UnitSummarySchema) }).meta({ id: 'UnitChildren' });

export const UnitCodeParamsSchema = z.object({ code: UnitCodeSchema });

export const UnitGeometryQuerySchema = z.object({
  children: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /**
   * Instead of the children: every unit of this level below the unit (e.g. all grids of the
   * district for the big screen, in one request), as features with role `child`.
   */
  level: z.enum(['subdistrict', 'neighborhood', 'grid'], { message: '层级应为 subdistrict、neighborhood 或 grid' }).optional(),
});

/** GeoJSON (RFC 7946) as the API returns it: a FeatureCollection of the unit and its children. */
export const GeoJsonGeometrySchema = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.any()),
});
export const UnitFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: UnitRefSchema.extend({ role: z.enum(['self', 'child']), boundarySource: BoundarySourceSchema }),
  geometry: GeoJsonGeometrySchema.nullable(),
});
export const UnitFeatureCollectionSchema = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(UnitFeatureSchema) })
  .meta({ id: 'UnitFeatureCollection' });
export type UnitFeatureCollection = z.infer<typeof UnitFeatureCollectionSchema>;

export const LocateResultSchema = z
  .object({
    district: UnitRefSchema,
    subdistrict: UnitRefSchema,
    neighborhood: UnitRefSchema,
    grid: UnitRefSchema,
  })
  .meta({ id: 'LocateResult' });
export type LocateResult = z.infer<typeof LocateResultSchema>;

export const UnitSearchQuerySchema = z.object({
  q: z.string().trim().min(1, '请输入名称或代码').max(50, '搜索词不能超过 50 个字符'),
  level: UnitLevelSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const UnitSearchResultSchema = z
  .object({ items: z.array(UnitRefSchema.extend({ ancestors: z.array(UnitRefSchema) })) })
  .meta({ id: 'UnitSearchResult' });
