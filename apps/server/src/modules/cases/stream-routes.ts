import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { requirePrincipal } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import { canSeeCase } from './scope.js';

const HEARTBEAT_MS = 25_000;

/**
 * GET /api/cases/stream: server-sent events of case changes in the caller's scope (the workbench
 * and the big screen). Each change is checked against the caller's scope before it is written.
 */
export const caseStreamRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const open = new Set<() => void>();
    // On shutdown, end every stream so the server can close.
    app.addHook('onClose', async () => {
      for (const end of open) end();
    });
    app.get('/api/cases/stream', { schema: { tags: ['cases'], summary: '案件变化事件流 Server-sent events of case changes in scope' } }, async (req, reply) => {
      const p = requirePrincipal(req);
      if (!can(p, 'case.read') && p.kind !== 'resident') throw new AppError('FORBIDDEN');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies (nginx) must not buffer the stream.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 5000\n: 已连接 connected\n\n`);
      let id = 0;
      const unsubscribe = ctx.caseEvents.subscribe((change) => {
        if (!canSeeCase(p, change)) return;
        const { path: _path, leadDepartmentId: _l, assistDepartmentIds: _a, ...event } = change;
        res.write(`id: ${++id}\nevent: case\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      req.raw.on('close', close);
    });
  };
