import {
  type AuditFilter,
  AuditFilterSchema,
  type AuditItem,
  AuditPageSchema,
  AuditQuerySchema,
  AuditVerifySchema,
  ErrorBodySchema,
  auditExportCap,
  rolePermissions,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { authorize } from '../identity/guard.js';
import { auditWorkbook } from './export.js';
import { type AuditListRow, AuditQueryRepository, type AuditSearch } from './query-repository.js';
import { verifyChain } from './verify.js';

const tags = ['audit'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = /^\d{4}-\d{2}-\d{2}$/;
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** ISO 8601 in Asia/Shanghai, the zone every user of the system reads times in. */
export function shanghaiIso(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

/** A day means that whole day in Asia/Shanghai: from its start, or up to the start of the next. */
function bound(v: string | undefined, end: boolean): Date | undefined {
  if (v === undefined) return undefined;
  if (!day.test(v)) return new Date(v);
  const start = new Date(`${v}T00:00:00+08:00`);
  return end ? new Date(start.getTime() + 86_400_000) : start;
}

export function toSearch(f: AuditFilter): AuditSearch {
  const s: AuditSearch = {};
  if (f.actor) {
    if (uuid.test(f.actor)) s.actorId = f.actor.toLowerCase();
    else s.actorName = f.actor.toLowerCase();
  }
  if (f.action?.endsWith('.*')) s.actionPrefix = f.action.slice(0, -1);
  else if (f.action) s.action = f.action;
  if (f.resourceType) s.resourceType = f.resourceType;
  if (f.resourceId) s.resourceId = f.resourceId;
  const from = bound(f.from, false);
  const to = bound(f.to, true);
  if (from) s.from = from;
  if (to) s.to = to;
  if (f.outcome) s.outcome = f.outcome;
  return s;
}

export function presentAudit(r: AuditListRow): AuditItem {
  return {
    seq: Number(r.seq),
    at: shanghaiIso(new Date(r.at)),
    actor: { id: r.actor_id, username: r.actor_name, role: r.acting_role },
    action: r.action,
    outcome: r.outcome,
    resource: { type: r.resource_type, id: r.resource_id },
    unit: r.unit_path ? { path: r.unit_path, name: r.unit_name } : null,
    ip: r.ip,
    requestId: r.request_id,
    before: r.before ?? null,
    after: r.after ?? null,
    detail: r.detail ?? null,
    hash: r.hash,
  };
}

/**
 * The audit administrator's view of the trail (三权分立: no other role, not even the system or
 * security administrator, holds `audit.read` / `audit.export`). Searching and verifying are not
 * themselves audited — they change nothing and expose nothing unmasked, and recording every page
 * view would bury the trail in its own reads; an export takes data away, so it is recorded.
 */
export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new AuditQueryRepository(ctx.db);

    app.get(
      '/api/audit',
      { schema: { tags, summary: '查询审计日志 Search the audit trail', querystring: AuditQuerySchema, response: { 200: AuditPageSchema, ...errors } } },
      async (req) => {
        await authorize(ctx, req, 'audit.read');
        const { limit, cursor, ...filter } = req.query;
        const rows = await repo.search(toSearch(filter), limit + 1, decodeCursor(cursor, isSeq));
        const page = rows.slice(0, limit);
        return { items: page.map(presentAudit), nextCursor: rows.length > limit ? encodeCursor(Number(page[page.length - 1]!.seq)) : null };
      },
    );

    app.get(
      '/api/audit/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出审计日志 Export the audit trail (xlsx)',
          description: `最多 ${auditExportCap} 条（最新的在前）；超过时文件中注明，响应头 X-Export-Capped: 1。导出本身记入审计日志。`,
          querystring: AuditFilterSchema,
          response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors },
        },
      },
      async (req, reply) => {
        const p = await authorize(ctx, req, 'audit.export');
        const rows = await repo.search(toSearch(req.query), auditExportCap + 1);
        const capped = rows.length > auditExportCap;
        const items = rows.slice(0, auditExportCap).map(presentAudit);
        const now = new Date();
        const file = await auditWorkbook(items, { exportedBy: p.username, exportedAt: shanghaiIso(now), filters: req.query, capped });
        // Recorded before the file leaves: an export that cannot be audited does not happen.
        await ctx.audit.append({
          actorId: p.userId,
          actorName: p.username,
          actingRole: p.grants.find((g) => rolePermissions[g.role].includes('audit.export'))?.role ?? null,
          action: 'audit.export',
          resourceType: 'audit_log',
          detail: { filters: req.query, rows: items.length, capped, format: 'xlsx' },
          ip: req.ip,
          requestId: req.id,
        });
        const stamp = shanghaiIso(now).slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${stamp}.xlsx`)}`)
          .header('x-export-capped', capped ? '1' : '0')
          .header('cache-control', 'no-store')
          .send(file);
      },
    );

    app.get(
      '/api/audit/verify',
      { schema: { tags, summary: '校验审计日志哈希链 Verify the audit chain', response: { 200: AuditVerifySchema, ...errors } } },
      async (req) => {
        await authorize(ctx, req, 'audit.read');
        return verifyChain(ctx.db);
      },
    );
  };
