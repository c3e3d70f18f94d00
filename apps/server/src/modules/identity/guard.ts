import type { Action } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { can, type Resource, scopePaths } from './policy.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    authProblem: import('@gongzhi/contracts').ErrorCode | null;
  }
}

/** The caller, or 401 with the reason (expired session, bad token, not signed in, unfinished stage). */
export function requirePrincipal(req: FastifyRequest, opts: { allowUnfinished?: boolean } = {}): Principal {
  const p = req.principal;
  if (!p) throw new AppError(req.authProblem ?? 'UNAUTHENTICATED');
  if (!opts.allowUnfinished && p.via.type === 'session' && p.via.stage !== 'active') {
    throw new AppError(p.via.stage === 'password_change' ? 'PASSWORD_CHANGE_REQUIRED' : 'MFA_ENROLLMENT_REQUIRED');
  }
  return p;
}

/**
 * One policy check per action. Denials are audited. A record outside the caller's scope answers
 * 404 (`hideAs404`), so its existence is not confirmed.
 */
export async function authorize(
  ctx: AppContext,
  req: FastifyRequest,
  action: Action,
  resource: Resource & { type?: string; id?: string } = {},
  opts: { hideAs404?: boolean } = {},
): Promise<Principal> {
  const p = requirePrincipal(req);
  if (can(p, action, resource)) return p;
  await ctx.audit.append({
    actorId: p.userId,
    actorName: p.username,
    actingRole: p.grants[0]?.role ?? null,
    action,
    outcome: 'denied',
    resourceType: resource.type ?? null,
    resourceId: resource.id ?? null,
    unitPath: resource.path ?? null,
    ip: req.ip,
    requestId: req.id,
  });
  throw new AppError(opts.hideAs404 ? 'NOT_FOUND' : 'FORBIDDEN');
}

/** The subtrees a list query is limited to; FORBIDDEN when the caller holds the action nowhere. */
export async function listScope(ctx: AppContext, req: FastifyRequest, action: Action): Promise<string[]> {
  const p = await authorize(ctx, req, action);
  return scopePaths(p, action);
}
