import type { Action } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { authorize } from '../identity/guard.js';
import type { Principal } from '../identity/principal.js';

/** Who does a 社区云 change, for history, audit and the request trail. */
export interface Caller {
  principal: Principal;
  ip: string;
  requestId: string;
}

/**
 * One record's access in two steps: the caller must hold the action somewhere (else 403: a grid
 * worker asking to write), and the record must lie in that action's subtree (else 404, so the
 * answer does not confirm the record exists elsewhere). Both refusals are audited by `authorize`.
 */
export async function authorizeRecord(
  ctx: AppContext,
  req: FastifyRequest,
  action: Action,
  record: { path: string; id: string; type: string } | null | undefined,
): Promise<Caller> {
  await authorize(ctx, req, action);
  if (!record) throw new AppError('NOT_FOUND');
  const principal = await authorize(ctx, req, action, { path: record.path, type: record.type, id: record.id }, { hideAs404: true });
  return { principal, ip: req.ip, requestId: req.id };
}

/** Today in Shanghai ('YYYY-MM-DD'): ages and "not in the future" are judged on the local day. */
export const shanghaiToday = (now = Date.now()): string => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

/** The audit fields every 社区云 write shares. */
export function auditBase(c: Caller) {
  return { actorId: c.principal.userId, actorName: c.principal.username, actingRole: c.principal.grants[0]?.role ?? null, ip: c.ip, requestId: c.requestId };
}
