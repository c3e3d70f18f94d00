import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';
import { RoleSchema, UsernameSchema } from './identity.js';
import { UnitRefSchema } from './jurisdiction.js';
import { checkMobile } from './personal-data.js';

/** Accounts, role grants with approval (分级审批) and machine tokens: the security and system administrators' API. */

const unitCode = z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字');
const departmentCode = z.string().trim().min(1).max(50, '部门代码不能超过 50 位');
const displayName = z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过 50 个字');

/** A mainland mobile number; the reason in Chinese when it is not one. */
export const MobileSchema = z
  .string()
  .max(20, '手机号不能超过 20 位')
  .superRefine((v, c) => {
    const r = checkMobile(v);
    if (!r.ok) c.addIssue({ code: 'custom', message: r.reason });
  });

export const AccountStatusSchema = z.enum(['active', 'disabled']);
/** `locked` is not stored: it is an active account whose lockout has not yet run out. */
export const AccountStatusFilterSchema = z.enum(['active', 'disabled', 'locked']);
export const AccountKindSchema = z.enum(['staff', 'resident', 'machine']);

export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  unit: unitCode.optional(),
  role: RoleSchema.optional(),
  status: AccountStatusFilterSchema.optional(),
  kind: AccountKindSchema.optional(),
  /** Exact match through the blind index; the number never appears in a response. */
  phone: MobileSchema.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

const DepartmentRefSchema = z.object({ id: z.string().uuid(), code: z.string(), name: z.string() });
const UserRefSchema = z.object({ id: z.string().uuid(), username: z.string(), displayName: z.string() });

export const UserAccountSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    kind: AccountKindSchema,
    /** Always masked (138****5678). */
    phone: z.string().nullable(),
    unit: UnitRefSchema.nullable(),
    department: DepartmentRefSchema.nullable(),
    status: AccountStatusSchema,
    lockedUntil: z.string().nullable(),
    mustChangePassword: z.boolean(),
    mfaEnabled: z.boolean(),
    /** Roles of the account's active grants. */
    roles: z.array(RoleSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'UserAccount' });
export type UserAccount = z.infer<typeof UserAccountSchema>;
export const UserAccountPageSchema = pageOf(UserAccountSchema).meta({ id: 'UserAccountPage' });

export const GrantStatusSchema = z.enum(['pending', 'active', 'rejected', 'revoked']);

export const RoleGrantSchema = z
  .object({
    id: z.string().uuid(),
    user: UserRefSchema,
    role: RoleSchema,
    unit: UnitRefSchema,
    department: DepartmentRefSchema.nullable(),
    status: GrantStatusSchema,
    reason: z.string().nullable(),
    requestedBy: UserRefSchema.nullable(),
    decidedBy: UserRefSchema.nullable(),
    decidedAt: z.string().nullable(),
    revokedBy: UserRefSchema.nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RoleGrant' });
export type RoleGrant = z.infer<typeof RoleGrantSchema>;
export const RoleGrantListSchema = z.object({ items: z.array(RoleGrantSchema) }).meta({ id: 'RoleGrantList' });
export const RoleGrantPageSchema = pageOf(RoleGrantSchema).meta({ id: 'RoleGrantPage' });

export const UserDetailSchema = UserAccountSchema.extend({ grants: z.array(RoleGrantSchema) }).meta({ id: 'UserDetail' });
export type UserDetail = z.infer<typeof UserDetailSchema>;

const initialPassword = z.string().min(1, '请输入初始密码').max(128, '密码不能超过 128 位');

export const UserCreateSchema = z
  .object({
    username: UsernameSchema,
    displayName,
    phone: MobileSchema,
    unit: unitCode,
    department: departmentCode.optional(),
    kind: z.enum(['staff', 'resident']).default('staff'),
    /** Checked against the password policy; the account must change it at first sign-in. */
    password: initialPassword,
  })
  .meta({ id: 'UserCreate' });

export const UserPatchSchema = z
  .object({
    displayName: displayName.optional(),
    phone: MobileSchema.optional(),
    status: AccountStatusSchema.optional(),
  })
  .refine((v) => v.displayName !== undefined || v.phone !== undefined || v.status !== undefined, '请至少修改一项：姓名、手机号或状态')
  .meta({ id: 'UserPatch' });

export const PasswordResetSchema = z
  .object({ password: initialPassword, reason: z.string().trim().max(200, '理由不能超过 200 个字').optional() })
  .meta({ id: 'PasswordReset' });

export const GrantCreateSchema = z
  .object({
    role: RoleSchema,
    unit: unitCode,
    department: departmentCode.optional(),
    reason: z.string().trim().min(2, '请说明授权理由').max(200, '授权理由不能超过 200 个字'),
  })
  .meta({ id: 'GrantCreate' });

export const GrantDecisionSchema = z
  .object({ note: z.string().trim().max(200, '审批意见不能超过 200 个字').optional() })
  .meta({ id: 'GrantDecision' });

export const GrantListQuerySchema = PageQuerySchema.extend({ status: GrantStatusSchema.optional() });

/** What a machine token may be used for; each interface checks its own scope. */
export const apiTokenScopes = ['open311', 'hotline_import', 'iot'] as const;
export const ApiTokenScopeSchema = z.enum(apiTokenScopes);

export const ApiTokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, '请输入令牌名称').max(100, '令牌名称不能超过 100 个字'),
    /** The machine account the token acts as; created (kind machine, district level) when absent. */
    username: UsernameSchema,
    scopes: z
      .array(ApiTokenScopeSchema)
      .min(1, '请至少选择一个用途')
      .refine((s) => new Set(s).size === s.length, '用途不能重复'),
    expiresAt: z.iso.datetime({ offset: true, message: '过期时间应为带时区的 ISO 8601 时间' }).optional(),
  })
  .meta({ id: 'ApiTokenCreate' });

export const ApiTokenSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    /** The first characters of the token, to recognise it; the secret itself is never shown again. */
    prefix: z.string(),
    scopes: z.array(z.string()),
    user: z.object({ id: z.string().uuid(), username: z.string() }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) }).meta({ id: 'ApiTokenList' });
export const ApiTokenCreatedSchema = ApiTokenSchema.extend({ token: z.string() }).meta({ id: 'ApiTokenCreated' });
