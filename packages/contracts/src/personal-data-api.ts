import { z } from 'zod';

/**
 * Revealing one personal field of one record in plain text: a permitted role, a stated reason,
 * audited and rate-limited. Everything else the API returns is masked.
 */
export const RevealRequestSchema = z
  .object({
    /** The record's kind as the audit trail names it, e.g. `user`. */
    resourceType: z.string().trim().min(1, '请指定记录类型').max(50, '记录类型过长'),
    id: z.string().trim().uuid('记录编号格式不正确'),
    /** The field's short name (`phone`) or its full name (`app_user.phone`). */
    field: z.string().trim().min(1, '请指定字段').max(100, '字段名过长'),
    reason: z
      .string({ error: '请填写查看原因' })
      .trim()
      .min(5, '请填写查看原因（至少 5 个字）')
      .max(200, '查看原因不能超过 200 个字'),
  })
  .meta({ id: 'RevealRequest' });
export type RevealRequest = z.infer<typeof RevealRequestSchema>;

export const RevealResponseSchema = z
  .object({
    /** The plain value; null when the record has no value in that field. */
    value: z.string().nullable(),
  })
  .meta({ id: 'RevealResponse' });
export type RevealResponse = z.infer<typeof RevealResponseSchema>;
