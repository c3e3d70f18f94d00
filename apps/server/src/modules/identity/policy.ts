import { type Action, type Role, globalActions, rolePermissions } from '@gongzhi/contracts';
import type { Grant, Principal } from './principal.js';

/** What an action is done to: anything placed in the tree carries its path. */
export interface Resource {
  path?: string | null;
  /** The user a resource is about (e.g. a role grant's grantee), for rules about oneself. */
  ownerUserId?: string | null;
}

/** `a` is `b` or lies below it in the tree. */
export function withinPath(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

const grantsFor = (p: Principal, action: Action): Grant[] => p.grants.filter((g) => rolePermissions[g.role].includes(action));

/**
 * The one decision for every action: some grant of the principal holds the action, and the
 * resource lies in that grant's subtree (global actions need no place).
 */
export function can(p: Principal | null, action: Action, resource: Resource = {}): boolean {
  if (!p) return false;
  if (p.via.type === 'session' && p.via.stage !== 'active') return false;
  const grants = grantsFor(p, action);
  if (grants.length === 0) return false;
  if (globalActions.includes(action)) return true;
  if (resource.path === undefined) return true; // a list: scope is applied by scopePaths in SQL
  if (resource.path === null) return false;
  return grants.some((g) => withinPath(resource.path!, g.path));
}

/**
 * The subtrees a principal may act on for an action, for list queries (`path <@ ANY($paths)`).
 * Nested grants collapse to the outermost; an empty list means nothing is visible.
 */
export function scopePaths(p: Principal | null, action: Action): string[] {
  if (!p || !can(p, action)) return [];
  const paths = [...new Set(grantsFor(p, action).map((g) => g.path))].sort((a, b) => a.length - b.length);
  return paths.filter((path, i) => !paths.slice(0, i).some((outer) => withinPath(path, outer)));
}

/** 三权分立 and least privilege in granting: who may grant which role. */
export function canGrant(granter: Principal | null, grantee: { userId: string }, role: Role, path: string): { ok: true } | { ok: false; reason: string } {
  if (!can(granter, 'role.grant', { path })) return { ok: false, reason: '没有在该辖区授予角色的权限' };
  if (granter!.userId === grantee.userId) return { ok: false, reason: '不能给自己授予角色' };
  if (role === 'security_admin' && !granter!.grants.some((g) => g.role === 'security_admin' && g.path.split('.').length === 1)) {
    return { ok: false, reason: '只有区级安全管理员可以授予安全管理员角色' };
  }
  return { ok: true };
}

/** Grants that need a second person's approval (分级审批): administrator roles, and any grant at or above the configured level. */
export function needsApproval(role: Role, path: string, level: 'district' | 'subdistrict' | 'neighborhood' | 'grid' | 'none'): boolean {
  if (['system_admin', 'security_admin', 'audit_admin', 'district_admin'].includes(role)) return true;
  if (level === 'none') return false;
  const depth = { district: 1, subdistrict: 2, neighborhood: 3, grid: 4 }[level];
  return path.split('.').length <= depth;
}

export const primaryRole = (p: Principal): Role | null => p.grants[0]?.role ?? null;
