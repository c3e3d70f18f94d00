import { CaseExportQuerySchema, ErrorBodySchema, rolePermissions } from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { requirePrincipal } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import { caseConfigOf } from './config-cache.js';
import { caseWorkbook, exportRowOf } from './export.js';
import type { CaseQueryService } from './query-service.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/**
 * GET /api/cases/export.xlsx: any case list (the list's filters and order, the caller's scope) as
 * a spreadsheet, reporter contact masked, capped at GONGZHI_CASE_EXPORT_MAX_ROWS. An export takes
 * data away, so it is recorded in the audit trail before the file leaves.
 */
export const caseExportRoutes =
  (ctx: AppContext, queries: CaseQueryService): FastifyPluginAsyncZod =>
  async (app) => {
    const cap = ctx.config.cases.exportMaxRows;
    app.get(
      '/api/cases/export.xlsx',
      {
        schema: {
          tags: ['cases'],
          summary: '导出案件 Export a case list (xlsx)',
          description: `筛选条件与 GET /api/cases 相同（不分页），最多 ${cap} 条；超过时文件中注明，响应头 X-Export-Capped: 1。反映人信息脱敏；导出记入审计日志。`,
          querystring: CaseExportQuerySchema,
          response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors },
        },
      },
      async (req, reply) => {
        const p = requirePrincipal(req);
        // Residents follow their own cases in the portal; exports are for staff who read cases.
        if (!can(p, 'case.read') || p.kind === 'resident') throw new AppError('FORBIDDEN');
        const { rows, capped } = await queries.rowsForExport(p, req.query, cap);
        const cfg = await caseConfigOf(ctx).get();
        const now = new Date();
        const exportedAt = toShanghaiIso(now);
        const file = await caseWorkbook(
          rows.map((r) => exportRowOf(r, cfg, ctx.cipher)),
          { exportedBy: p.username, exportedAt, filters: req.query, cap, capped },
        );
        await ctx.audit.append({
          actorId: p.userId,
          actorName: p.username,
          actingRole: p.grants.find((g) => rolePermissions[g.role].includes('case.read'))?.role ?? null,
          action: 'case.export',
          resourceType: 'case',
          detail: { filters: req.query, rows: rows.length, capped, format: 'xlsx' },
          ip: req.ip,
          requestId: req.id,
        });
        const stamp = exportedAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="cases-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`案件-${stamp}.xlsx`)}`)
          .header('x-export-capped', capped ? '1' : '0')
          .header('x-export-rows', String(rows.length))
          .header('cache-control', 'no-store')
          .send(file);
      },
    );
  };
