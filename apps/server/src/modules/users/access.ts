import { type Action, type Role, adminRoles, rolePermissions } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import type { AuditEntry } from '../audit/writer.js';
import { authorize } from '../identity/guard.js';
import type { Principal } from '../identity/principal.js';
import { UserRepository, type UserRow } from './repository.js';

/** The role under which the principal does an action (the first grant that holds it), for the audit trail. */
export const actingRole = (p: Principal, action: Action): Role | null => p.grants.find((g) => rolePermissions[g.role].includes(action))?.role ?? null;

/** Who, as what, from where: the part of an audit record every write here shares. */
export const auditBase = (req: FastifyRequest, p: Principal, action: Action): Omit<AuditEntry, 'action'> => ({
  actorId: p.userId,
  actorName: p.username,
  actingRole: actingRole(p, action),
  ip: req.ip,
  requestId: req.id,
});

/**
 * An account the caller may act on, placed by its unit's path.
 * Reads hide every refusal as 404: whether an account exists is itself personal data.
 * Writes first answer 403 when the caller holds the action nowhere (which says nothing about the
 * account), then 404 when the account lies outside the caller's subtree.
 */
export async function accountInScope(ctx: AppContext, req: FastifyRequest, id: string, action: 'user.read' | 'user.manage' | 'role.grant'): Promise<{ p: Principal; row: UserRow }> {
  if (action !== 'user.read') await authorize(ctx, req, action);
  const row = await new UserRepository(ctx.db).byId(id);
  // The same answer authorize gives for an account out of scope, so the two cannot be told apart.
  if (!row) throw new AppError('NOT_FOUND');
  // A grant needs the account to be visible too: granting to someone one cannot see is refused as not found.
  if (action === 'role.grant') await authorize(ctx, req, 'user.read', { path: row.unit_path, type: 'user', id }, { hideAs404: true });
  const p = await authorize(ctx, req, action, { path: row.unit_path, type: 'user', id }, { hideAs404: true });
  return { p, row };
}

/** Administrators do not act on their own account here: no self-disabling, self-reset or self-grant. */
export function refuseSelf(p: Principal, userId: string, what: string): void {
  if (p.userId === userId) throw new AppError('FORBIDDEN', `不能对自己的账号${what}`, undefined, `You cannot do this to your own account`);
}

/**
 * 三权分立: one person never holds two of the system, security and audit administrator roles
 * (live or pending), else the separation the three roles exist for is gone.
 */
export function separationConflict(heldRoles: readonly string[], role: Role): Role | null {
  if (!adminRoles.includes(role)) return null;
  return (heldRoles.find((r) => r !== role && adminRoles.includes(r as Role)) as Role | undefined) ?? null;
}
