// The write routes of the running app, with their zod schemas, collected as fastify adds them:
// a route added later is fuzzed without anyone listing it.
import type { RouteOptions } from 'fastify';
import type { z } from 'zod';

export interface FuzzRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: z.ZodType;
  params?: z.ZodType;
  querystring?: z.ZodType;
  /** Content types the route declares it takes (raw uploads declare theirs). */
  consumes?: string[];
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isZod = (s: unknown): s is z.ZodType => typeof (s as { safeParse?: unknown } | undefined)?.safeParse === 'function';

/** A collector to hand to startTestApp({ onRoute }); `routes` fills in as the app registers. */
export function routeCollector(): { onRoute: (r: RouteOptions) => void; routes: FuzzRoute[] } {
  const routes: FuzzRoute[] = [];
  const onRoute = (r: RouteOptions) => {
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).map((m) => String(m).toUpperCase());
    const schema = (r.schema ?? {}) as { body?: unknown; params?: unknown; querystring?: unknown; consumes?: string[] };
    for (const method of methods) {
      if (!writeMethods.has(method)) continue;
      routes.push({
        method: method as FuzzRoute['method'],
        url: r.url,
        ...(isZod(schema.body) ? { body: schema.body } : {}),
        ...(isZod(schema.params) ? { params: schema.params } : {}),
        ...(isZod(schema.querystring) ? { querystring: schema.querystring } : {}),
        ...(schema.consumes ? { consumes: schema.consumes } : {}),
      });
    }
  };
  return { onRoute, routes };
}

/** A route takes a raw file body (not JSON) when it declares content types and JSON is not among them. */
export const isRawUpload = (r: FuzzRoute): boolean => !!r.consumes && !r.consumes.some((c) => c.includes('json'));

export const routeKey = (r: Pick<FuzzRoute, 'method' | 'url'>): string => `${r.method} ${r.url}`;
