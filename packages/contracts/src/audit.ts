import { z } from 'zod';
import { PageQuerySchema } from './common.js';

const day = /^\d{4}-\d{2}-\d{2}$/;

/** A point in time: an ISO 8601 date-time with offset, or a day (Asia/Shanghai). */
const TimeBound = z
  .string()
  .trim()
  .refine((v) => (day.test(v) || /^\d{4}-\d{2}-\d{2}T/.test(v)) && !Number.isNaN(Date.parse(day.test(v) ? `${v}T00:00:00+08:00` : v)), {
    message: '时间格式应为 2025-10-09 或 2025-10-09T09:00:00+08:00',
  });

/** Filters shared by the audit list and its export. `to` is exclusive; a day as `to` includes that day. */
export const AuditFilterSchema = z.object({
  /** Username, or the actor's user id. */
  actor: z.string().trim().min(1).max(100, '用户不能超过 100 个字符').optional(),
  /** An action (`auth.login`), or every action under a prefix (`auth.*`). */
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/, '操作应为如 auth.login 或 auth.* 的形式')
    .max(100)
    .optional(),
  resourceType: z.string().trim().min(1).max(50, '对象类型不能超过 50 个字符').optional(),
  resourceId: z.string().trim().min(1).max(100, '对象编号不能超过 100 个字符').optional(),
  from: TimeBound.optional(),
  to: TimeBound.optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditQuerySchema = AuditFilterSchema.extend(PageQuerySchema.shape);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditItemSchema = z
  .object({
    seq: z.number().int(),
    /** ISO 8601 in Asia/Shanghai (+08:00). */
    at: z.string(),
    actor: z.object({ id: z.string().nullable(), username: z.string().nullable(), role: z.string().nullable() }),
    action: z.string(),
    outcome: z.enum(['success', 'failure', 'denied']),
    resource: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    unit: z.object({ path: z.string(), name: z.string().nullable() }).nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    /** Changed fields, personal data masked by the writer. */
    before: z.unknown(),
    after: z.unknown(),
    detail: z.unknown(),
    hash: z.string(),
  })
  .meta({ id: 'AuditItem' });
export type AuditItem = z.infer<typeof AuditItemSchema>;

export const AuditPageSchema = z.object({ items: z.array(AuditItemSchema), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditVerifySchema = z
  .object({
    ok: z.boolean(),
    records: z.number().int(),
    lastSeq: z.number().int(),
    broken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
    ms: z.number(),
  })
  .meta({ id: 'AuditVerify' });
export type AuditVerify = z.infer<typeof AuditVerifySchema>;

/** The most rows one export holds; beyond it the file says so and the filter should be narrowed. */
export const auditExportCap = 50_000;
