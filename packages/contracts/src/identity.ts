import { z } from 'zod';
import { UnitRefSchema } from './jurisdiction.js';
import { actions, roles } from './roles.js';

export const RoleSchema = z.enum(roles);
export const ActionSchema = z.enum(actions);

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, '用户名为 3–50 位小写字母、数字、点、下划线或连字符');

export const LoginRequestSchema = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(50, '用户名不能超过 50 位'),
    password: z.string().min(1, '请输入密码').max(128, '密码不能超过 128 位'),
    totp: z.string().trim().regex(/^\d{6}$/, '动态验证码为 6 位数字').optional(),
    recoveryCode: z.string().trim().max(20).optional(),
  })
  .meta({ id: 'LoginRequest' });

export const SessionStageSchema = z.enum(['active', 'password_change', 'mfa_enrollment']);

export const GrantViewSchema = z
  .object({
    id: z.string().uuid(),
    role: RoleSchema,
    unit: UnitRefSchema,
    department: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'GrantView' });

export const MeSchema = z
  .object({
    user: z.object({
      id: z.string().uuid(),
      username: z.string(),
      displayName: z.string(),
      kind: z.enum(['staff', 'resident', 'machine']),
      phone: z.string().nullable(),
      mfaEnabled: z.boolean(),
    }),
    stage: SessionStageSchema,
    grants: z.array(GrantViewSchema),
    permissions: z.array(ActionSchema),
    csrfToken: z.string().nullable(),
    session: z.object({ id: z.string().uuid(), expiresAt: z.string(), idleMinutes: z.number().int() }).nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码').max(128),
    newPassword: z.string().min(1, '请输入新密码').max(128, '密码不能超过 128 位'),
  })
  .meta({ id: 'PasswordChange' });

export const MfaEnrollmentSchema = z
  .object({ secret: z.string(), otpauthUri: z.string() })
  .meta({ id: 'MfaEnrollment' });

export const MfaConfirmSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, '动态验证码为 6 位数字') }).meta({ id: 'MfaConfirm' });
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

export const SessionViewSchema = z
  .object({
    id: z.string().uuid(),
    current: z.boolean(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'SessionView' });
export const SessionListSchema = z.object({ items: z.array(SessionViewSchema) }).meta({ id: 'SessionList' });
