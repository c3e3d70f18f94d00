import {
  UnitChildrenSchema,
  UnitCodeParamsSchema,
  UnitDetailSchema,
  UnitFeatureCollectionSchema,
  UnitGeometryQuerySchema,
  UnitSearchQuerySchema,
  UnitSearchResultSchema,
  ErrorBodySchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { authorize } from '../identity/guard.js';
import { presentDetail, presentGeometries, unitRef } from './presenter.js';
import { JurisdictionRepository, type UnitInfo } from './repository.js';

const tags = ['jurisdiction'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

export const jurisdictionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new JurisdictionRepository(ctx.db);
    // The tree and its boundaries are reference geography: every signed-in staff role sees the
    // whole district (a dispatcher needs the neighbours on the map); records in it are scoped.
    app.addHook('preHandler', async (req) => {
      await authorize(ctx, req, 'jurisdiction.read');
    });

    const mustFind = async (code: string): Promise<UnitInfo> => {
      const u = await repo.findByCode(code);
      if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${code} 的区划或网格`);
      return u;
    };
    const detail = async (u: UnitInfo) => presentDetail(u, await repo.ancestors(u.path), await repo.subtreeCounts(u.path));

    app.get(
      '/api/jurisdictions/root',
      { schema: { tags, summary: '本区（树的根）Root unit', response: { 200: UnitDetailSchema, ...errors } } },
      async () => {
        const root = await repo.findRoot();
        if (!root) throw new AppError('UNIT_NOT_FOUND', '尚未初始化辖区数据，请运行 npx gongzhi seed');
        return detail(root);
      },
    );

    app.get(
      '/api/jurisdictions/search',
      { schema: { tags, summary: '按名称或代码查找 Search units', querystring: UnitSearchQuerySchema, response: { 200: UnitSearchResultSchema, ...errors } } },
      async (req) => {
        const { q, level, limit } = req.query;
        const found = await repo.search(q, level, limit);
        const ancestors = await repo.ancestorsOfMany(found.map((f) => f.path));
        return { items: found.map((f) => ({ ...unitRef(f), ancestors: (ancestors.get(f.path) ?? []).map(unitRef) })) };
      },
    );

    app.get(
      '/api/jurisdictions/:code',
      { schema: { tags, summary: '区划详情 Unit detail', params: UnitCodeParamsSchema, response: { 200: UnitDetailSchema, ...errors } } },
      async (req) => detail(await mustFind(req.params.code)),
    );

    app.get(
      '/api/jurisdictions/:code/children',
      { schema: { tags, summary: '下级区划 Children', params: UnitCodeParamsSchema, response: { 200: UnitChildrenSchema, ...errors } } },
      async (req) => {
        const u = await mustFind(req.params.code);
        const rows = await repo.children(u.id);
        return { items: rows.map((r) => ({ ...unitRef(r), childCount: Number(r.child_count) })) };
      },
    );

    app.get(
      '/api/jurisdictions/:code/geometry',
      {
        schema: {
          tags,
          summary: '边界（GeoJSON）Boundary as GeoJSON',
          params: UnitCodeParamsSchema,
          querystring: UnitGeometryQuerySchema,
          response: { 200: UnitFeatureCollectionSchema, ...errors },
        },
      },
      async (req, reply) => {
        const u = await mustFind(req.params.code);
        const rows = await repo.geometries(u.id, req.query.children, req.query.level ? { path: u.path, level: req.query.level } : undefined);
        void reply.type('application/geo+json; charset=utf-8');
        return presentGeometries(u.id, rows);
      },
    );
  };
