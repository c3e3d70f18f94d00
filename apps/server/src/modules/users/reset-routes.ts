import { AccountResetListQuerySchema, AccountResetPageSchema, AccountResetSchema, ResetDecisionSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { errors, IdParams } from './http-shared.js';
import { ResetService } from './reset-service.js';

const tags = ['users'];

/** Resets of administrator accounts waiting for a second security administrator (三权分立). */
export const resetRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const resets = new ResetService(ctx);

    app.get(
      '/api/account-resets',
      { schema: { tags, summary: '账号重置申请 Reset requests in scope', querystring: AccountResetListQuerySchema, response: { 200: AccountResetPageSchema, ...errors } } },
      async (req) => resets.list(req, req.query),
    );

    app.post(
      '/api/account-resets/:id/approve',
      { schema: { tags, summary: '批准重置 Approve a reset (it takes effect)', params: IdParams, body: ResetDecisionSchema.nullish(), response: { 200: AccountResetSchema, ...errors } } },
      async (req) => resets.approve(req, req.params.id, req.body?.note),
    );

    app.post(
      '/api/account-resets/:id/reject',
      { schema: { tags, summary: '驳回重置 Reject a reset (it is discarded)', params: IdParams, body: ResetDecisionSchema.nullish(), response: { 200: AccountResetSchema, ...errors } } },
      async (req) => resets.reject(req, req.params.id, req.body?.note),
    );
  };
