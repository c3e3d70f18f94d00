import { type CaseType, type DeadlinePreview, type DeadlineRuleInput, type DeadlineRuleView, deadlineMatches } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso, WorkingCalendar } from '../calendar/working-calendar.js';
import type { DeadlineRuleEntry } from '../cases/config-cache.js';
import { deadlineRuleFor, followUpDeadline, handlingDeadlines } from '../cases/deadlines.js';
import { auditBase, bumpInside, type ConfigCaller, freshSnapshot, reloadLocal } from './access.js';
import { deadlineAuditView, presentDeadlineRule } from './presenter.js';
import { CaseConfigAdminRepository, type DeadlineRow, isUniqueViolation } from './repository.js';

const unknownCategory = (code: string) => new AppError('UNKNOWN_CATEGORY', `案件分类 ${code} 不存在`, { field: 'categoryCode' }, `No category ${code}`);

/**
 * Deadline rules keyed by (type or any, category or any); the most specific one applies. The
 * (any, any) rule is the floor every case falls back to, so it can be changed but not removed.
 */
export class DeadlineRuleService {
  private readonly calendar: WorkingCalendar;

  constructor(
    private readonly ctx: AppContext,
    private readonly districtPath: () => Promise<string>,
  ) {
    // Same calendar as intake, so the preview shows the due times a case would really get.
    this.calendar = new WorkingCalendar({ workHours: ctx.config.workHours, unknownYears: 'weekends' });
  }

  async list(): Promise<DeadlineRuleView[]> {
    const [rows, cfg] = await Promise.all([new CaseConfigAdminRepository(this.ctx.db).deadlineRules(), freshSnapshot(this.ctx.db)]);
    return rows.map((r) => presentDeadlineRule(r, cfg));
  }

  async put(input: DeadlineRuleInput, caller: ConfigCaller): Promise<{ rule: DeadlineRuleView; created: boolean }> {
    if (input.categoryCode && !(await new CaseConfigAdminRepository(this.ctx.db).category(input.categoryCode))) throw unknownCategory(input.categoryCode);
    if (input.complexWorkingDays < input.handleWorkingDays) {
      throw new AppError('INVALID_RULE', `复杂件办理时限（${input.complexWorkingDays} 个工作日）不应短于普通办理时限（${input.handleWorkingDays} 个工作日）`, { field: 'complexWorkingDays' }, 'The complex-case time must not be shorter than the normal handling time');
    }
    const values = {
      case_type: input.caseType,
      category_code: input.categoryCode,
      sign_working_hours: input.signWorkingHours,
      urgent_sign_hours: input.urgentSignHours,
      handle_working_days: input.handleWorkingDays,
      complex_working_days: input.complexWorkingDays,
      follow_up_working_days: input.followUpWorkingDays,
      warn_ratio: input.warnRatio,
    };
    const path = await this.districtPath();
    let saved: { row: DeadlineRow; created: boolean };
    try {
      saved = await this.ctx.db.transaction().execute(async (trx) => {
        const t = new CaseConfigAdminRepository(trx);
        const existing = await t.deadlineRuleAt(input.caseType, input.categoryCode);
        const row = existing ? await t.updateDeadlineRule(existing.id, values) : await t.insertDeadlineRule(values);
        await bumpInside(trx);
        await this.ctx.audit.append(
          {
            ...auditBase(caller),
            action: existing ? 'deadline_rule.update' : 'deadline_rule.create',
            resourceType: 'deadline_rule',
            resourceId: row.id,
            unitPath: path,
            before: existing ? deadlineAuditView(existing) : null,
            after: deadlineAuditView(row),
          },
          trx,
        );
        return { row, created: !existing };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '另一位管理员刚刚新增了同一条时限规则，请刷新后重试');
      throw e;
    }
    reloadLocal(this.ctx);
    return { rule: presentDeadlineRule(saved.row, await freshSnapshot(this.ctx.db)), created: saved.created };
  }

  async delete(id: string, caller: ConfigCaller): Promise<void> {
    const path = await this.districtPath();
    const outcome = await this.ctx.db.transaction().execute(async (trx) => {
      const t = new CaseConfigAdminRepository(trx);
      const row = await t.deadlineRule(id, { lock: true });
      if (!row) return 'missing' as const;
      if (row.case_type === null && row.category_code === null) return 'default' as const;
      await t.deleteDeadlineRule(id);
      await bumpInside(trx);
      await this.ctx.audit.append(
        { ...auditBase(caller), action: 'deadline_rule.delete', resourceType: 'deadline_rule', resourceId: id, unitPath: path, before: deadlineAuditView(row), after: null },
        trx,
      );
      return 'deleted' as const;
    });
    if (outcome === 'missing') throw new AppError('NOT_FOUND', '时限规则不存在', undefined, 'No such deadline rule');
    if (outcome === 'default') {
      throw new AppError('INVALID_RULE', '默认时限规则（不限类型、不限分类）不能删除，只能修改', { field: 'id' }, 'The default deadline rule cannot be deleted, only changed');
    }
    reloadLocal(this.ctx);
  }

  /** Which rule a case of this type and category gets, and the due times it would have from `from`. */
  async preview(q: { type?: CaseType | undefined; category?: string | undefined; from?: string | undefined; urgent?: boolean | undefined }): Promise<DeadlinePreview> {
    const [cfg, rows] = await Promise.all([freshSnapshot(this.ctx.db), new CaseConfigAdminRepository(this.ctx.db).deadlineRules()]);
    const cat = q.category ? cfg.categories.get(q.category) : undefined;
    if (q.category && !cat) throw unknownCategory(q.category);
    const type: CaseType = q.type ?? cat?.defaultType ?? 'complaint';
    const urgent = q.urgent ?? cat?.urgent ?? false;
    const from = q.from ? new Date(q.from) : new Date();
    const rule = deadlineRuleFor(cfg, type, q.category ?? null);
    const row = rows.find((r) => r.case_type === rule.caseType && r.category_code === rule.categoryCode) ?? null;
    const normal = handlingDeadlines(this.calendar, rule, from, { urgent, complex: false });
    const complex = handlingDeadlines(this.calendar, rule, from, { urgent, complex: true });
    const followUpDueAt = followUpDeadline(this.calendar, rule, normal.handleDueAt);
    const known = normal.calendarKnown && complex.calendarKnown && this.calendar.describe(normal.handleDueAt, followUpDueAt).unknownYears.length === 0;
    return {
      type,
      category: cat ? { code: cat.code, name: cat.name, parentName: cat.parentName } : null,
      urgent,
      rule: row ? presentDeadlineRule(row, cfg) : null,
      matchedBy: matchOf(rule, q.category ?? null, cat?.parentCode ?? null),
      from: toShanghaiIso(from),
      signDueAt: toShanghaiIso(normal.signDueAt),
      handleDueAt: toShanghaiIso(normal.handleDueAt),
      warnAt: toShanghaiIso(normal.warnAt),
      complexHandleDueAt: toShanghaiIso(complex.handleDueAt),
      followUpDueAt: toShanghaiIso(followUpDueAt),
      calendarKnown: known,
    };
  }
}

/** How the applied rule matched: its category (the case's own or its parent's) and whether it names the type. */
function matchOf(rule: DeadlineRuleEntry, category: string | null, parent: string | null): (typeof deadlineMatches)[number] {
  if (rule.categoryCode && rule.categoryCode === category) return rule.caseType ? 'category_type' : 'category';
  if (rule.categoryCode && rule.categoryCode === parent) return rule.caseType ? 'parent_type' : 'parent';
  return rule.caseType ? 'type' : 'default';
}
