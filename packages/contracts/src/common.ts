import { z } from 'zod';

/** Cursor pagination query shared by every list. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['embedded', 'postgres']),
    version: z.string(),
    uptimeSeconds: z.number(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** WGS84 longitude/latitude as query parameters. */
export const LngLatQuerySchema = z.object({
  lng: z.coerce.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
  lat: z.coerce.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
});

/** Public runtime settings the web app needs (no secrets). */
export const AppMetaSchema = z
  .object({
    product: z.string(),
    version: z.string(),
    district: z.object({ code: z.string(), name: z.string() }).nullable(),
    tileUrl: z.string().nullable(),
  })
  .meta({ id: 'AppMeta' });
export type AppMeta = z.infer<typeof AppMetaSchema>;
