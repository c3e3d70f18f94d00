import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { authorize, requirePrincipal } from '../modules/identity/guard.js';
import { can } from '../modules/identity/policy.js';
import { recordPath } from '../modules/identity/record-paths.js';
import type { RoutePolicy } from '../modules/identity/route-policy.js';
import { routePolicies } from '../modules/route-policies.js';
import { AppError } from './app-error.js';

export interface RegisteredRoute {
  method: string;
  url: string;
}
const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered (method, url pattern), for the access-matrix test's completeness check. */
export const registeredRoutes = (app: FastifyInstance): readonly RegisteredRoute[] => registered.get(app) ?? [];

/** The policy of the route a request matched (HEAD follows GET); undefined for routes outside the API. */
export function policyOf(req: FastifyRequest): RoutePolicy | undefined {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return routePolicies[`${method} ${req.routeOptions.url}`];
}

/**
 * Enforces each route's declared policy before its input is validated: who may call it at all
 * (401/403, or 404 where existence is hidden) and, for routes about one record, whether that
 * record lies in the caller's subtree (404). The handlers' own checks stay as a second line.
 */
export function installPolicyGate(app: FastifyInstance, ctx: AppContext): void {
  const table: RegisteredRoute[] = [];
  registered.set(app, table);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) table.push({ method, url: r.url });
  });
  app.addHook('preValidation', async (req) => {
    const policy = policyOf(req);
    if (!policy) return;
    await gate(ctx, req, policy);
  });
}

async function gate(ctx: AppContext, req: FastifyRequest, policy: RoutePolicy): Promise<void> {
  switch (policy.access) {
    case 'public':
      // Anonymous callers pass; a signed-in one must hold the action it would act under.
      if (policy.action && req.principal) {
        requirePrincipal(req);
        if (!holds(req, policy)) await authorize(ctx, req, policy.action);
      }
      return;
    case 'api-key':
      return; // the handler checks the standard's own credential
    case 'signed-in':
      requirePrincipal(req, { allowUnfinished: policy.allowUnfinished });
      return;
    case 'token':
      if (requirePrincipal(req).via.type !== 'token') throw new AppError('FORBIDDEN', '该接口只接受机器接口令牌', undefined, 'This endpoint takes machine API tokens only');
      return;
    case 'staff':
      if (requirePrincipal(req).kind !== 'staff') throw new AppError('FORBIDDEN');
      return;
    case 'action':
      break;
  }
  const p = requirePrincipal(req);
  if (policy.enforce === 'handler') return;
  if (!holds(req, policy)) {
    if (policy.tokenPurpose && p.via.type === 'token') {
      throw new AppError('FORBIDDEN', `该接口令牌没有“${policy.tokenPurpose}”用途`, undefined, `The token lacks the ${policy.tokenPurpose} scope`);
    }
    if (policy.hideAll && policy.scope === 'record' && policy.record) {
      // Hidden alike whether or not the record exists; the refusal is audited against the record when there is one.
      const id = (req.params as Record<string, string>)[policy.param ?? 'id'] ?? '';
      const path = await recordPath(ctx, policy.record, id);
      if (path) await authorize(ctx, req, policy.action!, { path, type: policy.record, id }, { hideAs404: true });
      throw new AppError('NOT_FOUND');
    }
    // authorize audits the refusal and answers 403 (or 404 where even that is hidden).
    await authorize(ctx, req, policy.action!, {}, { hideAs404: policy.hideAll });
    return;
  }
  if (policy.scope === 'district') {
    await authorize(ctx, req, policy.action!, { path: await districtPath(ctx) });
    return;
  }
  if (policy.scope === 'unit' && policy.param) {
    const code = (req.params as Record<string, string>)[policy.param];
    const unit = code ? await ctx.db.selectFrom('jurisdiction_unit').select('path').where('code', '=', code).executeTakeFirst() : undefined;
    if (unit) await authorize(ctx, req, policy.action!, { path: unit.path, type: 'jurisdiction_unit', id: code });
    return;
  }
  if (policy.scope === 'record' && policy.record && policy.action) {
    const id = (req.params as Record<string, string>)[policy.param ?? 'id'];
    if (!id) return;
    const path = await recordPath(ctx, policy.record, id);
    if (path === undefined) return;
    if (path === null) throw new AppError('NOT_FOUND');
    await authorize(ctx, req, policy.action, { path, type: policy.record, id }, { hideAs404: true });
  }
}

const districts = new WeakMap<AppContext, string>();
/** The root of the tree (the district), where district-wide settings are granted. */
async function districtPath(ctx: AppContext): Promise<string> {
  let path = districts.get(ctx);
  if (!path) {
    const root = await ctx.db.selectFrom('jurisdiction_unit').select('path').where('parent_id', 'is', null).orderBy('path').executeTakeFirst();
    if (!root) throw new AppError('UNIT_NOT_FOUND', '尚未导入本区行政区划');
    path = root.path;
    districts.set(ctx, path);
  }
  return path;
}

function holds(req: FastifyRequest, policy: RoutePolicy): boolean {
  const p = req.principal!;
  if (policy.tokenPurpose && p.via.type === 'token' && p.via.scopes.includes(policy.tokenPurpose)) return true;
  if (policy.residents && p.kind === 'resident') return true;
  const actions = [...(policy.action ? [policy.action] : []), ...(policy.anyOf ?? [])];
  return actions.some((a) => can(p, a));
}
