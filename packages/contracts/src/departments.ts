import { z } from 'zod';
import { UnitRefSchema } from './jurisdiction.js';

/** The functional departments (职能部门) cases are dispatched to, by kind. */
export const departmentKinds = [
  'urban_management',
  'public_security',
  'market_regulation',
  'housing',
  'greening',
  'civil_affairs',
  'health',
  'emergency',
  'ecology',
  'construction',
  'transport',
  'water',
] as const;
export const DepartmentKindSchema = z.enum(departmentKinds);
export type DepartmentKind = z.infer<typeof DepartmentKindSchema>;

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
