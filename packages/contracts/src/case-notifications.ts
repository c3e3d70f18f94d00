/**
 * Notices of the deadline job for the people in charge: yellow warnings, overdue (红灯) cases,
 * missed signing deadlines and escalations (升级督办). A notice is addressed to the case's lead
 * department and to a place in the jurisdiction tree (the case's grid, or the district for an
 * escalation); a caller sees the notices under their grants, a handler those of their department.
 */
import { z } from 'zod';
import { CaseStatusSchema } from './cases.js';
import { PageQuerySchema, pageOf } from './common.js';

type Names = { zh: string; en: string };

/** `red` is reserved: the job marks a case red with an `overdue` notice. */
export const caseNotificationKinds = ['yellow', 'red', 'overdue', 'escalated', 'sign_overdue'] as const;
export type CaseNotificationKind = (typeof caseNotificationKinds)[number];

export const caseNotificationKindNames: Record<CaseNotificationKind, Names> = {
  yellow: { zh: '黄灯预警', en: 'Yellow warning' },
  red: { zh: '红灯预警', en: 'Red warning' },
  overdue: { zh: '超期', en: 'Overdue' },
  escalated: { zh: '升级督办', en: 'Escalated' },
  sign_overdue: { zh: '签收超时', en: 'Not signed for in time' },
};

export const CaseNotificationKindSchema = z.enum(caseNotificationKinds);

// No `.meta({ id })` on a querystring: @fastify/swagger cannot resolve a $ref there (the OpenAPI document fails).
export const CaseNotificationListQuerySchema = PageQuerySchema.extend({
  /** true: only notices nobody has marked read yet. */
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  kind: CaseNotificationKindSchema.optional(),
  caseId: z.string().uuid('案件编号不正确').optional(),
});
export type CaseNotificationListQuery = z.infer<typeof CaseNotificationListQuerySchema>;

export const CaseNotificationSchema = z
  .object({
    id: z.string(),
    kind: CaseNotificationKindSchema,
    message: z.string(),
    case: z.object({ id: z.string().uuid(), number: z.string(), title: z.string(), status: CaseStatusSchema }),
    /** The department addressed (the case's lead department when the notice was made). */
    department: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
    /** The place addressed: the case's grid path, or the district's for an escalation. */
    path: z.string(),
    createdAt: z.string(),
    /** Read by anyone in charge (one acknowledgement per notice, not per person). */
    readAt: z.string().nullable(),
    readBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'CaseNotification' });
export type CaseNotification = z.infer<typeof CaseNotificationSchema>;

export const CaseNotificationPageSchema = pageOf(CaseNotificationSchema).meta({ id: 'CaseNotificationPage' });
export type CaseNotificationPage = z.infer<typeof CaseNotificationPageSchema>;
