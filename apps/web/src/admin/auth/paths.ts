import type { Action, Me, Role } from '@gongzhi/contracts';

/**
 * The console's pages and the permission each needs, in menu order (router paths, without /admin).
 * `roles`: a home only for these roles (dispatchers and handlers hold the same case permissions
 * but work on different screens).
 */
export const pagePermissions: { path: string; action: Action; roles?: readonly Role[] }[] = [
  { path: '/grid/patrol', action: 'case.create', roles: ['grid_worker'] },
  { path: '/workbench', action: 'case.act', roles: ['subdistrict_dispatcher', 'district_admin'] },
  { path: '/inbox', action: 'case.act', roles: ['department_handler'] },
  { path: '/jurisdictions', action: 'jurisdiction.read' },
  { path: '/users', action: 'user.read' },
  { path: '/tokens', action: 'api_token.manage' },
  { path: '/audit', action: 'audit.read' },
  { path: '/dashboards', action: 'case.read' },
  { path: '/community/ledgers', action: 'ledger.read' },
  { path: '/community/compounds', action: 'resident.read' },
  { path: '/community/verification', action: 'verification.work' },
  { path: '/governance', action: 'governance.read' },
  { path: '/community/import', action: 'resident.import' },
];

/** The roles of a signed-in user (from its grants). */
export const rolesOf = (me: Pick<Me, 'grants'> | null | undefined): Role[] => [...new Set((me?.grants ?? []).map((g) => g.role))];

/**
 * The first page the user may open: a dispatcher lands on the workbench, a department handler on
 * its inbox, the audit admin on the audit trail, never on a refusal.
 */
export function homePath(permissions: readonly Action[], roles: readonly Role[] = []): string | null {
  return pagePermissions.find((p) => permissions.includes(p.action) && (!p.roles || p.roles.some((r) => roles.includes(r))))?.path ?? null;
}

/** homePath for a signed-in user. */
export const homeOf = (me: Pick<Me, 'permissions' | 'grants'>): string | null => homePath(me.permissions, rolesOf(me));

/** The sign-in page remembering where the user was heading. */
export function loginPath(target?: string): string {
  const next = safeNext(target ?? null);
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** Only in-console paths are followed after sign-in, never an outside URL nor a sign-in step. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !/^\/(login|mfa)\b|^\/password\?forced/.test(next) ? next : null;
}

/** Where a session with an unfinished stage must go first (keeping the target); null when done. */
export function stagePath(stage: Me['stage'], next?: string | null): string | null {
  // The voluntary password page is no target after the forced change that precedes it.
  const keep = safeNext(next ?? null)?.replace(/^\/password\b.*/, '') || null;
  const tail = keep && keep !== '/' ? `next=${encodeURIComponent(keep)}` : '';
  if (stage === 'password_change') return `/password?forced=1${tail ? '&' + tail : ''}`;
  if (stage === 'mfa_enrollment') return `/mfa${tail ? '?' + tail : ''}`;
  return null;
}

/**
 * Other apps of the site that sign in through the console (the big screen at /screen/): a `next`
 * pointing there is followed with a page load, not as a console route.
 */
export function isOtherApp(target: string | null | undefined): target is string {
  return !!target && /^\/(screen|portal)(\/|\?|$)/.test(target);
}
