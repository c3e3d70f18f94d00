import { ErrorBodySchema, PhotoUploadedSchema } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { acceptRawBodies, mib } from '../raw-body.js';
import { PhotoService } from './service.js';

const tags = ['cases'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema, 422: ErrorBodySchema, 429: ErrorBodySchema };

/** POST /api/cases/photos (raw image body) and GET /api/cases/photos/{id}. */
export const photoRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const photos = new PhotoService(ctx);
    const max = ctx.config.caseIntake.photoMaxBytes;
    // Any image/* reaches the content check, so a GIF or SVG gets INVALID_PHOTO rather than 415.
    acceptRawBodies(app, /^image\/[a-z0-9.+-]+$/i, { zh: `照片不能超过 ${mib(max)}`, en: `A photo may not exceed ${mib(max)}` });

    app.post(
      '/api/cases/photos',
      {
        bodyLimit: max,
        schema: {
          tags,
          summary: '上传案件照片 Upload a case photo (raw JPEG/PNG/WebP body; metadata is removed)',
          consumes: ['image/jpeg', 'image/png', 'image/webp'],
          response: { 201: PhotoUploadedSchema, ...errors },
        },
        // Visitors who are not signed in: per address; signed-in callers are accountable and not limited here.
        config: { rateLimit: { max: ctx.config.caseIntake.anonPhotosPerHour, timeWindow: '1 hour', allowList: (req) => req.principal !== null } },
      },
      async (req, reply) => reply.status(201).send(await photos.upload(req)),
    );

    app.get(
      '/api/cases/photos/:id',
      {
        schema: {
          tags,
          summary: '查看案件照片 Get a case photo (the uploader, or whoever may read its case)',
          params: z.object({ id: z.string().uuid('照片编号不正确') }),
          produces: ['image/jpeg', 'image/png', 'image/webp'],
          response: { 200: z.any().describe('image/jpeg, image/png or image/webp'), 304: z.any().describe('Not modified'), ...errors },
        },
      },
      async (req, reply) => {
        const photo = await photos.read(req, req.params.id);
        // Private: photos can show people and homes; the content never changes, so its hash is the ETag.
        const etag = `"${photo.sha256}"`;
        void reply.header('cache-control', 'private, max-age=3600').header('etag', etag).header('x-content-type-options', 'nosniff');
        if (req.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.type(photo.content_type).header('content-disposition', 'inline').send(photo.data);
      },
    );
  };
