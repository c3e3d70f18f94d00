import { z } from 'zod';
import { CaseStatusSchema } from './cases.js';

/**
 * Public read-outs of the case engine for the resident portal: the district's outline for its
 * maps and recent cases as points. No personal data: no reporter, no description, no address;
 * 举报 (reports of violations) and merged or cancelled cases never appear.
 */

/** The statuses a resident tells apart on the public map, in plain words. */
export const publicCaseStages = ['open', 'resolved', 'closed'] as const;
export type PublicCaseStage = (typeof publicCaseStages)[number];
export const publicCaseStageNames: Record<PublicCaseStage, { zh: string; en: string }> = {
  open: { zh: '处理中', en: 'Being handled' },
  resolved: { zh: '已处置', en: 'Work done' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const PublicAreaQuerySchema = z.object({
  /** subdistrict: the district and its 街镇 (small); neighborhood: every 居委 outline, for a map zoomed in. */
  detail: z.enum(['subdistrict', 'neighborhood'], { error: 'detail 应为 subdistrict 或 neighborhood' }).default('subdistrict'),
});

export const PublicCaseMapQuerySchema = z.object({
  /** A first-level (A01) or second-level (A0101) category. */
  category: z.string().regex(/^[A-Z]\d{2}(\d{2})?$/, '分类代码格式应为 A01 或 A0101').optional(),
  stage: z.enum(publicCaseStages, { error: '状态应为 open、resolved 或 closed' }).optional(),
  /** Cases received in the last `days` days. */
  days: z.coerce.number().int('天数应为整数').min(1, '天数至少为 1').max(90, '最多查询近 90 天').default(30),
  limit: z.coerce.number().int().min(1).max(1000, '一次最多 1000 个').default(500),
});
export type PublicCaseMapQuery = z.infer<typeof PublicCaseMapQuerySchema>;

export const PublicCasePointSchema = z.object({
  number: z.string(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  categoryNameEn: z.string().nullable(),
  status: CaseStatusSchema,
  stage: z.enum(publicCaseStages),
  subdistrict: z.string().nullable(),
  /** WGS84 [lng, lat], rounded to about 10 m. */
  location: z.tuple([z.number(), z.number()]),
  receivedAt: z.string(),
});
export type PublicCasePoint = z.infer<typeof PublicCasePointSchema>;

export const PublicCaseMapSchema = z
  .object({
    items: z.array(PublicCasePointSchema),
    /** True when more cases matched than `limit` (the newest are given). */
    truncated: z.boolean(),
    since: z.string(),
  })
  .meta({ id: 'PublicCaseMap' });
export type PublicCaseMap = z.infer<typeof PublicCaseMapSchema>;
