import { maskIdNumber, maskPhone, rolePermissions, roles, type VerificationGenerated, type VerificationProgress, type VerificationTask } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { shanghaiIso } from '../audit/routes.js';
import type { AuditEntry } from '../audit/writer.js';
import { authorize } from '../identity/guard.js';
import type { Principal } from '../identity/principal.js';
import { VerificationRepository } from './repository.js';

type ListRow = Awaited<ReturnType<VerificationRepository['list']>>[number];

/** Roles whose accounts may be handed tasks: those that hold verification.work. */
export const workerRoles: string[] = roles.filter((r) => rolePermissions[r].includes('verification.work'));

/**
 * Detail is written masked by whoever opens a task; as a second line of defence any string that
 * still looks like an ID number or a mobile number is masked before it leaves the server.
 */
export function maskDetail(v: unknown): unknown {
  if (typeof v === 'string') {
    return v.replace(/\d{17}[\dXx]/g, (m) => maskIdNumber(m)).replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
  }
  if (Array.isArray(v)) return v.map(maskDetail);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDetail(x)]));
  return v;
}

export function presentTask(r: ListRow): VerificationTask {
  const address = r.compound_name ? `${r.compound_name}${r.building_name ?? ''}${r.unit_no && r.unit_no > 1 ? `${r.unit_no}单元` : ''}${r.room ? `${r.room}室` : ''}` : null;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    resident: r.resident_id
      ? { id: r.resident_id, name: r.name_mask ?? '', idNumber: r.id_number_mask ?? '', phone: r.phone_mask, verifiedAt: r.verified_at ? shanghaiIso(new Date(r.verified_at)) : null }
      : null,
    address,
    neighborhood: { code: r.n_code, name: r.n_name },
    detail: maskDetail(r.detail ?? {}) as Record<string, unknown>,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    note: r.note,
    createdAt: shanghaiIso(new Date(r.created_at)),
    doneAt: r.done_at ? shanghaiIso(new Date(r.done_at)) : null,
    doneBy: r.done_by_name,
  };
}

const audit = (p: Principal, req: FastifyRequest, action: string, rest: Partial<AuditEntry>): AuditEntry => ({
  actorId: p.userId,
  actorName: p.username,
  actingRole: p.grants.find((g) => rolePermissions[g.role].includes(action === 'verification.complete' ? 'verification.work' : 'verification.manage'))?.role ?? null,
  ip: req.ip,
  requestId: req.id,
  action,
  ...rest,
});

/** 核查: generate, assign, complete, dismiss, track. */
export class VerificationService {
  readonly repo: VerificationRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new VerificationRepository(ctx.db);
  }

  /** A unit the caller sees (inside its scope, or above it); UNIT_NOT_FOUND otherwise. */
  async unitIn(code: string, scope: string[]) {
    const u = await this.repo.unitByCode(code);
    const visible = u && scope.some((s) => u.path === s || u.path.startsWith(`${s}.`) || s.startsWith(`${u.path}.`));
    if (!u || !visible) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${code} 的区划或网格`);
    return u;
  }

  /** Stale and missing-field tasks for a unit (or the whole scope). Opening a task twice is impossible (unique open index). */
  async generate(scope: string[], unitCode: string | undefined, kinds: ('stale' | 'missing_fields')[], p: Principal, req: FastifyRequest): Promise<VerificationGenerated> {
    const unit = unitCode ? await this.unitIn(unitCode, scope) : null;
    return this.ctx.db.transaction().execute(async (trx) => {
      const opened = { stale: 0, missing_fields: 0 };
      for (const kind of kinds) opened[kind] = await this.repo.generate(trx, kind, scope, unit?.path ?? null);
      await this.ctx.audit.append(audit(p, req, 'verification.generate', { resourceType: 'verification_task', unitPath: unit?.path ?? scope[0] ?? null, detail: { kinds, opened } }), trx);
      return { opened, openTotal: await this.repo.openCount(scope, unit?.path ?? null, trx) };
    });
  }

  async assign(scope: string[], ids: string[], assigneeId: string | null, p: Principal, req: FastifyRequest): Promise<number> {
    const unique = [...new Set(ids)];
    return this.ctx.db.transaction().execute(async (trx) => {
      const tasks = await this.repo.lockTasks(trx, unique, scope);
      if (tasks.length !== unique.length) throw new AppError('NOT_FOUND', '部分核查任务不存在或不在您的辖区内');
      if (tasks.some((t) => t.status !== 'open')) throw new AppError('TASK_NOT_OPEN', '所选任务中有已办结或已撤销的任务，请刷新后重试');
      if (assigneeId) {
        const outside = await this.repo.notCoveredBy(trx, assigneeId, workerRoles, unique);
        if (outside.length) {
          throw new AppError('ASSIGNEE_OUT_OF_SCOPE', `处理人的辖区不包含所选的 ${outside.length} 条任务，请改派给负责该辖区的网格员或社工`, { taskIds: outside });
        }
      }
      await this.repo.assign(trx, unique, assigneeId);
      await this.ctx.audit.append(
        audit(p, req, 'verification.assign', { resourceType: 'verification_task', resourceId: unique.length === 1 ? unique[0]! : null, after: { assigneeId, taskIds: unique } }),
        trx,
      );
      return unique.length;
    });
  }

  /**
   * 核查 done on site: the resident (or household) is marked verified now, the history says who
   * verified it and why, the task closes — and so does the resident's open stale task, if any.
   */
  async complete(req: FastifyRequest, id: string, note: string): Promise<void> {
    const found = await this.repo.findTask(id);
    if (!found) throw new AppError('NOT_FOUND', '找不到该核查任务');
    const p = await authorize(this.ctx, req, 'verification.work', { path: found.path, type: 'verification_task', id }, { hideAs404: true });
    await this.ctx.db.transaction().execute(async (trx) => {
      const task = await this.repo.lockTask(trx, id);
      if (!task || task.status !== 'open') throw new AppError('TASK_NOT_OPEN');
      const changes = { task: task.id, taskKind: task.kind, verifiedAt: new Date().toISOString() };
      if (task.resident_id) {
        const r = await this.repo.markResidentVerified(trx, task.resident_id);
        if (!r) throw new AppError('NOT_FOUND', '该居民记录已不存在');
        await this.repo.writeChange(trx, { residentId: r.id, householdId: r.household_id, neighborhoodId: r.neighborhood_id, path: r.path, changes, reason: note, actorId: p.userId });
        if (task.kind !== 'stale') await this.repo.closeStaleOf(trx, r.id, task.id, p.userId, `随核查任务一并办结：${note}`.slice(0, 500));
      } else if (task.household_id) {
        const h = await this.repo.markHouseholdVerified(trx, task.household_id);
        if (!h) throw new AppError('NOT_FOUND', '该户记录已不存在');
        await this.repo.writeChange(trx, { residentId: null, householdId: h.id, neighborhoodId: h.neighborhood_id, path: h.path, changes, reason: note, actorId: p.userId });
      }
      await this.repo.close(trx, id, { status: 'done', note, userId: p.userId });
      await this.ctx.audit.append(audit(p, req, 'verification.complete', { resourceType: 'verification_task', resourceId: id, unitPath: task.path, after: { kind: task.kind, status: 'done' } }), trx);
    });
  }

  async dismiss(req: FastifyRequest, id: string, reason: string): Promise<void> {
    // Those who only work tasks are told they may not dismiss (403), not that the task is unknown.
    await authorize(this.ctx, req, 'verification.manage');
    const found = await this.repo.findTask(id);
    if (!found) throw new AppError('NOT_FOUND', '找不到该核查任务');
    const p = await authorize(this.ctx, req, 'verification.manage', { path: found.path, type: 'verification_task', id }, { hideAs404: true });
    await this.ctx.db.transaction().execute(async (trx) => {
      const task = await this.repo.lockTask(trx, id);
      if (!task || task.status !== 'open') throw new AppError('TASK_NOT_OPEN');
      await this.repo.close(trx, id, { status: 'dismissed', note: reason, userId: p.userId });
      await this.ctx.audit.append(audit(p, req, 'verification.dismiss', { resourceType: 'verification_task', resourceId: id, unitPath: task.path, detail: { reason } }), trx);
    });
  }

  async progress(scope: string[], unitCode: string | undefined): Promise<VerificationProgress> {
    const unit = unitCode ? await this.unitIn(unitCode, scope) : await this.repo.unitByPath(scope[0]!);
    if (!unit) throw new AppError('UNIT_NOT_FOUND');
    const { children, totals } = await this.repo.progress(unit, scope);
    const figures = (r: { open: string; done: string; dismissed: string }) => {
      const open = Number(r.open);
      const done = Number(r.done);
      const dismissed = Number(r.dismissed);
      const total = open + done + dismissed;
      // Handled = verified or dismissed; a unit with no task is shown as 0 %, not as finished.
      return { open, done, dismissed, total, percentDone: total ? Math.round(((done + dismissed) / total) * 1000) / 10 : 0 };
    };
    return {
      unit: { code: unit.code, name: unit.name, level: unit.level },
      totals: figures(totals),
      children: children.map((c) => ({ code: c.code, name: c.name, level: c.level, ...figures(c) })),
    };
  }
}
