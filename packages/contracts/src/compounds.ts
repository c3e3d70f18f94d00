import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import { UnitRefSchema } from './jurisdiction.js';
import { type CompoundType, compoundTypes } from './labels.js';

export const CompoundTypeSchema = z.enum(compoundTypes);

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
