import {
  CaseCategoryChangedSchema,
  CaseCategoryCreateSchema,
  CaseCategoryListQuerySchema,
  CaseCategoryPatchSchema,
  CaseCategoryTreeSchema,
  CaseCategoryViewSchema,
  CategoryCodeParamsSchema,
  DeadlinePreviewQuerySchema,
  DeadlinePreviewSchema,
  DeadlineRuleDeletedSchema,
  DeadlineRuleIdParamsSchema,
  DeadlineRuleInputSchema,
  DeadlineRuleListSchema,
  DeadlineRuleSavedSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { authorizeConfigRead, ConfigPlaces } from './access.js';
import { CategoryService } from './category-service.js';
import { DeadlineRuleService } from './deadline-service.js';
import { ruleRoutes } from './rule-routes.js';
import { errors, tags } from './route-schemas.js';

/**
 * The case engine's configuration: /api/case-categories, /api/responsibility-rules and
 * /api/deadline-rules. Reading is open as far as each needs (the active categories to anyone who
 * reports); every change needs `case.configure` and is audited with before and after.
 */
export const caseConfigRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const places = new ConfigPlaces(ctx);
    const districtPath = async () => (await places.district()).path;
    const categories = new CategoryService(ctx, districtPath);
    const deadlines = new DeadlineRuleService(ctx, districtPath);

    app.get(
      '/api/case-categories',
      {
        schema: {
          tags,
          summary: '案件分类 The category tree (public; ?all=true adds inactive ones for admins)',
          querystring: CaseCategoryListQuerySchema,
          response: { 200: CaseCategoryTreeSchema, ...errors },
        },
      },
      async (req) => {
        // Residents and anonymous reporters pick from the active categories; inactive ones are admin business.
        if (req.query.all) await places.configure(req);
        return categories.tree(req.query.all === true);
      },
    );

    app.post(
      '/api/case-categories',
      {
        schema: {
          tags,
          summary: '新增分类 Add a first- or second-level category',
          body: CaseCategoryCreateSchema,
          response: { 201: CaseCategoryViewSchema, ...errors },
        },
      },
      async (req, reply) => {
        const caller = await places.configure(req, undefined, { type: 'case_category', id: req.body.code });
        return reply.code(201).send(await categories.create(req.body, caller));
      },
    );

    app.patch(
      '/api/case-categories/:code',
      {
        schema: {
          tags,
          summary: '修改分类 Rename, change flags, activate or deactivate (never delete)',
          params: CategoryCodeParamsSchema,
          body: CaseCategoryPatchSchema,
          response: { 200: CaseCategoryChangedSchema, ...errors },
        },
      },
      async (req) => {
        const caller = await places.configure(req, undefined, { type: 'case_category', id: req.params.code });
        return categories.patch(req.params.code, req.body, caller);
      },
    );

    app.get(
      '/api/deadline-rules',
      { schema: { tags, summary: '办理时限规则 Deadline rules', response: { 200: DeadlineRuleListSchema, ...errors } } },
      async (req) => {
        await authorizeConfigRead(ctx, req);
        return { items: await deadlines.list() };
      },
    );

    app.get(
      '/api/deadline-rules/preview',
      {
        schema: {
          tags,
          summary: '时限预览 Which rule applies and the resulting due times',
          querystring: DeadlinePreviewQuerySchema,
          response: { 200: DeadlinePreviewSchema, ...errors },
        },
      },
      async (req) => {
        await authorizeConfigRead(ctx, req);
        return deadlines.preview(req.query);
      },
    );

    app.put(
      '/api/deadline-rules',
      {
        schema: {
          tags,
          summary: '设置时限规则 Create or replace the rule of a (type, category) pair',
          body: DeadlineRuleInputSchema,
          response: { 200: DeadlineRuleSavedSchema, 201: DeadlineRuleSavedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const caller = await places.configure(req, undefined, { type: 'deadline_rule' });
        const saved = await deadlines.put(req.body, caller);
        return reply.code(saved.created ? 201 : 200).send(saved);
      },
    );

    app.delete(
      '/api/deadline-rules/:id',
      {
        schema: {
          tags,
          summary: '删除时限规则 Delete a rule (not the default one)',
          params: DeadlineRuleIdParamsSchema,
          response: { 200: DeadlineRuleDeletedSchema, ...errors },
        },
      },
      async (req) => {
        const caller = await places.configure(req, undefined, { type: 'deadline_rule', id: req.params.id });
        await deadlines.delete(req.params.id, caller);
        return { deleted: true as const };
      },
    );

    await app.register(ruleRoutes(ctx, places));
  };
