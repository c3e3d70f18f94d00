import type { ErrorCode } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import type { Principal } from './principal.js';
import { principalCacheOf } from './principal-cache.js';
import { IdentityRepository } from './repository.js';
import { hashSecret } from './session-tokens.js';

export type Authentication = { principal: Principal } | { principal: null; problem: ErrorCode | null };

/** Touching last_seen at most once a minute keeps idle tracking without a write per request. */
const touchEveryMs = 60_000;

/** A session cookie or a bearer token → the principal, or why there is none. */
export async function authenticate(ctx: AppContext, cookieToken: string | undefined, bearer: string | undefined): Promise<Authentication> {
  const key = bearer ? `b:${hashSecret(bearer)}` : cookieToken ? `c:${hashSecret(cookieToken)}` : null;
  if (!key) return { principal: null, problem: null };
  const cache = principalCacheOf(ctx);
  const cached = cache.get(key);
  if (cached) return { principal: cached };
  const mark = cache.mark();
  const result = await lookUp(ctx, cookieToken, bearer);
  if (result.principal) cache.set(key, result.principal, mark);
  return result;
}

async function lookUp(ctx: AppContext, cookieToken: string | undefined, bearer: string | undefined): Promise<Authentication> {
  const repo = new IdentityRepository(ctx.db);
  if (bearer) {
    const t = await repo.tokenByHash(hashSecret(bearer));
    if (!t || t.revoked_at || (t.expires_at && new Date(t.expires_at) < new Date())) return { principal: null, problem: 'TOKEN_INVALID' };
    const user = await repo.userById(t.user_id);
    if (!user || user.status !== 'active') return { principal: null, problem: 'TOKEN_INVALID' };
    if (!t.last_used_at || Date.now() - new Date(t.last_used_at).getTime() > touchEveryMs) await repo.touchToken(t.id);
    return { principal: await principalOf(repo, user, { type: 'token', tokenId: t.id, scopes: t.scopes }) };
  }
  if (!cookieToken) return { principal: null, problem: null };
  const s = await repo.sessionPrincipal(hashSecret(cookieToken));
  if (!s) return { principal: null, problem: 'SESSION_EXPIRED' };
  const now = Date.now();
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  if (new Date(s.expires_at).getTime() <= now || new Date(s.last_seen_at).getTime() + idleMs <= now || s.status !== 'active') {
    await repo.revokeSession(s.id);
    return { principal: null, problem: 'SESSION_EXPIRED' };
  }
  if (now - new Date(s.last_seen_at).getTime() > touchEveryMs) await repo.touchSession(s.id);
  return {
    principal: {
      userId: s.user_id,
      username: s.username,
      displayName: s.display_name,
      kind: s.kind,
      grants: s.grants,
      via: { type: 'session', sessionId: s.id, csrfToken: s.csrf_token, stage: s.stage },
    },
  };
}

async function principalOf(
  repo: IdentityRepository,
  user: { id: string; username: string; display_name: string; kind: Principal['kind'] },
  via: Principal['via'],
): Promise<Principal> {
  return { userId: user.id, username: user.username, displayName: user.display_name, kind: user.kind, grants: await repo.activeGrants(user.id), via };
}
