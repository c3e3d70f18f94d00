import {
  CaseStatsFeedQuerySchema,
  CaseStatsFeedSchema,
  CaseStatsOverviewSchema,
  CaseStatsPointsQuerySchema,
  CaseStatsPointsSchema,
  CaseStatsQuerySchema,
  ErrorBodySchema,
  rolePermissions,
} from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { requirePrincipal } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { statsWorkbook } from './export.js';
import { CaseStatsService } from './service.js';

const tags = ['case-stats'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/** Staff who read cases; residents and machines have no statistics here. */
function reader(req: FastifyRequest): Principal {
  const p = requirePrincipal(req);
  if (p.kind !== 'staff' || !can(p, 'case.read')) throw new AppError('FORBIDDEN');
  return p;
}

/**
 * /api/case-stats: the indicators of the big screen and the leaders' dashboards for a unit and a
 * period, in the caller's case scope; the events feed and map points of the screen; the Excel export.
 */
export const caseStatsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const stats = new CaseStatsService(ctx);

    app.get(
      '/api/case-stats/overview',
      {
        schema: {
          tags,
          summary: '案件统计指标 Indicators for a unit and a period (by unit, department, category; daily trend)',
          querystring: CaseStatsQuerySchema,
          response: { 200: CaseStatsOverviewSchema, ...errors },
        },
      },
      async (req) => stats.overview(reader(req), req.query),
    );

    app.get(
      '/api/case-stats/feed',
      { schema: { tags, summary: '最新公开动态 Latest public case steps (no personal data)', querystring: CaseStatsFeedQuerySchema, response: { 200: CaseStatsFeedSchema, ...errors } } },
      async (req) => ({ items: await stats.feed(reader(req), req.query.unit, req.query.limit) }),
    );

    app.get(
      '/api/case-stats/points',
      { schema: { tags, summary: '在办案件点位 Open cases as map points', querystring: CaseStatsPointsQuerySchema, response: { 200: CaseStatsPointsSchema, ...errors } } },
      async (req) => stats.points(reader(req), req.query.unit),
    );

    app.get(
      '/api/case-stats/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出统计表 Export the dashboard tables (xlsx)',
          description: '导出本身记入审计日志（case_stats.export）。',
          querystring: CaseStatsQuerySchema,
          response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors },
        },
      },
      async (req, reply) => {
        const p = reader(req);
        const now = new Date();
        // Every category, not only the top ones.
        const { overview: o, unitPath } = await stats.overviewAt(p, { ...req.query, top: 0 }, now);
        const file = await statsWorkbook(o, { exportedBy: p.username, exportedAt: toShanghaiIso(now) });
        // Recorded before the file leaves: an export that cannot be audited does not happen.
        await ctx.audit.append({
          actorId: p.userId,
          actorName: p.username,
          actingRole: p.grants.find((g) => rolePermissions[g.role].includes('case.read'))?.role ?? null,
          action: 'case_stats.export',
          resourceType: 'case_stats',
          unitPath,
          detail: { unit: o.unit.code, from: o.period.from, to: o.period.to, format: 'xlsx' },
          ip: req.ip,
          requestId: req.id,
        });
        const name = `案件统计-${o.unit.name}-${o.period.from}至${o.period.to}.xlsx`;
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="case-stats-${o.unit.code}-${o.period.from}-${o.period.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .header('cache-control', 'no-store')
          .send(file);
      },
    );
  };
