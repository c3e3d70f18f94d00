import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import { verificationKinds } from './community-labels.js';

/**
 * 核查 tasks: records needing a check (conflicts opened by the import and the resident editor,
 * stale records not verified for 12 months, missing fields), assigned to grid workers and staff.
 * Every personal value in a task is a mask.
 */
export const VerificationKindSchema = z.enum(verificationKinds);
export const verificationStatuses = ['open', 'done', 'dismissed'] as const;
export const VerificationStatusSchema = z.enum(verificationStatuses);
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

const unitCode = z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字');
const flag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

export const VerificationListQuerySchema = PageQuerySchema.extend({
  kind: VerificationKindSchema.optional(),
  /** Default: open tasks. `all` lists every status. */
  status: z.enum([...verificationStatuses, 'all']).default('open'),
  unit: unitCode.optional(),
  assignee: z.union([z.string().uuid('处理人编号不正确'), z.literal('none')]).optional(),
  mine: flag.optional(),
});

export const VerificationTaskSchema = z
  .object({
    id: z.string().uuid(),
    kind: VerificationKindSchema,
    status: VerificationStatusSchema,
    resident: z.object({ id: z.string().uuid(), name: z.string(), idNumber: z.string(), phone: z.string().nullable(), verifiedAt: z.string().nullable() }).nullable(),
    /** Where: compound, building and room. */
    address: z.string().nullable(),
    neighborhood: z.object({ code: z.string(), name: z.string() }),
    /** What to check (masked values only): e.g. { missing: ['phone'] }, { verifiedAt }, a conflict's fields. */
    detail: z.record(z.string(), z.unknown()),
    assignee: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
    doneBy: z.string().nullable(),
  })
  .meta({ id: 'VerificationTask' });
export type VerificationTask = z.infer<typeof VerificationTaskSchema>;
export const VerificationTaskPageSchema = pageOf(VerificationTaskSchema).meta({ id: 'VerificationTaskPage' });

export const VerificationTaskParamsSchema = z.object({ id: z.string().uuid('任务编号不正确') });

export const VerificationGenerateSchema = z.object({
  /** A neighborhood, 街镇 or the district; default: the caller's whole scope. */
  unit: unitCode.optional(),
  kinds: z.array(z.enum(['stale', 'missing_fields'])).min(1).default(['stale', 'missing_fields']),
});
export const VerificationGeneratedSchema = z
  .object({ opened: z.object({ stale: z.number().int(), missing_fields: z.number().int() }), openTotal: z.number().int() })
  .meta({ id: 'VerificationGenerated' });
export type VerificationGenerated = z.infer<typeof VerificationGeneratedSchema>;

export const VerificationAssignSchema = z.object({
  taskIds: z.array(z.string().uuid('任务编号不正确')).min(1, '请选择任务').max(500, '一次最多分派 500 条'),
  /** null takes the tasks back (unassigned). */
  assigneeId: z.string().uuid('处理人编号不正确').nullable(),
});
export const VerificationAssignedSchema = z.object({ assigned: z.number().int() });

export const VerificationCompleteSchema = z.object({ note: z.string().trim().min(1, '请填写核查情况').max(500, '核查情况不能超过 500 个字符') });
export const VerificationDismissSchema = z.object({ reason: z.string().trim().min(2, '请填写撤销理由').max(500, '理由不能超过 500 个字符') });

export const VerificationAssigneesQuerySchema = z.object({ unit: unitCode.optional() });
export const VerificationAssigneesSchema = z
  .object({ items: z.array(z.object({ id: z.string().uuid(), name: z.string(), username: z.string(), role: z.string(), unit: z.object({ code: z.string(), name: z.string() }) })) })
  .meta({ id: 'VerificationAssignees' });
export type VerificationAssignee = z.infer<typeof VerificationAssigneesSchema>['items'][number];

export const VerificationProgressQuerySchema = z.object({ unit: unitCode.optional() });
const counts = z.object({ open: z.number().int(), done: z.number().int(), dismissed: z.number().int(), total: z.number().int(), percentDone: z.number() });
export const VerificationProgressSchema = z
  .object({
    unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    totals: counts,
    children: z.array(counts.extend({ code: z.string(), name: z.string(), level: z.string() })),
  })
  .meta({ id: 'VerificationProgress' });
export type VerificationProgress = z.infer<typeof VerificationProgressSchema>;
