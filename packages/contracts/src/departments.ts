import { z } from 'zod';
import { UnitRefSchema } from './jurisdiction.js';
import { departmentKinds } from './labels.js';

export const DepartmentKindSchema = z.enum(departmentKinds);

export const DepartmentSchema = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    kind: DepartmentKindSchema,
    level: z.enum(['district', 'subdistrict']),
    unit: UnitRefSchema,
  })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof DepartmentSchema>;

export const DepartmentListQuerySchema = z.object({
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
  kind: DepartmentKindSchema.optional(),
});
export const DepartmentListSchema = z.object({ items: z.array(DepartmentSchema) }).meta({ id: 'DepartmentList' });
