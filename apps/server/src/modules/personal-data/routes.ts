import { ErrorBodySchema, RevealRequestSchema, RevealResponseSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requirePrincipal } from '../identity/guard.js';
import { RevealService } from './reveal-service.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema };

export const personalDataRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const service = new RevealService(ctx);

    app.post(
      '/api/personal-data/reveal',
      {
        schema: {
          tags: ['personal-data'],
          summary: '查看个人信息明文 Reveal one personal field',
          description: '需要“查看个人信息明文”权限且记录在本人辖区内；必须说明原因；每次查看（及被拒绝的尝试）均记入审计，并按小时限次。',
          body: RevealRequestSchema,
          response: { 200: RevealResponseSchema, ...errors },
        },
        // Validation runs in the handler, so a request without a reason is audited like any refusal.
        attachValidation: true,
        // A flood guard (each refusal writes an audit row); the hourly reveal limit is counted per user in the use case.
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      async (req) => {
        const p = requirePrincipal(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const call = { request: body, ip: req.ip, requestId: req.id };
        await service.requireAction(p, call);
        if (req.validationError) {
          await service.refuseInvalid(p, call);
          throw req.validationError;
        }
        return service.reveal(p, { ...call, request: req.body });
      },
    );
  };
