import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { langOf } from '../../http/lang.js';
import { discovery } from './discovery.js';
import { installOpen311Errors } from './errors.js';
import { type Format, formats, sendDocument } from './format.js';
import { Open311Intake } from './intake.js';
import { parseForm } from './post-input.js';
import {
  CommonQuerySchema,
  DiscoverySchema,
  ErrorListSchema,
  MediaParamsSchema,
  PostResultSchema,
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
    const intake = new Open311Intake(ctx);

    const scope: FastifyPluginAsyncZod = async (v2) => {
      installOpen311Errors(v2);
      // The spec's POST body is form-encoded (UTF-8); JSON is parsed by fastify as usual; plain text
      // would only arrive as a body without an api_key, so it is refused as the wrong media type.
      v2.removeContentTypeParser('text/plain');
      v2.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));
      const errors = Object.fromEntries([400, 403, 404, 409, 413, 415, 422, 500, 503].map((s) => [s, ErrorListSchema]));
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

        v2.post(
          `/requests.${format}`,
          {
            schema: {
              ...doc(format, 'Open311 提交诉求 Create a service request (form-encoded or JSON; api_key required)', PostResultSchema),
              description:
                'Fields as in GeoReport v2: api_key, service_code, lat & long (or address_string / address_id = a compound code), description, attribute[case_type] (required), attribute[title], attribute[contact_consent], first_name, last_name, phone, email (not kept), media_url. An Idempotency-Key header is honoured.',
            },
          },
          async (req, reply) => sendDocument(reply, format, 'service_requests', await intake.create(req, langOf(req))),
        );

        v2.get(
          `/tokens/:token.${format}`,
          { schema: { ...doc(format, 'Open311 令牌查询 Request id from a token', TokenResultSchema), params: TokenParamsSchema, querystring: CommonQuerySchema } },
          async (req, reply) => sendDocument(reply, format, 'service_requests', await service.token(req.params.token)),
        );
      }

      // media_url of requests with a photo: the stored image (already checked and stripped of metadata at upload).
      v2.get('/media/:photo_id', { schema: { hide: true, params: MediaParamsSchema } }, async (req, reply) => {
        const photo = await service.media(req.params.photo_id);
        return reply
          .type(photo.content_type)
          .header('cache-control', 'public, max-age=86400')
          .header('etag', `"${photo.sha256}"`)
          .header('x-content-type-options', 'nosniff')
          .send(photo.data);
      });
    };
    await app.register(scope, { prefix: '/open311/v2' });
  };
