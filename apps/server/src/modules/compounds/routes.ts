import { type Compound, type CompoundType, CompoundListQuerySchema, CompoundPageSchema, ErrorBodySchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { listScope } from '../identity/guard.js';
import { decodeCursor, encodeCursor, isString } from '../../lib/cursor.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { CompoundRepository } from './repository.js';

export const compoundRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new CompoundRepository(ctx.db);
    const units = new JurisdictionRepository(ctx.db);

    app.get(
      '/api/compounds',
      {
        schema: {
          tags: ['compounds'],
          summary: '小区列表 List compounds',
          querystring: CompoundListQuerySchema,
          response: { 200: CompoundPageSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
        },
      },
      async (req) => {
        const scope = await listScope(ctx, req, 'compound.read');
        const { unit, type, q, limit, cursor } = req.query;
        let path: string | undefined;
        if (unit) {
          const u = await units.findByCode(unit);
          if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${unit} 的区划或网格`);
          path = u.path;
        }
        const rows = await repo.list({ scope, path, type, q, limit, after: decodeCursor(cursor, isString) });
        const page = rows.slice(0, limit);
        const items: Compound[] = page.map((r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          type: r.type as CompoundType,
          neighborhood: { code: r.n_code, name: r.n_name, level: 'neighborhood' },
          grid: r.g_code && r.g_name ? { code: r.g_code, name: r.g_name, level: 'grid' } : null,
          address: r.address,
          yearBuilt: r.year_built,
          buildingCount: Number(r.building_count),
          householdCount: r.household_count,
          location: [r.lng, r.lat],
        }));
        return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.code) : null };
      },
    );
  };
