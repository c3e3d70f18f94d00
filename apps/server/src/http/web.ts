import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultWebDir } from '../paths.js';

/** Apps under the web build whose unknown paths belong to a single-page app. */
const spaRoots = ['admin', 'portal', 'screen'];

export interface WebServing {
  /** Answers a path no route matched: the app's index.html for client routes, else null. */
  spaFallback(req: FastifyRequest, reply: FastifyReply): FastifyReply | null;
}

/**
 * Serves the built web app. Files are looked up per request (a rebuilt app is served without a
 * restart); unknown paths under /admin/, /portal/, /screen/ answer that app's index.html.
 */
export async function installWeb(app: FastifyInstance, webDir: string | undefined): Promise<WebServing> {
  const root = path.resolve(webDir ?? defaultWebDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built; run `npm run build`');
    app.get('/', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send('<p>共治 Gongzhi：前端尚未构建，请运行 <code>npm run build</code>。</p>'),
    );
    return { spaFallback: () => null };
  }
  // preCompressed: the build writes .br/.gz beside each text file (scripts/precompress.mjs); the
  // answer then depends on Accept-Encoding, which caches must know.
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    redirect: true,
    preCompressed: true,
    setHeaders: (res) => res.setHeader('Vary', 'Accept-Encoding'),
  });
  return {
    spaFallback(req, reply) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return null;
      const first = req.url.split('?')[0]!.split('/')[1] ?? '';
      if (!spaRoots.includes(first) || !existsSync(path.join(root, first, 'index.html'))) return null;
      // Hashed assets live under /assets/: a missing one is a real 404, not a client route.
      if (/\.[a-z0-9]{2,5}$/i.test(req.url.split('?')[0]!)) return null;
      return reply.type('text/html; charset=utf-8').sendFile(`${first}/index.html`);
    },
  };
}
