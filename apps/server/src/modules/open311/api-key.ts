import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { authenticate } from '../identity/authenticate.js';
import type { Principal } from '../identity/principal.js';
import { Open311Error } from './errors.js';

export const OPEN311_SCOPE = 'open311';

/**
 * The caller of a POST: `api_key` (body or query, as GeoReport clients send it) or an
 * `Authorization: Bearer` token, verified like every API token (hash lookup, revocation, expiry,
 * active account) and required to carry the `open311` scope. Anything else is the spec's 403.
 */
export async function open311Caller(ctx: AppContext, req: FastifyRequest, apiKey: string | undefined): Promise<Principal> {
  let principal: Principal | null = null;
  if (apiKey) principal = (await authenticate(ctx, undefined, apiKey)).principal;
  else if (req.principal?.via.type === 'token') principal = req.principal;
  if (!principal) {
    throw apiKey || req.headers.authorization
      ? new Open311Error(403, 'api_key 无效或已吊销，无法提交诉求', "Invalid api_key received -- can't proceed with create_request")
      : new Open311Error(403, '缺少 api_key，无法提交诉求', "Missing api_key -- can't proceed with create_request");
  }
  if (principal.via.type !== 'token' || !principal.via.scopes.includes(OPEN311_SCOPE)) {
    throw new Open311Error(403, '该 api_key 没有 Open311 提交权限（open311）', 'This api_key lacks the open311 scope');
  }
  return principal;
}
