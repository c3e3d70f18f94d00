import { type Action, type Me, maskPhone, rolePermissions } from '@gongzhi/contracts';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import type { Principal } from './principal.js';

/** The signed-in user's own view: grants, permissions, the CSRF token; the phone masked. */
export function presentMe(
  p: Principal,
  user: { phone_enc: string | null; totp_enabled_at: unknown },
  cipher: FieldCipher,
  session: { id: string; expiresAt: Date } | null,
  idleMinutes: number,
): Me {
  const permissions = [...new Set(p.grants.flatMap((g) => rolePermissions[g.role]))].sort() as Action[];
  const stage = p.via.type === 'session' ? p.via.stage : 'active';
  return {
    user: {
      id: p.userId,
      username: p.username,
      displayName: p.displayName,
      kind: p.kind,
      phone: user.phone_enc ? maskPhone(cipher.decrypt(user.phone_enc, 'app_user.phone')) : null,
      mfaEnabled: Boolean(user.totp_enabled_at),
    },
    stage,
    grants: p.grants.map((g) => ({
      id: g.id,
      role: g.role,
      unit: { code: g.unitCode, name: g.unitName, level: (['district', 'subdistrict', 'neighborhood', 'grid'] as const)[Math.min(3, g.path.split('.').length - 1)]! },
      department: g.departmentId && g.departmentName ? { id: g.departmentId, name: g.departmentName } : null,
    })),
    // Until the session has passed every stage it may do nothing but finish them.
    permissions: stage === 'active' ? permissions : [],
    csrfToken: p.via.type === 'session' ? p.via.csrfToken : null,
    session: session ? { id: session.id, expiresAt: session.expiresAt.toISOString(), idleMinutes } : null,
  };
}
