import {
  ComparisonQuerySchema,
  ComparisonSchema,
  CompoundEvaluationHistorySchema,
  CompoundEvaluationSavedSchema,
  ErrorBodySchema,
  EvaluationCompoundParamsSchema,
  EvaluationInputSchema,
  GovernanceGuideInputSchema,
  GovernanceGuideSchema,
  GovernanceIndicatorSchema,
  GovernanceIndicatorSetSchema,
  GovernanceItemCreateSchema,
  GovernanceItemParamsSchema,
  GovernanceItemPatchSchema,
  GovernanceItemSchema,
  GovernanceListParamsSchema,
  GovernanceOverviewSchema,
  GovernanceReorderSchema,
  GovernanceTypeParamsSchema,
  GovernanceTypeSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { authorize, listScope } from '../identity/guard.js';
import { EvaluationService } from './evaluation.js';
import { GovernanceService } from './service.js';

const tags = ['governance'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 422: ErrorBodySchema };

/**
 * 分类治理: /api/governance/types/:type/… (lists, guide, indicators; reading needs governance.read,
 * every change governance.configure at the district and is audited) and the evaluation of
 * compounds (/api/compounds/:id/evaluations, compound.evaluate in the compound's scope).
 */
export const governanceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const gov = new GovernanceService(ctx);
    const evals = new EvaluationService(ctx);

    app.get('/api/governance/types', { schema: { tags, summary: '分类治理概览 Lists, indicators and compounds per type', response: { 200: GovernanceOverviewSchema, ...errors } } }, async (req) =>
      gov.overview(await listScope(ctx, req, 'governance.read')),
    );

    app.get(
      '/api/governance/types/:type',
      { schema: { tags, summary: '三清单一攻略一导则 Lists, guide and indicators of a compound type', params: GovernanceTypeParamsSchema, response: { 200: GovernanceTypeSchema, ...errors } } },
      async (req) => gov.type(req.params.type, await authorize(ctx, req, 'governance.read')),
    );

    app.post(
      '/api/governance/types/:type/items',
      { schema: { tags, summary: '新增清单条目 Add an item to a list', params: GovernanceTypeParamsSchema, body: GovernanceItemCreateSchema, response: { 201: GovernanceItemSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await gov.addItem(req.params.type, req.body, await gov.configure(req, req.params.type))),
    );

    app.patch(
      '/api/governance/types/:type/items/:id',
      { schema: { tags, summary: '修改清单条目 Edit an item', params: GovernanceItemParamsSchema, body: GovernanceItemPatchSchema, response: { 200: GovernanceItemSchema, ...errors } } },
      async (req) => gov.editItem(req.params.type, req.params.id, req.body, await gov.configure(req, req.params.type, req.params.id)),
    );

    app.delete(
      '/api/governance/types/:type/items/:id',
      { schema: { tags, summary: '删除清单条目 Delete an item', params: GovernanceItemParamsSchema, response: { 200: z.object({ deleted: z.string().uuid() }), ...errors } } },
      async (req) => {
        await gov.deleteItem(req.params.type, req.params.id, await gov.configure(req, req.params.type, req.params.id));
        return { deleted: req.params.id };
      },
    );

    app.put(
      '/api/governance/types/:type/lists/:kind/order',
      {
        schema: {
          tags,
          summary: '调整清单顺序 Reorder a list (all its ids, in the new order)',
          params: GovernanceListParamsSchema,
          body: GovernanceReorderSchema,
          response: { 200: z.object({ items: z.array(GovernanceItemSchema) }), ...errors },
        },
      },
      async (req) => ({ items: await gov.reorder(req.params.type, req.params.kind, req.body.ids, await gov.configure(req, req.params.type)) }),
    );

    app.put(
      '/api/governance/types/:type/guide',
      {
        schema: {
          tags,
          summary: '保存治理攻略 Save the guide (sanitised; a stale version answers 409)',
          params: GovernanceTypeParamsSchema,
          body: GovernanceGuideInputSchema,
          response: { 200: GovernanceGuideSchema, ...errors },
        },
      },
      async (req) => gov.saveGuide(req.params.type, req.body, await gov.configure(req, req.params.type)),
    );

    app.put(
      '/api/governance/types/:type/indicators',
      {
        schema: {
          tags,
          summary: '保存评估导则 Save the weighted indicators of a type (active weights add up to 100)',
          params: GovernanceTypeParamsSchema,
          body: GovernanceIndicatorSetSchema,
          response: { 200: z.object({ items: z.array(GovernanceIndicatorSchema) }), ...errors },
        },
      },
      async (req) => ({ items: await gov.saveIndicators(req.params.type, req.body.indicators, await gov.configure(req, req.params.type)) }),
    );

    app.get(
      '/api/governance/types/:type/comparison',
      {
        schema: {
          tags,
          summary: '小区评估对比 Ranking of the evaluated compounds of a type in scope for a year',
          params: GovernanceTypeParamsSchema,
          querystring: ComparisonQuerySchema,
          response: { 200: ComparisonSchema, ...errors },
        },
      },
      async (req) => evals.compare(req.params.type, req.query.year, await listScope(ctx, req, 'governance.read'), req.query.unit),
    );

    app.post(
      '/api/compounds/:id/evaluations',
      {
        schema: {
          tags,
          summary: '小区治理绩效评估 Evaluate a compound for a year (replaces that year’s evaluation)',
          params: EvaluationCompoundParamsSchema,
          body: EvaluationInputSchema,
          response: { 200: CompoundEvaluationSavedSchema, ...errors },
        },
      },
      async (req) => evals.evaluate(req, req.params.id, req.body),
    );

    app.get(
      '/api/compounds/:id/evaluations',
      { schema: { tags, summary: '历年评估 Evaluations of a compound by year', params: EvaluationCompoundParamsSchema, response: { 200: CompoundEvaluationHistorySchema, ...errors } } },
      async (req) => ({ items: await evals.history(req, req.params.id) }),
    );
  };
