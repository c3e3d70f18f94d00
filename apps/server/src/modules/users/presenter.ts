import { type AccountReset, type ApiToken, type Role, type RoleGrant, type UserAccount, maskPhone } from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import type { GrantRow } from './grant-repository.js';
import type { UserRow } from './repository.js';
import type { ResetRow } from './reset-repository.js';
import type { TokenRow } from './token-repository.js';

const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as string).toISOString());

export const phoneField = 'app_user.phone';

/** The phone as every response and audit record shows it: decrypted only to be masked. */
export function maskedPhone(cipher: FieldCipher, phoneEnc: string | null): string | null {
  return phoneEnc ? maskPhone(cipher.decrypt(phoneEnc, phoneField)) : null;
}

export function presentUser(r: UserRow, cipher: FieldCipher): UserAccount {
  const lockedUntil = r.locked_until && new Date(r.locked_until).getTime() > Date.now() ? iso(r.locked_until) : null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    kind: r.kind,
    phone: maskedPhone(cipher, r.phone_enc),
    unit: r.unit_code && r.unit_name && r.unit_level ? { code: r.unit_code, name: r.unit_name, level: r.unit_level } : null,
    department: r.dept_id && r.dept_code && r.dept_name ? { id: r.dept_id, code: r.dept_code, name: r.dept_name } : null,
    status: r.status,
    lockedUntil,
    mustChangePassword: r.must_change_password && !r.is_demo,
    mfaEnabled: r.totp_enabled_at !== null,
    roles: (r.roles ?? []) as Role[],
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** The fields an account change is audited with (before/after), personal data masked. */
export function auditSnapshot(r: UserRow, cipher: FieldCipher) {
  return {
    displayName: r.display_name,
    phone: maskedPhone(cipher, r.phone_enc),
    status: r.status,
    unit: r.unit_code,
    department: r.dept_code,
  };
}

const ref = (id: string | null, username: string | null, displayName: string | null) =>
  id && username && displayName ? { id, username, displayName } : null;

export function presentGrant(r: GrantRow): RoleGrant {
  return {
    id: r.id,
    user: { id: r.user_id, username: r.user_username, displayName: r.user_display_name },
    role: r.role as Role,
    unit: { code: r.unit_code, name: r.unit_name, level: r.unit_level },
    department: r.dept_id && r.dept_code && r.dept_name ? { id: r.dept_id, code: r.dept_code, name: r.dept_name } : null,
    status: r.status,
    reason: r.reason,
    requestedBy: ref(r.rq_id, r.rq_username, r.rq_display_name),
    decidedBy: ref(r.dc_id, r.dc_username, r.dc_display_name),
    decidedAt: iso(r.decided_at),
    revokedBy: ref(r.rv_id, r.rv_username, r.rv_display_name),
    revokedAt: iso(r.revoked_at),
    createdAt: iso(r.created_at)!,
  };
}

/** What an audit record says about a grant. */
export const grantAuditView = (r: GrantRow) => ({ user: r.user_username, role: r.role, unit: r.unit_code, department: r.dept_code, status: r.status });

/** A reset request: who, what kind, its state; the password hash never leaves the database. */
export function presentReset(r: ResetRow): AccountReset {
  return {
    id: r.id,
    user: { id: r.user_id, username: r.user_username, displayName: r.user_display_name },
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    requestedBy: { id: r.requested_by, username: r.rq_username, displayName: r.rq_display_name },
    decidedBy: ref(r.dc_id, r.dc_username, r.dc_display_name),
    decidedAt: iso(r.decided_at),
    createdAt: iso(r.created_at)!,
  };
}

export function presentToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    user: { id: r.user_id, username: r.username },
    createdBy: r.created_by_username,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}
