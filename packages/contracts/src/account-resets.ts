import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import type { Role } from './roles.js';

/**
 * Resets of administrator accounts (三权分立): a password or second-factor reset of an account that
 * holds one of these roles is only a request until a second security administrator approves it,
 * else the security administrator could take over, say, the audit administrator's account.
 */
export const resetApprovalRoles: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin', 'district_admin'];

export const ResetKindSchema = z.enum(['password', 'mfa']);
export const ResetStatusSchema = z.enum(['pending', 'approved', 'rejected']);

const reason = z.string().trim().max(200, '理由不能超过 200 个字').optional();

/** The optional body of `POST /api/users/:id/reset-mfa`. */
export const MfaResetSchema = z.object({ reason }).meta({ id: 'MfaReset' });

/** The 202 answer of a reset that waits for approval. */
export const ResetPendingSchema = z
  .object({ status: z.literal('pending'), requestId: z.string().uuid() })
  .meta({ id: 'ResetPending' });
export type ResetPending = z.infer<typeof ResetPendingSchema>;

const ref = z.object({ id: z.string().uuid(), username: z.string(), displayName: z.string() });

/** A reset request as administrators see it: never the password or its hash. */
export const AccountResetSchema = z
  .object({
    id: z.string().uuid(),
    user: ref,
    kind: ResetKindSchema,
    status: ResetStatusSchema,
    reason: z.string().nullable(),
    requestedBy: ref.nullable(),
    decidedBy: ref.nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AccountReset' });
export type AccountReset = z.infer<typeof AccountResetSchema>;
export const AccountResetPageSchema = pageOf(AccountResetSchema).meta({ id: 'AccountResetPage' });

export const AccountResetListQuerySchema = PageQuerySchema.extend({ status: ResetStatusSchema.optional() });

export const ResetDecisionSchema = z
  .object({ note: z.string().trim().max(200, '审批意见不能超过 200 个字').optional() })
  .meta({ id: 'ResetDecision' });
