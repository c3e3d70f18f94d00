import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import { UnitRefSchema } from './jurisdiction.js';

/** The five compound types of the plan's 分类治理, plus 直管公房. */
export const compoundTypes = [
  'resold_public',
  'commercial',
  'foreign_commercial',
  'old_villa',
  'resettlement',
  'direct_public',
] as const;
export const CompoundTypeSchema = z.enum(compoundTypes);
export type CompoundType = z.infer<typeof CompoundTypeSchema>;

export const compoundTypeNames: Record<CompoundType, { zh: string; en: string }> = {
  resold_public: { zh: '售后公房', en: 'Resold public housing' },
  commercial: { zh: '普通商品房', en: 'Commercial housing' },
  foreign_commercial: { zh: '涉外商品房', en: 'Foreign-oriented commercial housing' },
  old_villa: { zh: '老洋房', en: 'Old villas' },
  resettlement: { zh: '动迁安置房', en: 'Resettlement housing' },
  direct_public: { zh: '直管公房', en: 'Directly managed public housing' },
};

export const CompoundSchema = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    type: CompoundTypeSchema,
    neighborhood: UnitRefSchema,
    grid: UnitRefSchema.nullable(),
    address: z.string(),
    yearBuilt: z.number().int().nullable(),
    buildingCount: z.number().int(),
    householdCount: z.number().int(),
    location: z.tuple([z.number(), z.number()]),
  })
  .meta({ id: 'Compound' });
export type Compound = z.infer<typeof CompoundSchema>;

export const CompoundListQuerySchema = PageQuerySchema.extend({
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
  type: CompoundTypeSchema.optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字符').optional(),
});
export const CompoundPageSchema = pageOf(CompoundSchema).meta({ id: 'CompoundPage' });
