import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/app-error.js';

/**
 * Raw-body uploads (photos, spreadsheets) in one encapsulated plugin: the given content types are
 * read into a Buffer there only, and a body over the route's limit answers 413 with a message
 * naming the limit. Other errors go on to the application's handler.
 */
export function acceptRawBodies(app: FastifyInstance, types: string | string[] | RegExp, tooLarge: { zh: string; en: string }): void {
  // fastify parses text/plain itself; here it is a file like the others.
  for (const t of Array.isArray(types) ? types : [types]) if (typeof t === 'string' && app.hasContentTypeParser(t)) app.removeContentTypeParser(t);
  app.addContentTypeParser(types, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: { code?: string }) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', tooLarge.zh, undefined, tooLarge.en);
    throw err;
  });
}

export const mib = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
