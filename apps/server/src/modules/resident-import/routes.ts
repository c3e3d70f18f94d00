import {
  ErrorBodySchema,
  ResidentImportListQuerySchema,
  ResidentImportPageSchema,
  ResidentImportQuerySchema,
  ResidentImportSchema,
  residentImportFileTypes,
  residentImportStatusNames,
  type ResidentImportStatus,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { acceptRawBodies, mib } from '../cases/raw-body.js';
import { authorize, listScope } from '../identity/guard.js';
import { primaryRole } from '../identity/policy.js';
import { ResidentImportRepository } from './repository.js';
import { importResidents, reportRows, summaryOf } from './service.js';
import { buildReportXlsx, buildResidentXlsx, templateExample } from './template.js';

const tags = ['residents'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema, 422: ErrorBodySchema };
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Browsers label .csv files variously; the content decides (see detectKind).
const accepted = [...residentImportFileTypes, 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];

const cursorAt = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCursor = (v: unknown): v is { at: string; id: string } => {
  const c = v as { at?: unknown; id?: unknown } | null;
  return typeof c === 'object' && c !== null && typeof c.at === 'string' && cursorAt.test(c.at) && typeof c.id === 'string' && uuid.test(c.id);
};

/** 居民信息导入: POST the raw .xlsx or CSV file for a neighborhood; the history and reports; the template. */
export const residentImportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = new ResidentImportRepository(ctx.db);
    const max = ctx.config.residentImport.maxBytes;
    acceptRawBodies(app, accepted, { zh: `导入文件不能超过 ${mib(max)}，请拆分后分批导入`, en: `The file may not exceed ${mib(max)}` });

    app.post(
      '/api/residents/imports',
      {
        bodyLimit: max,
        schema: {
          tags,
          summary: '导入居民信息 Import residents and households (raw .xlsx or CSV body, ?neighborhood=&fileName=)',
          consumes: [...residentImportFileTypes],
          querystring: ResidentImportQuerySchema,
          response: { 201: ResidentImportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const principal = await authorize(ctx, req, 'resident.import');
        if (!Buffer.isBuffer(req.body)) throw new AppError('INVALID_FILE', '请求体应为 .xlsx 或 CSV 文件的原始内容', undefined, 'Send the raw file as the body');
        const kind = req.headers['content-type']?.includes('csv') ? 'csv' : 'xlsx';
        const { conflictsOpened: _c, householdsCreated: _h, ...result } = await importResidents(ctx, {
          neighborhoodCode: req.query.neighborhood,
          fileName: req.query.fileName ?? `居民信息.${kind}`,
          bytes: req.body,
          actorId: principal.userId,
          actorName: principal.username,
          actingRole: primaryRole(principal) ?? null,
          ip: req.ip,
          requestId: req.id,
          // Out of the caller's jurisdiction reads as "no such neighborhood".
          authorize: async (n) => void (await authorize(ctx, req, 'resident.import', { path: n.path, type: 'jurisdiction_unit', id: n.id }, { hideAs404: true })),
        });
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/residents/imports',
      { schema: { tags, summary: '居民导入记录 List resident imports (newest first)', querystring: ResidentImportListQuerySchema, response: { 200: ResidentImportPageSchema, ...errors } } },
      async (req) => {
        const scope = await listScope(ctx, req, 'resident.import');
        const { limit, cursor, neighborhood } = req.query;
        let neighborhoodId: string | undefined;
        if (neighborhood) {
          const n = await repo.neighborhood(neighborhood);
          if (!n) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${neighborhood} 的居民区`);
          neighborhoodId = n.id;
        }
        const rows = await repo.list(scope, limit, { neighborhoodId, after: decodeCursor(cursor, isCursor) });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map(summaryOf), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
      },
    );

    app.get(
      '/api/residents/import-template.xlsx',
      { schema: { tags, summary: '居民信息导入模板 Download the resident import template', response: { 200: z.any().describe(xlsxType), ...errors } } },
      async (req, reply) => {
        await authorize(ctx, req, 'resident.import');
        const file = await buildResidentXlsx([templateExample], { instructions: true, maxRows: ctx.config.residentImport.maxRows });
        return reply
          .type(xlsxType)
          .header('content-disposition', `attachment; filename="resident-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('居民信息导入模板.xlsx')}`)
          .send(file);
      },
    );

    app.get(
      '/api/residents/imports/:id',
      {
        schema: {
          tags,
          summary: '居民导入报告 One import’s row-by-row report',
          params: z.object({ id: z.string().uuid('导入记录编号不正确') }),
          response: { 200: ResidentImportSchema, ...errors },
        },
      },
      async (req) => {
        const scope = await listScope(ctx, req, 'resident.import');
        const row = await repo.get(scope, req.params.id);
        if (!row) throw new AppError('NOT_FOUND', '找不到该导入记录', undefined, 'No such import');
        return { ...summaryOf(row), rows: reportRows(row.report) };
      },
    );

    app.get(
      '/api/residents/imports/:id/report.xlsx',
      {
        schema: {
          tags,
          summary: '下载居民导入报告 One import’s report as .xlsx',
          params: z.object({ id: z.string().uuid('导入记录编号不正确') }),
          response: { 200: z.any().describe(xlsxType), ...errors },
        },
      },
      async (req, reply) => {
        const scope = await listScope(ctx, req, 'resident.import');
        const row = await repo.get(scope, req.params.id);
        if (!row) throw new AppError('NOT_FOUND', '找不到该导入记录', undefined, 'No such import');
        const r = { ...summaryOf(row), rows: reportRows(row.report) };
        const file = await buildReportXlsx(r, (s) => residentImportStatusNames[s as ResidentImportStatus]?.zh ?? s);
        const name = `居民导入报告-${r.createdAt.slice(0, 10)}.xlsx`;
        return reply
          .type(xlsxType)
          .header('content-disposition', `attachment; filename="resident-import-report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(file);
      },
    );
  };
