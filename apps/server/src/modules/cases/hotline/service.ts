import { createHash } from 'node:crypto';
import type { HotlineImport, HotlineImportRow, HotlineImportSummary } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../http/app-error.js';
import { maskText } from '../../../http/log-redact.js';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.js';
import { authorize } from '../../identity/guard.js';
import { can, primaryRole, scopePaths } from '../../identity/policy.js';
import type { Principal } from '../../identity/principal.js';
import { toShanghaiIso } from '../../calendar/working-calendar.js';
import { UserRepository } from '../../users/repository.js';
import { caseConfigOf } from '../config-cache.js';
import type { CaseIntakeService } from '../intake-service.js';
import { type HotlineImportRecord, HotlineRepository } from './repository.js';
import { type CheckedRow, checkRow, columnHeaderOf } from './rows.js';
import { readHotlineFile } from './sheet.js';

/** Who imports, and where: a person with 'case.import' (their subtrees) or a machine token with the hotline_import scope (the district). */
interface Importer {
  principal: Principal;
  /** Subtrees the importer reaches; the first is where the import is filed. */
  scope: string[];
  mayImportAt(path: string): boolean;
}

// After this many unexpected failures in a row (the database gone, say) the rest of the file is not tried.
const maxConsecutiveFailures = 5;

// A cursor is read back into SQL casts: only the exact shapes the database wrote are accepted.
const cursorAt = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCursor = (v: unknown): v is { at: string; id: string } => {
  const c = v as { at?: unknown; id?: unknown } | null;
  return typeof c === 'object' && c !== null && typeof c.at === 'string' && cursorAt.test(c.at) && typeof c.id === 'string' && uuid.test(c.id);
};

/**
 * 12345 work-order imports. The file is checked as a whole first (nothing is written for a bad
 * file); then every row is checked and taken in on its own (one bad row never undoes another),
 * and the row-by-row report is stored with its audit record. An order number is taken in once:
 * importing the same rows again reports them as duplicates.
 */
export class HotlineImportService {
  private readonly repo: HotlineRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly intake: CaseIntakeService,
  ) {
    this.repo = new HotlineRepository(ctx.db);
  }

  async importFile(req: FastifyRequest, fileName: string): Promise<HotlineImport> {
    const who = await this.importer(req);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('INVALID_FILE', '请求体应为 .xlsx 或 CSV 文件的原始内容', undefined, 'Send the raw file as the body');
    const buf = req.body;
    const limits = this.ctx.config.caseIntake;
    const sheet = await readHotlineFile(buf, { maxRows: limits.hotlineMaxRows, maxInflatedBytes: limits.importMaxBytes * 20 });

    const cfg = await caseConfigOf(this.ctx).get();
    const categories = new Set([...cfg.categories.values()].filter((c) => c.active && c.parentCode).map((c) => c.code));
    const now = new Date();
    const checks = { now, categories, mayImportAt: who.mayImportAt, locate: (lng: number, lat: number) => this.ctx.locator.place(lng, lat)?.path ?? null };
    const checked = sheet.rows.map((r) => checkRow(r, sheet.columns, checks));
    const known = await this.repo.existingOrders([...new Set(checked.map((c) => c.orderNo).filter((n): n is string => !!n))]);

    const report: HotlineImportRow[] = [];
    const firstRowOf = new Map<string, HotlineImportRow>();
    let failures = 0;
    for (const c of checked) {
      const { row, unexpected } = failures >= maxConsecutiveFailures ? { row: notTried(c), unexpected: true } : await this.takeIn(req, who, c, known, firstRowOf);
      failures = unexpected ? failures + 1 : 0;
      if (c.orderNo && !firstRowOf.has(c.orderNo)) firstRowOf.set(c.orderNo, row);
      report.push({ ...row, message: maskText(row.message) });
    }

    const fileSha256 = createHash('sha256').update(buf).digest('hex');
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const id = await new HotlineRepository(trx).insert({ fileName, fileSha256, rows: report, importedBy: who.principal.userId, unitPath: who.scope[0]! });
      const count = (o: HotlineImportRow['outcome']) => report.filter((r) => r.outcome === o).length;
      await this.ctx.audit.append(
        {
          actorId: who.principal.userId,
          actorName: who.principal.username,
          actingRole: primaryRole(who.principal) ?? who.principal.kind,
          action: 'case.import',
          resourceType: 'hotline_import',
          resourceId: id,
          unitPath: who.scope[0]!,
          detail: { fileName, fileSha256, format: sheet.kind, rowsTotal: report.length, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') },
          ip: req.ip,
          requestId: req.id,
        },
        trx,
      );
      return id;
    });
    return this.get(req, id);
  }

  async list(req: FastifyRequest, q: { limit: number; cursor?: string | undefined }): Promise<{ items: HotlineImportSummary[]; nextCursor: string | null }> {
    const who = await this.importer(req);
    const rows = await this.repo.list(who.scope, q.limit, decodeCursor(q.cursor, isCursor));
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(summary), nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
  }

  async get(req: FastifyRequest, id: string): Promise<HotlineImport> {
    const who = await this.importer(req);
    const row = await this.repo.get(who.scope, id);
    if (!row) throw new AppError('NOT_FOUND', '找不到该导入记录', undefined, 'No such import');
    return { ...summary(row), rows: row.report as HotlineImportRow[] };
  }

  /** One checked row → its outcome: taken in, already there, or refused with the reasons. */
  private async takeIn(
    req: FastifyRequest,
    who: Importer,
    c: CheckedRow,
    known: Map<string, { id: string; number: string }>,
    firstRowOf: Map<string, HotlineImportRow>,
  ): Promise<{ row: HotlineImportRow; unexpected: boolean }> {
    const done = (row: HotlineImportRow) => ({ row, unexpected: false });
    const base = { row: c.row, orderNo: c.orderNo, fields: [] as string[], caseId: null, caseNumber: null };
    const earlier = c.orderNo ? firstRowOf.get(c.orderNo) : undefined;
    if (earlier && earlier.outcome !== 'rejected') {
      return done({ ...base, outcome: 'duplicate', message: `与第 ${earlier.row} 行工单编号相同，已按第 ${earlier.row} 行处理`, caseId: earlier.caseId, caseNumber: earlier.caseNumber });
    }
    const prior = c.orderNo ? known.get(c.orderNo) : undefined;
    // Imported before (by any file): a duplicate, even if the row would be refused today.
    if (prior && !earlier) return done({ ...base, outcome: 'duplicate', message: `该工单此前已导入，案件编号 ${prior.number}`, caseId: prior.id, caseNumber: prior.number });
    if (!c.ok) {
      return done({ ...base, outcome: 'rejected', message: c.problems.map((p) => p.message).join('；'), fields: [...new Set(c.problems.map((p) => p.field))] });
    }
    try {
      const r = await this.intake.intake(c.input, { principal: who.principal, ip: req.ip, requestId: req.id });
      return done({ ...base, outcome: 'accepted', message: `已导入，案件编号 ${r.number}`, caseId: r.caseId, caseNumber: r.number });
    } catch (err) {
      if (err instanceof AppError && err.code === 'DUPLICATE_SOURCE') {
        const d = err.details as { caseId?: string; number?: string } | undefined;
        return done({ ...base, outcome: 'duplicate', message: `该工单此前已导入，案件编号 ${d?.number ?? ''}`.trim(), caseId: d?.caseId ?? null, caseNumber: d?.number ?? null });
      }
      if (err instanceof AppError && err.status < 500) {
        const field = (err.details as { field?: string } | undefined)?.field;
        return done({ ...base, outcome: 'rejected', message: err.message, fields: field ? [columnHeaderOf(field)] : [] });
      }
      req.log.error({ err, row: c.row }, 'hotline row failed unexpectedly');
      return { row: { ...base, outcome: 'rejected', message: '系统错误，该行未导入，请稍后重新导入该文件（已导入的行不会重复）' }, unexpected: true };
    }
  }

  /** The caller as an importer, or 401/403. */
  private async importer(req: FastifyRequest): Promise<Importer> {
    const p = req.principal;
    if (p?.via.type === 'token' && p.kind === 'machine') {
      if (!p.via.scopes.includes('hotline_import')) throw new AppError('FORBIDDEN', '该接口令牌没有“12345 工单导入”（hotline_import）用途', undefined, 'The token lacks the hotline_import scope');
      const root = await new UserRepository(this.ctx.db).rootUnit();
      if (!root) throw new AppError('UNIT_NOT_FOUND', '尚未导入行政区划');
      return { principal: p, scope: [root.path], mayImportAt: () => true };
    }
    const staff = await authorize(this.ctx, req, 'case.import');
    return { principal: staff, scope: scopePaths(staff, 'case.import'), mayImportAt: (path) => can(staff, 'case.import', { path }) };
  }
}

function notTried(c: CheckedRow): HotlineImportRow {
  return { row: c.row, orderNo: c.orderNo, outcome: 'rejected', message: '系统错误过多，导入已中止，该行未处理；请稍后重新导入该文件', fields: [], caseId: null, caseNumber: null };
}

function summary(r: HotlineImportRecord): HotlineImportSummary {
  return {
    id: r.id,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    rowsTotal: r.rows_total,
    accepted: r.accepted,
    duplicates: r.duplicates,
    rejected: r.rejected,
    importedBy: r.importer,
    createdAt: toShanghaiIso(new Date(r.created_at)),
  };
}
