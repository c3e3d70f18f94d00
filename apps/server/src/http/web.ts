import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { defaultWebDir } from '../paths.js';

/** Apps under the web build whose unknown paths belong to a single-page app. */
const spaRoots = ['admin', 'portal', 'screen'];

/** Serves the built web app; unknown paths under an app answer its index.html (client routing). */
export async function installWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const root = path.resolve(webDir ?? defaultWebDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built; run `npm run build`');
    app.get('/', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send('<p>共治 Gongzhi：前端尚未构建，请运行 <code>npm run build</code>。</p>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  // With `wildcard: false` every built file has its own route, so these catch only client routes.
  for (const spa of spaRoots) {
    if (!existsSync(path.join(root, spa, 'index.html'))) continue;
    app.get(`/${spa}`, async (_req, reply) => reply.redirect(`/${spa}/`));
    app.get(`/${spa}/*`, async (_req, reply) => reply.sendFile(`${spa}/index.html`));
  }
}
