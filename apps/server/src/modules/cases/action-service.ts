import { type CaseAction, type CaseActionRequest, type CaseActor, caseActionNames, transition } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import { type CaseConfigCache, caseConfigOf } from './config-cache.js';
import { type CaseRow, CaseRepository } from './repository.js';
import { stateOf } from './presenter.js';
import { canSeeCase, caseActorFor } from './scope.js';
import { patchFor } from './transition-effects.js';
import type { CaseCaller } from './types.js';

export interface ActionResult {
  caseId: string;
  status: string;
  version: number;
}

/** Who acts when no person does: deadline jobs and automatic rules. */
export const systemActor: CaseActor = { roles: [], isSystem: true, userId: null, departmentId: null };

/**
 * One workflow action: the pure transition decides, then one transaction applies it as a
 * compare-and-set on the version, with its timeline entry and audit record. Of two dispatchers
 * acting at once, the second finds the version moved and gets 409.
 */
export class CaseActionService {
  private readonly calendar: WorkingCalendar;

  private readonly config: CaseConfigCache;

  constructor(
    private readonly ctx: AppContext,
    config?: CaseConfigCache,
  ) {
    this.config = config ?? caseConfigOf(ctx);
    this.calendar = new WorkingCalendar({ workHours: ctx.config.workHours, unknownYears: 'weekends' });
  }

  async act(caseId: string, action: CaseAction, input: CaseActionRequest, caller: CaseCaller | 'system'): Promise<ActionResult> {
    const repo = new CaseRepository(this.ctx.db);
    const row = await repo.findById(caseId);
    const p = caller === 'system' ? null : caller.principal;
    if (!row || (caller !== 'system' && (!p || !canSeeCase(p, placeOf(row))))) throw new AppError('NOT_FOUND', '找不到该案件');
    if (input.version !== undefined && input.version !== row.version) throw staleConflict();
    const actor = caller === 'system' ? systemActor : caseActorFor(p!, placeOf(row));
    const result = transition(stateOf(row), action, actor, {
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.leadDepartmentId !== undefined ? { leadDepartmentId: input.leadDepartmentId } : {}),
      ...(input.assistDepartmentIds !== undefined ? { assistDepartmentIds: input.assistDepartmentIds } : {}),
      ...(input.satisfaction !== undefined ? { satisfaction: input.satisfaction } : {}),
      ...(input.masterCaseId !== undefined ? { masterCaseId: input.masterCaseId } : {}),
      ...(input.extensionWorkingDays !== undefined ? { extensionWorkingDays: input.extensionWorkingDays } : {}),
      ...(input.categoryCode !== undefined ? { categoryCode: input.categoryCode } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
    });
    if (!result.ok) {
      const code = result.code === 'INVALID_INPUT' ? 'VALIDATION_FAILED' : result.code;
      if (code === 'FORBIDDEN' && p) await this.auditDenied(row, action, caller as CaseCaller);
      throw new AppError(code, result.message);
    }
    const cfg = await this.config.get();
    if (result.event.leadDepartmentId) {
      for (const id of [result.event.leadDepartmentId, ...(result.event.assistDepartmentIds ?? [])]) {
        if (!cfg.departments.has(id)) throw new AppError('VALIDATION_FAILED', '指定的部门不存在', { field: 'leadDepartmentId' });
      }
    }
    if (result.event.categoryCode) {
      const cat = cfg.categories.get(result.event.categoryCode);
      if (!cat || !cat.active || !cat.parentCode) throw new AppError('UNKNOWN_CATEGORY', `案件分类 ${result.event.categoryCode} 不存在或已停用`, { field: 'categoryCode' });
    }
    let master: CaseRow | undefined;
    if (action === 'merge') master = await this.checkMaster(repo, row, input.masterCaseId!, p);

    const now = new Date();
    const patch = patchFor({ row, next: result.next, event: result.event, input, now, cfg, calendar: this.calendar });
    const actorName = p ? p.username : '系统';
    const actorRole = p ? (actor.roles[0] ?? p.kind) : 'system';
    const department = actor.departmentId ?? result.event.leadDepartmentId ?? null;
    const note = [input.reason, input.publicNote].filter(Boolean).join('；') || null;
    const children = ['resolved', 'closed'].includes(result.next.status) && result.event.from !== result.next.status ? await repo.childrenOf(row.id) : [];

    const isPublic = !!input.publicNote || PUBLIC_ACTIONS.has(action);
    await this.ctx.db.transaction().execute(async (trx) => {
      const t = new CaseRepository(trx);
      if (!(await t.casUpdate(row.id, row.version, patch))) throw staleConflict();
      const photoIds = [...new Set(input.photoIds ?? [])];
      if ((await t.attachPhotos(row.id, photoIds, p?.userId ?? null)) !== photoIds.length) {
        throw new AppError('INVALID_PHOTO', '照片已失效或不是您上传的，请重新上传', { field: 'photoIds' });
      }
      const data = { ...result.event, from: undefined, to: undefined, action: undefined, ...(photoIds.length ? { photoIds } : {}) };
      await t.insertEvent({
        case_id: row.id,
        action,
        from_status: result.event.from,
        to_status: result.event.to,
        actor_id: p?.userId ?? null,
        actor_name: actorName,
        actor_role: actorRole,
        department_id: department,
        // A public step shows only the public note; the staff reason stays in `data` for staff.
        note: input.publicNote ?? (isPublic ? null : (input.reason ?? null)),
        public: isPublic,
        data: JSON.stringify(data),
        at: now,
      });
      if (master) {
        await t.insertEvent({ case_id: master.id, action: 'merge_in', from_status: master.status, to_status: master.status, actor_id: p?.userId ?? null, actor_name: actorName, actor_role: actorRole, note: `已并入重复案件 ${row.number}`, public: false, data: JSON.stringify({ caseId: row.id, number: row.number }), at: now });
      }
      // Reporters of merged duplicates hear the outcome of the master case.
      for (const child of children) {
        await t.insertEvent({ case_id: child.id, action: 'master_update', from_status: 'merged', to_status: 'merged', actor_id: null, actor_name: '系统', actor_role: 'system', note: `主案件 ${row.number} ${result.next.status === 'closed' ? '已结案' : '已办结'}${input.publicNote ? `：${input.publicNote}` : ''}`, public: true, data: JSON.stringify({ master: row.number, status: result.next.status }), at: now });
      }
      await this.ctx.audit.append(
        {
          actorId: p?.userId ?? null,
          actorName,
          actingRole: actorRole,
          action: `case.${action}`,
          resourceType: 'case',
          resourceId: row.id,
          unitPath: row.path,
          before: { status: row.status, version: row.version },
          after: { status: result.next.status, lead: result.next.leadDepartmentId, note },
          ip: caller === 'system' ? null : caller.ip,
          requestId: caller === 'system' ? null : caller.requestId,
        },
        trx,
      );
    });
    this.ctx.caseEvents.publish({
      caseId: row.id,
      number: row.number,
      action,
      status: result.next.status,
      subdistrict: row.sub_code,
      at: now.toISOString(),
      path: row.path,
      leadDepartmentId: result.next.leadDepartmentId,
      assistDepartmentIds: [...result.next.assistDepartmentIds],
      reporterUserId: row.reporter_user_id,
    });
    return { caseId: row.id, status: result.next.status, version: row.version + 1 };
  }

  private async checkMaster(repo: CaseRepository, row: CaseRow, masterId: string, p: CaseCaller['principal']): Promise<CaseRow> {
    if (masterId === row.id) throw new AppError('VALIDATION_FAILED', '不能把案件合并到自身', { field: 'masterCaseId' });
    const master = await repo.findById(masterId);
    if (!master || (p && !canSeeCase(p, placeOf(master)))) throw new AppError('VALIDATION_FAILED', '找不到主案件', { field: 'masterCaseId' });
    if (['merged', 'cancelled', 'closed'].includes(master.status)) {
      throw new AppError('INVALID_TRANSITION', `主案件 ${master.number} 已${master.status === 'merged' ? '被合并' : master.status === 'closed' ? '结案' : '撤销'}，不能并入`);
    }
    return master;
  }

  private async auditDenied(row: CaseRow, action: CaseAction, caller: CaseCaller): Promise<void> {
    const p = caller.principal!;
    await this.ctx.audit.append({
      actorId: p.userId,
      actorName: p.username,
      actingRole: p.grants[0]?.role ?? null,
      action: `case.${action}`,
      outcome: 'denied',
      resourceType: 'case',
      resourceId: row.id,
      unitPath: row.path,
      detail: { action: caseActionNames[action].zh },
      ip: caller.ip,
      requestId: caller.requestId,
    });
  }
}

/** Steps the reporter and the public (Open311 notes) see on the timeline. */
const PUBLIC_ACTIONS = new Set<CaseAction>(['dispatch', 'redispatch', 'sign', 'resolve', 'verify_pass', 'close', 'reopen', 'merge', 'cancel', 'rate', 'follow_up']);

const staleConflict = () => new AppError('CONFLICT', '案件已被他人处理，请刷新后重试');

export const placeOf = (r: CaseRow) => ({ path: r.path, leadDepartmentId: r.lead_department_id, assistDepartmentIds: r.assist_department_ids, reporterUserId: r.reporter_user_id });
