import { ErrorBodySchema, LngLatQuerySchema, LocateResultSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';

export const geoRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/geo/locate',
      {
        schema: {
          tags: ['geo'],
          summary: '坐标定位到网格 Locate a point (WGS84) to its grid',
          querystring: LngLatQuerySchema,
          response: { 200: LocateResultSchema, 400: ErrorBodySchema, 422: ErrorBodySchema },
        },
      },
      async (req) => {
        const { lng, lat } = req.query;
        const found = ctx.locator.locate(lng, lat);
        if (!found) {
          throw new AppError('OUTSIDE_JURISDICTION', `坐标 (${lng}, ${lat}) 不在本辖区范围内`, { lng, lat });
        }
        return found;
      },
    );
  };
