import {
  CaseActionRequestSchema,
  CaseActionSchema,
  CaseCreateSchema,
  CaseCreatedSchema,
  CaseEventListSchema,
  CaseListQuerySchema,
  CasePageSchema,
  CaseSchema,
  CaseClassificationSchema,
  ClassifyRequestSchema,
  DispatchSuggestionSchema,
  DuplicateListSchema,
  ErrorBodySchema,
} from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { requirePrincipal } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import { CaseActionService } from './action-service.js';
import { caseConfigOf } from './config-cache.js';
import { caseExportRoutes } from './export-routes.js';
import { CaseIntakeService } from './intake-service.js';
import { CaseQueryService } from './query-service.js';
import type { CaseCaller } from './types.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema };
const IdParams = z.object({ id: z.string().uuid('案件编号不正确') });
const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8, 'Idempotency-Key 至少 8 个字符').max(100, 'Idempotency-Key 不能超过 100 个字符').optional(),
});

const callerOf = (req: FastifyRequest): CaseCaller => ({ principal: req.principal, ip: req.ip, requestId: req.id });

/** /api/cases: intake, lists, one case, its timeline, workflow actions, suggestions. Thin: services do the work. */
export const caseRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const config = caseConfigOf(ctx);
    const intake = new CaseIntakeService(ctx, config);
    const actions = new CaseActionService(ctx, config);
    const queries = new CaseQueryService(ctx, config);
    await app.register(caseExportRoutes(ctx, queries));

    app.post(
      '/api/cases',
      {
        schema: {
          tags: ['cases'],
          summary: '登记案件 Take in a case (Idempotency-Key honoured)',
          headers: IdempotencyHeaders,
          body: CaseCreateSchema,
          response: { 200: CaseCreatedSchema, 201: CaseCreatedSchema, ...errors },
        },
        // Anonymous residents may report; keep a single address from flooding the queue.
        config: { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (req) => (req.principal ? `u:${req.principal.userId}` : `ip:${req.ip}`), allowList: (req) => req.principal?.kind === 'staff' || req.principal?.kind === 'machine' } },
      },
      async (req, reply) => {
        const p = req.principal;
        if (p && p.via.type === 'session' && p.via.stage !== 'active') requirePrincipal(req);
        if (p && !can(p, 'case.create')) throw new AppError('FORBIDDEN');
        const r = await intake.intake(req.body, callerOf(req), req.headers['idempotency-key']);
        let c;
        if (r.created) c = await queries.presentCreated(p, r.created);
        else c = (p ? await queries.get(p, r.caseId).catch(() => null) : null) ?? (await queries.publicView(r.caseId));
        const body = { case: c, replayed: r.replayed, autoDispatched: r.autoDispatched };
        return reply.code(r.replayed ? 200 : 201).send(body);
      },
    );

    app.get(
      '/api/cases',
      { schema: { tags: ['cases'], summary: '案件列表 List cases in scope', querystring: CaseListQuerySchema, response: { 200: CasePageSchema, ...errors } } },
      async (req) => {
        const p = requirePrincipal(req);
        if (!can(p, 'case.read') && p.kind !== 'resident') throw new AppError('FORBIDDEN');
        return queries.list(p, req.query);
      },
    );

    app.post(
      '/api/cases/classify',
      { schema: { tags: ['cases'], summary: '分类建议 Suggest type and category', body: ClassifyRequestSchema, response: { 200: CaseClassificationSchema, ...errors } } },
      async (req) => ctx.classifier.suggest(req.body.text),
    );

    app.get(
      '/api/cases/:id',
      { schema: { tags: ['cases'], summary: '案件详情 One case', params: IdParams, response: { 200: CaseSchema, ...errors } } },
      async (req) => queries.get(requirePrincipal(req), req.params.id),
    );

    app.get(
      '/api/cases/:id/events',
      { schema: { tags: ['cases'], summary: '案件时间线 Timeline', params: IdParams, response: { 200: CaseEventListSchema, ...errors } } },
      async (req) => ({ items: await queries.events(requirePrincipal(req), req.params.id) }),
    );

    app.get(
      '/api/cases/:id/dispatch-suggestion',
      { schema: { tags: ['cases'], summary: '派单建议 Department by the responsibility list', params: IdParams, response: { 200: DispatchSuggestionSchema, ...errors } } },
      async (req) => queries.suggestion(requirePrincipal(req), req.params.id),
    );

    app.get(
      '/api/cases/:id/duplicates',
      { schema: { tags: ['cases'], summary: '疑似重复 Likely duplicates nearby', params: IdParams, response: { 200: DuplicateListSchema, ...errors } } },
      async (req) => {
        const p = requirePrincipal(req);
        if (!can(p, 'case.read')) throw new AppError('FORBIDDEN');
        return { items: await queries.duplicates(p, req.params.id) };
      },
    );

    app.post(
      '/api/cases/:id/actions/:action',
      {
        schema: {
          tags: ['cases'],
          summary: '案件操作 Workflow action (dispatch, sign, return, resolve, verify, rate, merge …)',
          params: IdParams.extend({ action: CaseActionSchema }),
          body: CaseActionRequestSchema,
          response: { 200: CaseSchema, ...errors },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        if (!can(p, 'case.act')) throw new AppError('FORBIDDEN');
        await actions.act(req.params.id, req.params.action, req.body, callerOf(req));
        return queries.get(p, req.params.id);
      },
    );
  };

