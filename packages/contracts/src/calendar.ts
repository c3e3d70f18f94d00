import { z } from 'zod';

/**
 * Deadline query: a start time and either working days or working hours under the statutory
 * Chinese calendar (法定节假日 and 调休) and the configured working hours, in Asia/Shanghai.
 * Query strings arrive as text, hence the coercion.
 */
export const DeadlineQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true, message: 'from 应为带时区的 ISO 8601 时间，如 2025-09-30T10:00:00+08:00' }),
    workingDays: z.coerce
      .number({ message: 'workingDays 应为整数' })
      .int({ message: 'workingDays 应为整数' })
      .min(0, { message: 'workingDays 不能为负数' })
      .max(365, { message: 'workingDays 不能超过 365' })
      .optional(),
    workingHours: z.coerce
      .number({ message: 'workingHours 应为数字' })
      .min(0, { message: 'workingHours 不能为负数' })
      .max(2000, { message: 'workingHours 不能超过 2000' })
      .optional(),
  })
  .refine((q) => (q.workingDays === undefined) !== (q.workingHours === undefined), {
    message: 'workingDays 与 workingHours 必须且只能提供其中一个',
    path: ['workingDays'],
  });
export type DeadlineQuery = z.infer<typeof DeadlineQuerySchema>;

export const DeadlineSchema = z
  .object({
    from: z.string(),
    /** ISO 8601 with +08:00. */
    due: z.string(),
    workingDays: z.number().int().optional(),
    workingHours: z.number().optional(),
    /** False when a date on the way lies in a year whose holiday arrangement is not yet known. */
    calendarKnown: z.boolean(),
    /** Why the answer is provisional, in Chinese; only when calendarKnown is false. */
    warning: z.string().optional(),
    calendar: z.object({
      workHours: z.string(),
      timezone: z.literal('Asia/Shanghai'),
      holidaysSkipped: z.array(z.object({ date: z.string(), name: z.string() })),
      makeupWorkdays: z.array(z.string()),
      unknownYears: z.array(z.number().int()),
    }),
  })
  .meta({ id: 'Deadline' });
export type Deadline = z.infer<typeof DeadlineSchema>;
