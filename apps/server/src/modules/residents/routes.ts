import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { buildingRoutes } from './building-routes.js';
import { compoundDetailRoutes } from './compound-routes.js';
import { householdRoutes } from './household-routes.js';
import { residentRoutes } from './resident-routes.js';

/** 社区云 core data: compound and building detail, households, residents. */
export const residentModuleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(compoundDetailRoutes(ctx));
    await app.register(buildingRoutes(ctx));
    await app.register(householdRoutes(ctx));
    await app.register(residentRoutes(ctx));
  };
