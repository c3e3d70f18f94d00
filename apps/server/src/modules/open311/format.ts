import type { FastifyReply, FastifyRequest } from 'fastify';
import { toXml } from './xml.js';

/** Every Open311 resource answers as `.json` or `.xml`; the suffix of the path decides. */
export type Format = 'json' | 'xml';
export const formats: readonly Format[] = ['json', 'xml'];

export function formatOf(req: FastifyRequest): Format {
  return /\.xml$/i.test(req.url.split('?')[0] ?? '') ? 'xml' : 'json';
}

/** Sends a document: JSON as is, XML under `root` (UTF-8 declared in both the header and the prolog). */
export function sendDocument(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): FastifyReply {
  void reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.type('application/json; charset=utf-8').send(value);
}
