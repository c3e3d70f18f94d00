import { ApiTokenCreatedSchema, ApiTokenCreateSchema, ApiTokenListSchema, ApiTokenSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errors, IdParams } from './http-shared.js';
import { TokenService } from './token-service.js';

const tags = ['users'];

/** Machine tokens (system administrator): the secret is in the create response only. */
export const tokenRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tokens = new TokenService(ctx);

    app.get('/api/tokens', { schema: { tags, summary: '接口令牌 List API tokens', response: { 200: ApiTokenListSchema, ...errors } } }, async (req) => ({ items: await tokens.list(req) }));

    app.post(
      '/api/tokens',
      { schema: { tags, summary: '创建接口令牌 Create an API token (shown once)', body: ApiTokenCreateSchema, response: { 201: ApiTokenCreatedSchema, ...errors } } },
      async (req, reply) => reply.status(201).send(await tokens.create(req, req.body)),
    );

    app.delete('/api/tokens/:id', { schema: { tags, summary: '吊销接口令牌 Revoke an API token', params: IdParams, response: { 200: ApiTokenSchema, ...errors } } }, async (req) =>
      tokens.revoke(req, req.params.id),
    );
  };
