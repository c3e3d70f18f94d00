import {
  DeidentifiedQuerySchema,
  ErrorBodySchema,
  LedgerListSchema,
  LedgerParamsSchema,
  LedgerQuerySchema,
  LedgerResultSchema,
  rolePermissions,
  type Action,
} from '@gongzhi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { authorize } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { ledgerDef, ledgerDefs } from './definitions.js';
import { anonymise, deidentifiedRecords, deidentifiedWorkbook } from './deidentified.js';
import { ledgerFileNames, ledgerWorkbook } from './excel.js';
import type { LedgerUnit } from './repository.js';
import { LedgerService, summaryOf } from './service.js';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 422: ErrorBodySchema };
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const actingRole = (p: Principal, action: Action) => p.grants.find((g) => rolePermissions[g.role].includes(action))?.role ?? null;

/**
 * 台账报表: the list, one ledger as JSON or Excel for a unit in the caller's scope (outside it: 404),
 * plain names and ID numbers in the lists only for those who may reveal personal data, with a
 * reason, audited; and the k-anonymous export for analysts.
 */
export const ledgerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const units = new JurisdictionRepository(ctx.db);
    const service = new LedgerService(ctx.db, ctx.cipher);

    /** The unit named by code, if the caller holds `action` over it; missing and out of scope answer alike. */
    const unitFor = async (req: FastifyRequest, code: string, action: Action): Promise<{ p: Principal; unit: LedgerUnit }> => {
      await authorize(ctx, req, action); // 401/403 (the action held nowhere) before 404
      const u = await units.findByCode(code);
      if (!u || u.level === 'grid') {
        throw new AppError('NOT_FOUND', `找不到代码为 ${code} 的区、街镇或居民区`);
      }
      const p = await authorize(ctx, req, action, { path: u.path, type: 'jurisdiction_unit', id: u.code }, { hideAs404: true });
      return { p, unit: { id: u.id, code: u.code, name: u.name, level: u.level as LedgerUnit['level'], path: u.path } };
    };

    const generate = async (req: FastifyRequest, id: string, q: { unit: string; plain: boolean; reason?: string | undefined }, format: 'json' | 'xlsx') => {
      const def = ledgerDef(id)!;
      const { p, unit } = await unitFor(req, q.unit, 'ledger.read');
      if (q.plain) {
        await authorize(ctx, req, 'personal_data.reveal', { path: unit.path, type: 'ledger', id: def.id });
        if (!q.reason) throw new AppError('REASON_REQUIRED', '查看台账中的个人信息明文须填写理由', undefined, 'A reason is required to see plain personal data');
      }
      const { result, persons } = await service.generate(def, unit, { plain: q.plain });
      const ancestors = await units.ancestors(unit.path);
      result.ancestors = ancestors
        .filter((a) => can(p, 'ledger.read', { path: a.path }))
        .map((a) => ({ code: a.code, name: a.name, level: a.level as LedgerUnit['level'] }));
      if (q.plain || format === 'xlsx') {
        // A plain view reveals personal data; an Excel file takes the ledger away: both are recorded.
        await ctx.audit.append({
          actorId: p.userId,
          actorName: p.username,
          actingRole: actingRole(p, q.plain ? 'personal_data.reveal' : 'ledger.read'),
          action: q.plain ? 'personal_data.reveal' : 'ledger.export',
          resourceType: 'ledger',
          resourceId: def.id,
          unitPath: unit.path,
          detail: { ledger: def.id, ledgerName: def.name, unit: unit.code, persons, format, ...(q.plain ? { plain: true, reason: q.reason } : {}) },
          ip: req.ip,
          requestId: req.id,
        });
      }
      return result;
    };

    const sendXlsx = (reply: FastifyReply, file: Buffer, names: { ascii: string; utf8: string }) =>
      reply
        .header('content-type', xlsxType)
        .header('content-disposition', `attachment; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`)
        .header('cache-control', 'no-store')
        .send(file);

    app.get(
      '/api/ledgers',
      { schema: { tags: ['ledgers'], summary: '台账列表 List the ledgers', response: { 200: LedgerListSchema, 401: ErrorBodySchema, 403: ErrorBodySchema } } },
      async (req) => {
        await authorize(ctx, req, 'ledger.read');
        return { items: ledgerDefs.map(summaryOf) };
      },
    );

    app.get(
      '/api/ledgers/:id',
      {
        schema: {
          tags: ['ledgers'],
          summary: '生成台账 Generate a ledger (JSON)',
          description: '行为统计单位的下级（区→街镇，街镇→居民区，居民区→小区）加合计行；居民区一级附人员名单（脱敏）。plain=true 需查看个人信息明文权限并填写 reason，记入审计日志。',
          params: LedgerParamsSchema,
          querystring: LedgerQuerySchema,
          response: { 200: LedgerResultSchema, ...errors },
        },
      },
      async (req) => generate(req, req.params.id, req.query, 'json'),
    );

    app.get(
      '/api/ledgers/:id.xlsx',
      {
        schema: {
          tags: ['ledgers'],
          summary: '导出台账 Export a ledger (xlsx)',
          description: '与 JSON 相同的数字：标题行（单位与日期）、中文表头（冻结）、合计行；名单另起工作表。导出记入审计日志。',
          params: LedgerParamsSchema,
          querystring: LedgerQuerySchema,
          response: { 200: z.any().describe(xlsxType), ...errors },
        },
      },
      async (req, reply) => {
        const result = await generate(req, req.params.id, req.query, 'xlsx');
        return sendXlsx(reply, await ledgerWorkbook(result), ledgerFileNames(result));
      },
    );

    app.get(
      '/api/residents/deidentified.xlsx',
      {
        schema: {
          tags: ['ledgers'],
          summary: '去标识化导出 De-identified resident export (xlsx, k-anonymous)',
          description: '删除姓名、身份证号、手机号、门牌；出生年份按 5 年段、地址到小区泛化，不足 k 人的组合进一步泛化或抑制；说明页给出达到的 k、泛化方式与抑制人数。记入审计日志。',
          querystring: DeidentifiedQuerySchema,
          response: { 200: z.any().describe(xlsxType), ...errors },
        },
      },
      async (req, reply) => {
        const { p, unit } = await unitFor(req, req.query.unit, 'data.deidentified_export');
        const res = anonymise(await deidentifiedRecords(ctx.db, unit), req.query.k);
        const exportedAt = toShanghaiIso(new Date());
        await ctx.audit.append({
          actorId: p.userId,
          actorName: p.username,
          actingRole: actingRole(p, 'data.deidentified_export'),
          action: 'data.deidentified_export',
          resourceType: 'resident',
          unitPath: unit.path,
          detail: { unit: unit.code, k: res.k, kAchieved: res.kAchieved, level: res.level, total: res.total, released: res.released, suppressed: res.suppressed },
          ip: req.ip,
          requestId: req.id,
        });
        const file = await deidentifiedWorkbook(res, { unit, exportedBy: p.username, exportedAt });
        const day = exportedAt.slice(0, 10);
        return sendXlsx(reply.header('x-k-achieved', String(res.kAchieved ?? 0)).header('x-suppressed', String(res.suppressed)), file, {
          ascii: `deidentified-${unit.code}-k${res.k}-${day}.xlsx`,
          utf8: `${unit.name}去标识化数据-k${res.k}-${day}.xlsx`,
        });
      },
    );
  };
