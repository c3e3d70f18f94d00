import {
  ResponsibilityRuleInputSchema,
  ResponsibilityRuleListQuerySchema,
  ResponsibilityRuleListSchema,
  ResponsibilityRuleSavedSchema,
  RuleOverrideDeletedSchema,
  RuleOverrideParamsSchema,
  RuleParamsSchema,
} from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { authorize } from '../identity/guard.js';
import { auditBase, authorizeConfigRead, callerOf, type ConfigPlaces, freshSnapshot } from './access.js';
import { responsibilityWorkbook } from './export.js';
import { CaseConfigAdminRepository } from './repository.js';
import { errors, tags } from './route-schemas.js';
import { ResponsibilityRuleService } from './rule-service.js';

/** /api/responsibility-rules: the 权责清单, district-wide and per 街镇, and its export. */
export const ruleRoutes =
  (ctx: AppContext, places: ConfigPlaces): FastifyPluginAsyncZod =>
  async (app) => {
    const rules = new ResponsibilityRuleService(ctx);

    /** A 街镇's own rule: the caller must hold `case.configure` at all (403) before the 街镇 is looked up, then there. */
    const configureIn = async (req: FastifyRequest, code: string) => {
      await authorize(ctx, req, 'case.configure');
      const sub = await places.subdistrict(code);
      return { sub, caller: await places.configure(req, sub.path, { type: 'responsibility_rule', id: code }) };
    };

    app.get(
      '/api/responsibility-rules',
      {
        schema: {
          tags,
          summary: '权责清单 The responsibility list, with the departments each rule lands on (?subdistrict= for one 街镇)',
          querystring: ResponsibilityRuleListQuerySchema,
          response: { 200: ResponsibilityRuleListSchema, ...errors },
        },
      },
      async (req) => {
        await authorizeConfigRead(ctx, req);
        const sub = req.query.subdistrict ? await places.subdistrict(req.query.subdistrict) : undefined;
        return { items: await rules.list({ subdistrict: sub, categoryCode: req.query.category }) };
      },
    );

    app.get(
      '/api/responsibility-rules/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出权责清单 Export the responsibility list (xlsx)',
          description: '包含规则本身与各街镇实际主办部门对照表。导出记入审计日志。',
          response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors },
        },
      },
      async (req, reply) => {
        const p = await authorizeConfigRead(ctx, req);
        const repo = new CaseConfigAdminRepository(ctx.db);
        const [items, cfg, subs, district] = await Promise.all([rules.list({}), freshSnapshot(ctx.db), repo.subdistricts(), places.district()]);
        const now = new Date();
        const file = await responsibilityWorkbook(items, cfg, subs, { exportedBy: p.username, exportedAt: toShanghaiIso(now) });
        // Recorded before the file leaves: an export that cannot be audited does not happen.
        await ctx.audit.append({
          ...auditBase(callerOf(req, p)),
          actingRole: p.grants[0]?.role ?? null,
          action: 'responsibility_rule.export',
          resourceType: 'responsibility_rule',
          unitPath: district.path,
          detail: { rules: items.length, subdistricts: subs.length, format: 'xlsx' },
        });
        const stamp = toShanghaiIso(now).slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="responsibility-list-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`权责清单-${stamp}.xlsx`)}`)
          .header('cache-control', 'no-store')
          .send(file);
      },
    );

    app.put(
      '/api/responsibility-rules/:categoryCode',
      {
        schema: {
          tags,
          summary: '设置全区规则 Set the district-wide rule of a category',
          params: RuleParamsSchema,
          body: ResponsibilityRuleInputSchema,
          response: { 200: ResponsibilityRuleSavedSchema, 201: ResponsibilityRuleSavedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const district = await places.district();
        const caller = await places.configure(req, district.path, { type: 'responsibility_rule', id: req.params.categoryCode });
        const saved = await rules.put(req.params.categoryCode, null, req.body, caller, district.path);
        return reply.code(saved.created ? 201 : 200).send(saved);
      },
    );

    app.put(
      '/api/responsibility-rules/:categoryCode/subdistricts/:code',
      {
        schema: {
          tags,
          summary: '设置街镇规则 Set a 街镇 rule that overrides the district-wide one there',
          params: RuleOverrideParamsSchema,
          body: ResponsibilityRuleInputSchema,
          response: { 200: ResponsibilityRuleSavedSchema, 201: ResponsibilityRuleSavedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const { sub, caller } = await configureIn(req, req.params.code);
        const saved = await rules.put(req.params.categoryCode, sub, req.body, caller, sub.path);
        return reply.code(saved.created ? 201 : 200).send(saved);
      },
    );

    app.delete(
      '/api/responsibility-rules/:categoryCode/subdistricts/:code',
      {
        schema: {
          tags,
          summary: '删除街镇规则 Remove a 街镇 rule (the district-wide rule applies again)',
          params: RuleOverrideParamsSchema,
          response: { 200: RuleOverrideDeletedSchema, ...errors },
        },
      },
      async (req) => {
        const { sub, caller } = await configureIn(req, req.params.code);
        return rules.deleteOverride(req.params.categoryCode, sub, caller);
      },
    );
  };
