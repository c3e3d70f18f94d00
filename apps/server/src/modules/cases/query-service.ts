import type { Case, CaseEventView, CaseExportQuery, CaseListQuery, CaseStatus, CaseSummary, DispatchSuggestion } from '@gongzhi/contracts';
import { caseActionNames } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { placeOf } from './action-service.js';
import { type CaseConfigCache, caseConfigOf } from './config-cache.js';
import { chooseDepartments } from './dispatch.js';
import { presentCase, presentSummary } from './presenter.js';
import { type CaseListFilter, type CaseRow, type CaseSummaryRow, CaseRepository } from './repository.js';
import { canSeeCase, caseActorFor, caseScope } from './scope.js';
import { searchQueryTokens } from './text/segment.js';

type Cursor = { t: string | null; id: string };
const isCursor = (v: unknown): v is Cursor => !!v && typeof v === 'object' && typeof (v as Cursor).id === 'string';

const reasonOf = (data: unknown): string | null => {
  const r = data && typeof data === 'object' ? (data as { reason?: unknown }).reason : undefined;
  return typeof r === 'string' ? r : null;
};

const EVENT_NAMES: Record<string, string> = { intake: '受理', merge_in: '并入重复案件', master_update: '主案件进展' };

/** Reads of cases for a caller: scope applied in SQL, personal data masked, allowed actions attached. */
export class CaseQueryService {
  private readonly config: CaseConfigCache;

  constructor(
    private readonly ctx: AppContext,
    config?: CaseConfigCache,
  ) {
    this.config = config ?? caseConfigOf(ctx);
  }

  /** The case if the caller may see it; out of scope answers 404 like a missing one. */
  async visible(p: Principal, id: string): Promise<CaseRow> {
    const row = await new CaseRepository(this.ctx.db).findById(id);
    if (!row || !canSeeCase(p, placeOf(row))) throw new AppError('NOT_FOUND', '找不到该案件');
    return row;
  }

  async get(p: Principal, id: string): Promise<Case> {
    const row = await this.visible(p, id);
    return this.present(p, row);
  }

  /** The case as its anonymous reporter sees it right after reporting: no actions. */
  async publicView(id: string): Promise<Case> {
    const row = await new CaseRepository(this.ctx.db).findById(id);
    if (!row) throw new AppError('NOT_FOUND', '找不到该案件');
    return this.present(null, row);
  }

  /**
   * A case just taken in, from the row the intake wrote: no reads. Visible to the caller as a read
   * would be; else (an anonymous reporter) as the public view.
   */
  async presentCreated(p: Principal | null, c: { row: CaseRow; photoIds: string[]; duplicateOf: { id: string; number: string } | null }): Promise<Case> {
    const who = p && canSeeCase(p, placeOf(c.row)) ? p : null;
    return this.present(who, c.row, { photoIds: c.photoIds, refs: c.duplicateOf ? [c.duplicateOf] : [] });
  }

  async present(p: Principal | null, row: CaseRow, known?: { photoIds: string[]; refs: { id: string; number: string }[] }): Promise<Case> {
    const repo = new CaseRepository(this.ctx.db);
    const cfg = await this.config.get();
    const [photos, refs] = known
      ? [known.photoIds.map((id) => ({ id })), known.refs]
      : await Promise.all([repo.photoIds(row.id), repo.refs([row.duplicate_of_id, row.merged_into_id].filter((x): x is string => !!x))]);
    const ref = (id: string | null) => refs.find((r) => r.id === id) ?? null;
    return presentCase(row, cfg, this.ctx.cipher, {
      photoIds: photos.map((x) => x.id),
      duplicateOf: ref(row.duplicate_of_id),
      mergedInto: ref(row.merged_into_id),
      actorFor: p ? (r) => caseActorFor(p, placeOf(r)) : null,
    });
  }

  /**
   * The repository filter for a caller's query (scope, unit, words), shared by the list and the
   * export; null when the words leave nothing to search for (no case can match).
   */
  async filterFor(p: Principal, q: CaseExportQuery): Promise<Omit<CaseListFilter, 'after' | 'limit'> | null> {
    const scope = caseScope(p, 'case.read');
    if (p.kind !== 'resident' && scope.paths.length === 0 && scope.departmentIds.length === 0) throw new AppError('FORBIDDEN');
    let path: string | undefined;
    if (q.unit) {
      const u = await new JurisdictionRepository(this.ctx.db).findByCode(q.unit);
      if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${q.unit} 的区划或网格`);
      path = u.path;
    }
    const words = q.q ? searchQueryTokens(q.q) : undefined;
    if (q.q && words!.length === 0) return null;
    return {
      scope,
      statuses: q.status,
      types: q.type,
      category: q.category,
      channels: q.channel,
      path,
      departmentId: q.department,
      overdue: q.overdue,
      warning: q.warning,
      supervised: q.supervised,
      extensionRequested: q.extensionRequested,
      from: q.from,
      to: q.to,
      words,
      reporterUserId: p.kind === 'resident' ? p.userId : undefined,
      takenInBy: q.mine && p.kind !== 'resident' ? p.userId : undefined,
      sort: q.sort,
    };
  }

  async list(p: Principal, q: CaseListQuery): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const filter = await this.filterFor(p, q);
    if (!filter) return { items: [], nextCursor: null };
    const rows = await new CaseRepository(this.ctx.db).listSummaries({ ...filter, after: decodeCursor(q.cursor, isCursor), limit: q.limit });
    const cfg = await this.config.get();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const key = (r: CaseSummaryRow) => (q.sort === 'due_asc' ? (r.handle_due_at?.toISOString() ?? null) : r.received_at.toISOString());
    return { items: page.map((r) => presentSummary(r, cfg)), nextCursor: rows.length > q.limit && last ? encodeCursor({ t: key(last), id: last.id }) : null };
  }

  /** Up to `cap` cases of the query in its order, and whether more matched. */
  async rowsForExport(p: Principal, q: CaseExportQuery, cap: number): Promise<{ rows: CaseRow[]; capped: boolean }> {
    const filter = await this.filterFor(p, q);
    if (!filter) return { rows: [], capped: false };
    const rows = await new CaseRepository(this.ctx.db).list({ ...filter, limit: cap });
    return { rows: rows.slice(0, cap), capped: rows.length > cap };
  }

  /** The timeline; a resident sees the public steps only. */
  async events(p: Principal, id: string): Promise<CaseEventView[]> {
    await this.visible(p, id);
    const rows = await new CaseRepository(this.ctx.db).events(id);
    const publicOnly = p.kind === 'resident';
    return rows
      .filter((e) => !publicOnly || e.public)
      .map((e) => ({
        id: String(e.id),
        action: e.action,
        actionName: EVENT_NAMES[e.action] ?? caseActionNames[e.action as keyof typeof caseActionNames]?.zh ?? e.action,
        fromStatus: (e.from_status as CaseStatus | null) ?? null,
        toStatus: e.to_status as CaseStatus,
        actor: publicOnly ? null : e.actor_name,
        actorRole: publicOnly ? null : e.actor_role,
        department: e.department_name,
        note: e.note ?? (publicOnly ? null : reasonOf(e.data)),
        public: e.public,
        data: publicOnly ? null : ((e.data as Record<string, unknown> | null) ?? null),
        at: toShanghaiIso(e.at),
      }));
  }

  async suggestion(p: Principal, id: string): Promise<DispatchSuggestion> {
    const row = await this.visible(p, id);
    if (!can(p, 'case.act', { path: row.path })) throw new AppError('FORBIDDEN');
    const cfg = await this.config.get();
    const c = chooseDepartments(cfg, row.category_code, row.subdistrict_id);
    const ref = (d: { id: string; code: string; name: string }) => ({ id: d.id, code: d.code, name: d.name });
    return {
      lead: c.lead ? ref(c.lead) : null,
      assists: c.assists.map(ref),
      rule: c.rule ? { id: c.rule.id, categoryCode: c.rule.categoryCode, autoDispatch: c.rule.autoDispatch } : null,
      reason: c.reason,
    };
  }

  async duplicates(p: Principal, id: string) {
    const row = await this.visible(p, id);
    const cc = this.ctx.config.cases;
    const found = await new CaseRepository(this.ctx.db).duplicateCandidates({
      lng: row.lng,
      lat: row.lat,
      radiusM: cc.duplicateRadiusM,
      since: new Date(+row.received_at - cc.duplicateWindowHours * 3600_000),
      text: `${row.title} ${row.description}`,
      excludeId: row.id,
      minSimilarity: cc.duplicateMinSimilarity,
      limit: 10,
    });
    // Near a 街镇 border a candidate may lie in a neighbour's scope: show only what the caller may see.
    const visible = found.filter((d) => canSeeCase(p, { path: d.path, leadDepartmentId: d.lead_department_id, assistDepartmentIds: d.assist_department_ids, reporterUserId: d.reporter_user_id }));
    return visible.map((d) => ({ id: d.id, number: d.number, title: d.title, status: d.status as CaseStatus, distanceMeters: Math.round(d.distanceM), similarity: Math.round(d.sim * 1000) / 1000, receivedAt: toShanghaiIso(d.received_at) }));
  }
}
