import { AppMetaSchema, HealthSchema } from '@gongzhi/contracts';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { version } from '../../version.js';

export const systemRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/meta',
      { schema: { tags: ['system'], summary: '前端运行配置 Public runtime settings', response: { 200: AppMetaSchema } } },
      async () => {
        const root = await ctx.db.selectFrom('jurisdiction_unit').select(['code', 'name']).where('parent_id', 'is', null).executeTakeFirst();
        return { product: '共治 Gongzhi', version, district: root ?? null, tileUrl: ctx.config.tileUrl ?? null };
      },
    );

    app.get(
      '/api/health',
      { schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: HealthSchema, 503: HealthSchema } } },
      async (_req, reply) => {
        const body = {
          status: 'ok' as 'ok' | 'degraded',
          database: ctx.dbKind === 'embedded' ? ('embedded' as const) : ('postgres' as const),
          version,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
        };
        try {
          await sql`select 1`.execute(ctx.db);
        } catch {
          body.status = 'degraded';
          return reply.status(503).header('retry-after', '5').send(body);
        }
        return body;
      },
    );
  };
