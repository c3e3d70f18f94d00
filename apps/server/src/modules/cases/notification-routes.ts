import { CaseNotificationListQuerySchema, CaseNotificationPageSchema, CaseNotificationSchema, ErrorBodySchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requirePrincipal } from '../identity/guard.js';
import { CaseNotificationService } from './notification-service.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const IdParams = z.object({ id: z.string().regex(/^[1-9]\d{0,15}$/, '提醒编号不正确') });

/** /api/cases/notifications: the deadline job's notices (黄灯, 超期, 签收超时, 升级督办) in the caller's scope. */
export const caseNotificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const service = new CaseNotificationService(ctx);

    app.get(
      '/api/cases/notifications',
      {
        schema: {
          tags: ['cases'],
          summary: '时限提醒 Deadline notices in scope (newest first)',
          querystring: CaseNotificationListQuerySchema,
          response: { 200: CaseNotificationPageSchema, ...errors },
        },
      },
      async (req) => service.list(requirePrincipal(req), req.query),
    );

    app.post(
      '/api/cases/notifications/:id/read',
      {
        schema: {
          tags: ['cases'],
          summary: '标记已读 Mark a notice read',
          params: IdParams,
          response: { 200: CaseNotificationSchema, ...errors },
        },
      },
      async (req) => service.markRead(requirePrincipal(req), req.params.id),
    );
  };
