import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { modules } from '../modules/index.js';
import { version } from '../version.js';
import rateLimit from '@fastify/rate-limit';
import { installAuth } from './auth-hook.js';
import { installPolicyGate } from './policy-gate.js';
import { errorBody, frameworkErrors, installErrorHandler } from './error-handler.js';
import { loggerOptions } from './log-redact.js';
import { installTextGuard } from './text-guard.js';
import { installWeb } from './web.js';

// Validation messages in Chinese (the API's first language).
z.config(z.locales.zhCN());

const requestIdPattern = /^[A-Za-z0-9._-]{8,100}$/;

export interface BuildAppOptions {
  /** pino options, or false for silence in tests. */
  logger?: boolean | Record<string, unknown>;
  serveWeb?: boolean;
  /** Sees every route as it is added (tests enumerate routes and their schemas with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Credentials, bodies and anything that looks like an ID number or a phone never reach a log line.
    logger: opts.logger === false ? false : loggerOptions(ctx.config.logLevel, typeof opts.logger === 'object' ? opts.logger : {}),
    // A caller's request id is kept when it looks like one, so a trace crosses services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Behind nginx: the client's address (audit, per-address limits) and https (Secure cookies) from the configured proxies only.
    ...(ctx.config.trustProxy ? { trustProxy: ctx.config.trustProxy } : {}),
    // Requests the HTTP parser rejects (e.g. raw non-ASCII in the URL) still get our error shape.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: '请求格式不正确（网址中的中文等字符需要进行 URL 编码）' } });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      void err;
    },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  // A client that has already gone (closed tab, aborted fetch) gets no database work done for it:
  // under load, abandoned requests would otherwise queue ahead of live ones.
  app.addHook('preHandler', async (req, reply) => {
    if (req.raw.socket?.destroyed) {
      req.log.info('client gone before the handler ran; skipped');
      reply.hijack();
      req.raw.socket.destroy();
    }
  });

  // Per-route limits only (sign-in, reveals); the rest is protected by sessions and scope.
  await app.register(rateLimit, { global: false });
  await installAuth(app, ctx);
  // Each route's declared policy (modules/*/policies.ts), enforced before its input is validated.
  installPolicyGate(app, ctx);
  // After the gate: a refused caller learns nothing about its input.
  installTextGuard(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '共治 Gongzhi API',
        description: '长宁区社区治理平台接口。错误统一为 `{ "error": { "code", "message" } }`。',
        version,
      },
      tags: [
        { name: 'system', description: '系统 System' },
        { name: 'auth', description: '登录与会话 Sign-in and sessions' },
        { name: 'users', description: '账号与授权 Accounts and grants' },
        { name: 'audit', description: '审计 Audit trail' },
        { name: 'jurisdiction', description: '辖区与网格 Jurisdiction' },
        { name: 'geo', description: '空间定位 Location' },
        { name: 'compounds', description: '小区 Compounds' },
        { name: 'departments', description: '职能部门 Departments' },
        { name: 'calendar', description: '工作日历与办理时限 Working calendar and deadlines' },
        { name: 'cases', description: '一网统管案件 Cases: intake, workflow, lists, live events' },
        { name: 'case-config', description: '案件分类、权责清单与时限规则 Case categories, responsibility list, deadline rules' },
        { name: 'open311', description: 'Open311 GeoReport v2（错误格式按该标准：`[{ "code", "description" }]`）' },
        { name: 'residents', description: '社区云居民与户 Residents and households (imports, templates)' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const mod of modules) await app.register(mod.routes(ctx));

  const web = opts.serveWeb !== false ? await installWeb(app, ctx.config.webDir) : null;

  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api/') && web) {
      const sent = web.spaFallback(req, reply);
      if (sent) return sent;
    }
    const body = errorBody(req, 'ROUTE_NOT_FOUND', `接口不存在：${req.method} ${req.url.split('?')[0]}`);
    return reply.status(404).send(body);
  });
  return app;
}
