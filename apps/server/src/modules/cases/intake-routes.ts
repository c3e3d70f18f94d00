import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { caseConfigOf } from './config-cache.js';
import { hotlineRoutes } from './hotline/routes.js';
import { CaseIntakeService } from './intake-service.js';
import { iotRoutes } from './iot/routes.js';
import { photoRoutes } from './photos/routes.js';

/**
 * The extra intake channels: photo uploads, 12345 spreadsheet imports, IoT alarms. Each is its own
 * encapsulated plugin, so the raw-body parsers and limits of one never reach another route.
 */
export const caseIntakeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const intake = new CaseIntakeService(ctx, caseConfigOf(ctx));
    await app.register(photoRoutes(ctx));
    await app.register(hotlineRoutes(ctx, intake));
    await app.register(iotRoutes(ctx, intake));
  };
