import {
  ErrorBodySchema,
  HotlineImportListQuerySchema,
  HotlineImportPageSchema,
  HotlineImportQuerySchema,
  HotlineImportSchema,
  hotlineFileTypes,
} from '@gongzhi/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { requirePrincipal } from '../../identity/guard.js';
import type { CaseIntakeService } from '../intake-service.js';
import { acceptRawBodies, mib } from '../raw-body.js';
import { HotlineImportService } from './service.js';
import { buildHotlineXlsx, templateExample } from './template.js';

const tags = ['cases'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema, 422: ErrorBodySchema };
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Browsers label .csv files variously (Excel on Windows registers application/vnd.ms-excel); the content decides.
const accepted = [...hotlineFileTypes, 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];

/** 12345 hotline imports: POST the raw .xlsx or CSV file; list and read the reports; the template. */
export const hotlineRoutes =
  (ctx: AppContext, intake: CaseIntakeService): FastifyPluginAsyncZod =>
  async (app) => {
    const imports = new HotlineImportService(ctx, intake);
    const max = ctx.config.caseIntake.importMaxBytes;
    acceptRawBodies(app, accepted, { zh: `导入文件不能超过 ${mib(max)}`, en: `The file may not exceed ${mib(max)}` });

    app.post(
      '/api/cases/hotline-imports',
      {
        bodyLimit: max,
        schema: {
          tags,
          summary: '导入 12345 工单 Import 12345 hotline orders (raw .xlsx or CSV body, ?fileName=)',
          consumes: [...hotlineFileTypes],
          querystring: HotlineImportQuerySchema,
          response: { 201: HotlineImportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const kind = req.headers['content-type']?.includes('csv') ? 'csv' : 'xlsx';
        const fileName = req.query.fileName ?? `12345工单.${kind}`;
        return reply.status(201).send(await imports.importFile(req, fileName));
      },
    );

    app.get(
      '/api/cases/hotline-imports',
      { schema: { tags, summary: '12345 导入记录 List 12345 imports (newest first)', querystring: HotlineImportListQuerySchema, response: { 200: HotlineImportPageSchema, ...errors } } },
      async (req) => imports.list(req, req.query),
    );

    app.get(
      '/api/cases/hotline-imports/template.xlsx',
      { schema: { tags, summary: '12345 导入模板 Download the import template', response: { 200: z.any().describe(xlsxType), ...errors } } },
      async (req, reply) => {
        requirePrincipal(req);
        const file = await buildHotlineXlsx([templateExample()], { instructions: true, maxRows: ctx.config.caseIntake.hotlineMaxRows });
        return reply
          .type(xlsxType)
          .header('content-disposition', `attachment; filename="hotline-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('12345工单导入模板.xlsx')}`)
          .send(file);
      },
    );

    app.get(
      '/api/cases/hotline-imports/:id',
      {
        schema: {
          tags,
          summary: '12345 导入报告 One import’s row-by-row report',
          params: z.object({ id: z.string().uuid('导入记录编号不正确') }),
          response: { 200: HotlineImportSchema, ...errors },
        },
      },
      async (req) => imports.get(req, req.params.id),
    );
  };
