import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { langOf } from '../../http/lang.js';
import { discovery } from './discovery.js';
import { installOpen311Errors } from './errors.js';
import { type Format, formats, sendDocument } from './format.js';
import {
  CommonQuerySchema,
  DiscoverySchema,
  ErrorListSchema,
  RequestIdParamsSchema,
  RequestListQuerySchema,
  RequestQuerySchema,
  ServiceCodeParamsSchema,
  ServiceDefinitionSchema,
  ServiceListSchema,
  ServiceRequestListSchema,
  TokenParamsSchema,
  TokenResultSchema,
} from './schemas.js';
import { Open311Service, type ReadOptions } from './service.js';

const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/**
 * Open311 GeoReport v2 at /open311/v2/: each resource as `.json` and `.xml`. Only the JSON variant
 * appears in the OpenAPI document (the XML one carries the same data). Errors answer in the
 * spec's format (errors.ts), not the platform's.
 */
export const open311Routes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const service = new Open311Service(ctx);

    const scope: FastifyPluginAsyncZod = async (v2) => {
      installOpen311Errors(v2);
      const errors = { 400: ErrorListSchema, 403: ErrorListSchema, 404: ErrorListSchema, 422: ErrorListSchema, 500: ErrorListSchema, 503: ErrorListSchema };
      const doc = (format: Format, summary: string, ok: z.ZodType) =>
        format === 'json' ? { tags: ['open311'], summary, response: { 200: ok, ...errors } } : { hide: true };
      const read = (req: FastifyRequest, extensions = false): ReadOptions => ({
        lang: langOf(req),
        extensions,
        mediaUrl: (id) => `${baseUrl(req)}/open311/v2/media/${id}`,
      });

      for (const format of formats) {
        v2.get(`/discovery.${format}`, { schema: { ...doc(format, 'Open311 服务发现 Service discovery', DiscoverySchema), querystring: CommonQuerySchema } }, async (req, reply) =>
          sendDocument(reply, format, 'discovery', discovery(baseUrl(req), langOf(req))),
        );

        v2.get(`/services.${format}`, { schema: { ...doc(format, 'Open311 服务（问题分类）列表 Service list', ServiceListSchema), querystring: CommonQuerySchema } }, async (req, reply) =>
          sendDocument(reply, format, 'services', await service.services(langOf(req))),
        );

        v2.get(
          `/services/:service_code.${format}`,
          { schema: { ...doc(format, 'Open311 服务定义 Service definition', ServiceDefinitionSchema), params: ServiceCodeParamsSchema, querystring: CommonQuerySchema } },
          async (req, reply) => sendDocument(reply, format, 'service_definition', await service.definition(req.params.service_code, langOf(req))),
        );

        v2.get(
          `/requests.${format}`,
          { schema: { ...doc(format, 'Open311 诉求查询 Service requests', ServiceRequestListSchema), querystring: RequestListQuerySchema } },
          async (req, reply) => sendDocument(reply, format, 'service_requests', await service.requests(req.query, read(req, req.query.extensions))),
        );

        v2.get(
          `/requests/:service_request_id.${format}`,
          { schema: { ...doc(format, 'Open311 单个诉求 One service request', ServiceRequestListSchema), params: RequestIdParamsSchema, querystring: RequestQuerySchema } },
          async (req, reply) => sendDocument(reply, format, 'service_requests', await service.request(req.params.service_request_id, read(req, req.query.extensions))),
        );

        v2.get(
          `/tokens/:token.${format}`,
          { schema: { ...doc(format, 'Open311 令牌查询 Request id from a token', TokenResultSchema), params: TokenParamsSchema, querystring: CommonQuerySchema } },
          async (req, reply) => sendDocument(reply, format, 'service_requests', await service.token(req.params.token)),
        );
      }
    };
    await app.register(scope, { prefix: '/open311/v2' });
  };
