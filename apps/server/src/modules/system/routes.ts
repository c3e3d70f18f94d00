import { AppMetaSchema, ErrorBodySchema, HealthSchema } from '@gongzhi/contracts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { version } from '../../version.js';
import { pingDatabase } from '../../db/database.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';

export const systemRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/meta',
      { schema: { tags: ['system'], summary: '前端运行配置 Public runtime settings', response: { 200: AppMetaSchema } } },
      async () => {
        const root = await new JurisdictionRepository(ctx.db).findRoot();
        return { product: '共治 Gongzhi', version, district: root ? { code: root.code, name: root.name } : null, tileUrl: ctx.config.tileUrl ?? null };
      },
    );

    // 503 also admits the error body: an error raised before the handler (by a hook) is answered by the
    // error handler, and a body that failed this schema would turn a 503 into a 500.
    app.get(
      '/api/health',
      { schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: HealthSchema, 503: z.union([HealthSchema, ErrorBodySchema]) } } },
      async (_req, reply) => {
        const body = {
          status: 'ok' as 'ok' | 'degraded',
          database: ctx.dbKind === 'embedded' ? ('embedded' as const) : ('postgres' as const),
          version,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
        };
        try {
          await pingDatabase(ctx.db);
        } catch {
          body.status = 'degraded';
          return reply.status(503).header('retry-after', '5').send(body);
        }
        return body;
      },
    );
  };
