import { GrantCreateSchema, GrantDecisionSchema, GrantListQuerySchema, RoleGrantListSchema, RoleGrantPageSchema, RoleGrantSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { GrantService } from './grant-service.js';
import { errors, IdParams } from './http-shared.js';

const tags = ['users'];

/** Role grants and their approval (分级审批). */
export const grantRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const grants = new GrantService(ctx);

    app.get('/api/users/:id/grants', { schema: { tags, summary: '账号的授权 Grants of an account', params: IdParams, response: { 200: RoleGrantListSchema, ...errors } } }, async (req) => ({
      items: await grants.forUser(req, req.params.id),
    }));

    app.post(
      '/api/users/:id/grants',
      { schema: { tags, summary: '授予角色 Grant a role (may need approval)', params: IdParams, body: GrantCreateSchema, response: { 201: RoleGrantSchema, ...errors } } },
      async (req, reply) => reply.status(201).send(await grants.create(req, req.params.id, req.body)),
    );

    app.get('/api/grants', { schema: { tags, summary: '授权列表 Grants in scope', querystring: GrantListQuerySchema, response: { 200: RoleGrantPageSchema, ...errors } } }, async (req) =>
      grants.list(req, req.query),
    );

    app.post(
      '/api/grants/:id/approve',
      { schema: { tags, summary: '批准授权 Approve a pending grant', params: IdParams, body: GrantDecisionSchema.nullish(), response: { 200: RoleGrantSchema, ...errors } } },
      async (req) => grants.approve(req, req.params.id, req.body?.note),
    );

    app.post(
      '/api/grants/:id/reject',
      { schema: { tags, summary: '驳回授权 Reject a pending grant', params: IdParams, body: GrantDecisionSchema.nullish(), response: { 200: RoleGrantSchema, ...errors } } },
      async (req) => grants.reject(req, req.params.id, req.body?.note),
    );

    app.delete('/api/grants/:id', { schema: { tags, summary: '撤销授权 Revoke a grant (immediate)', params: IdParams, response: { 200: RoleGrantSchema, ...errors } } }, async (req) =>
      grants.revoke(req, req.params.id),
    );
  };
