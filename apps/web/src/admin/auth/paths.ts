import type { Action, Me, Role } from '@gongzhi/contracts';

/** The console's pages and the permission each needs, in menu order (router paths, without /admin). */
export const pagePermissions: { path: string; action: Action }[] = [
  { path: '/jurisdictions', action: 'jurisdiction.read' },
  { path: '/users', action: 'user.read' },
  { path: '/tokens', action: 'api_token.manage' },
  { path: '/audit', action: 'audit.read' },
  { path: '/dashboards', action: 'case.read' },
];

/** Roles whose day starts on a page of their own (the grid worker's phone pages), before the menu order. */
export const roleHomes: { role: Role; path: string; action: Action }[] = [{ role: 'grid_worker', path: '/grid/patrol', action: 'case.create' }];

/** The first page the user may open: the audit admin lands on the audit trail, not on a refusal. */
export function homePath(permissions: readonly Action[], roles: readonly Role[] = []): string | null {
  const own = roleHomes.find((h) => roles.includes(h.role) && permissions.includes(h.action));
  return own?.path ?? pagePermissions.find((p) => permissions.includes(p.action))?.path ?? null;
}

/** The roles of a signed-in user's grants, for homePath. */
export const rolesOf = (me: Pick<Me, 'grants'>): Role[] => me.grants.map((g) => g.role);

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
