import {
  type CaseStatus,
  ErrorBodySchema,
  type PublicCaseStage,
  PublicAreaQuerySchema,
  PublicCaseMapQuerySchema,
  PublicCaseMapSchema,
  UnitFeatureCollectionSchema,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../http/app-error.js';
import { toShanghaiIso } from '../../calendar/working-calendar.js';
import { presentGeometries } from '../../jurisdiction/presenter.js';
import { JurisdictionRepository } from '../../jurisdiction/repository.js';
import { PublicCaseRepository } from './repository.js';

const tags = ['cases'];
const errors = { 400: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema };

/** Which statuses each public stage covers; merged and cancelled cases are never shown. */
export const stageStatuses: Record<PublicCaseStage, readonly CaseStatus[]> = {
  open: ['received', 'dispatched', 'signed', 'in_progress', 'returned'],
  resolved: ['resolved', 'verified', 'followed_up'],
  closed: ['closed'],
};
const stageOf = (status: string): PublicCaseStage => (status === 'closed' ? 'closed' : stageStatuses.resolved.includes(status as CaseStatus) ? 'resolved' : 'open');

// About 10 m: enough to see where a problem is, not which doorway it was reported from.
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * Public read-outs for the resident portal, open to anyone (rate-limited per address): the
 * district's outline with its 街镇 for the maps, and recent cases as points without personal data.
 */
export const casePublicRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const limit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

    app.get(
      '/api/cases/public/area',
      {
        schema: {
          tags,
          summary: '公开：本区及街镇边界，或全部居委边界 Public: the district and its subdistricts, or every neighborhood (GeoJSON)',
          querystring: PublicAreaQuerySchema,
          response: { 200: UnitFeatureCollectionSchema, ...errors },
        },
        config: limit,
      },
      async (req, reply) => {
        const repo = new JurisdictionRepository(ctx.db);
        const root = await repo.findRoot();
        if (!root) throw new AppError('UNIT_NOT_FOUND', '尚未初始化辖区数据');
        void reply.header('cache-control', 'public, max-age=300');
        if (req.query.detail === 'neighborhood') return presentGeometries(root.id, await new PublicCaseRepository(ctx.db).neighborhoods());
        return presentGeometries(root.id, await repo.geometries(root.id, true));
      },
    );

    app.get(
      '/api/cases/public/map',
      {
        schema: {
          tags,
          summary: '公开：近期案件点位（不含个人信息与举报件）Public: recent cases as points (no personal data, no 举报)',
          querystring: PublicCaseMapQuerySchema,
          response: { 200: PublicCaseMapSchema, ...errors },
        },
        config: limit,
      },
      async (req, reply) => {
        const q = req.query;
        const since = new Date(Date.now() - q.days * 86_400_000);
        const statuses = q.stage ? stageStatuses[q.stage] : [...stageStatuses.open, ...stageStatuses.resolved, ...stageStatuses.closed];
        const rows = await new PublicCaseRepository(ctx.db).points({ since, statuses, category: q.category, limit: q.limit + 1 });
        void reply.header('cache-control', 'public, max-age=60');
        return {
          items: rows.slice(0, q.limit).map((r) => ({
            number: r.number,
            categoryCode: r.category_code,
            categoryName: r.category_name,
            categoryNameEn: r.category_name_en,
            status: r.status as CaseStatus,
            stage: stageOf(r.status),
            subdistrict: r.subdistrict,
            location: [round4(r.lng), round4(r.lat)] as [number, number],
            receivedAt: toShanghaiIso(r.received_at),
          })),
          truncated: rows.length > q.limit,
          since: toShanghaiIso(since),
        };
      },
    );
  };
