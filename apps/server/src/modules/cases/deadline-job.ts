import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import { CaseActionService } from './action-service.js';
import { DeadlineRepository, type WatchKey, type WatchPass } from './deadline-repository.js';
import {
  escalatedNotice,
  nextEscalation,
  type NoticeDraft,
  overdueNotice,
  signOverdueNotice,
  type WatchedCase,
  warningChange,
  workingDaysOverdue,
  yellowNotice,
} from './deadline-rules.js';

export interface DeadlineScanResult {
  yellow: number;
  red: number;
  signOverdue: number;
  supervised: number;
  escalated: number;
  /** Notices inserted (a notice already sent is never sent again). */
  notices: number;
  /** Supervisions or escalations that met a concurrent change: the next scan decides again. */
  deferred: number;
  /** The per-scan cap on workflow actions was reached: the rest wait for the next scan. */
  capped: boolean;
  ms: number;
}

export interface DeadlineJobOptions {
  /** Cases per query (keyset pages). */
  batchSize?: number;
  /** Workflow actions (督办, escalation) per scan at most; the rest wait for the next scan. */
  maxActions?: number;
  log?: { warn(obj: object, msg: string): void };
}

const SUPERVISE_REASON = '超过办理时限，系统自动督办';

/**
 * The deadline scan over open cases (dispatched / signed / in progress, clock not paused by a
 * pending extension): yellow after the warning moment, red and overdue after the handling
 * deadline (the status stays), a notice when signing is late, 督办 for a newly overdue case and
 * escalation to the district after each further span of `cases.escalateAfterWorkingDays`.
 *
 * Each pass reads only the cases its partial index holds (0006_case_deadlines.sql), in keyset
 * pages. Warnings and notices are bulk SQL in one transaction per page; 督办 and escalation are
 * workflow actions by `system` (timeline, audit, compare-and-set on the version read). Every step
 * is safe to repeat: notices are unique per dedupe key and each update re-checks the state it
 * read, so two scans at once, or a scan run twice, add nothing.
 */
export class DeadlineJob {
  private readonly calendar: WorkingCalendar;
  private readonly actions: CaseActionService;
  private readonly batchSize: number;
  private readonly maxActions: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: DeadlineJobOptions = {},
  ) {
    this.calendar = new WorkingCalendar({ workHours: ctx.config.workHours, unknownYears: 'weekends' });
    this.actions = new CaseActionService(ctx);
    this.batchSize = opts.batchSize ?? 500;
    this.maxActions = opts.maxActions ?? 1000;
  }

  async scan(now: Date = new Date()): Promise<DeadlineScanResult> {
    const t0 = Date.now();
    const r: DeadlineScanResult = { yellow: 0, red: 0, signOverdue: 0, supervised: 0, escalated: 0, notices: 0, deferred: 0, capped: false, ms: 0 };
    // Order matters: a case turning red gets its escalation moment before the escalation pass reads it.
    await this.pages('yellow', now, (cases) => this.warnings(cases, now, r));
    await this.pages('red', now, (cases) => this.warnings(cases, now, r));
    await this.pages('sign', now, (cases) => this.signing(cases, now, r));
    let budget = this.maxActions;
    await this.pages('supervise', now, async (cases) => {
      for (const c of cases) {
        if (budget-- <= 0) {
          r.capped = true;
          return false;
        }
        if (await this.act(c, 'supervise', SUPERVISE_REASON)) r.supervised++;
        else r.deferred++;
      }
      return true;
    });
    if (this.ctx.config.cases.escalateAfterWorkingDays > 0) {
      await this.pages('escalate', now, async (cases) => {
        for (const c of cases) {
          if (budget-- <= 0) {
            r.capped = true;
            return false;
          }
          await this.escalate(c, now, r);
        }
        return true;
      });
    }
    r.ms = Date.now() - t0;
    return r;
  }

  /** Runs `each` over the keyset pages of a pass; `each` answers false to stop early. */
  private async pages(pass: WatchPass, now: Date, each: (cases: WatchedCase[]) => Promise<boolean | void>): Promise<void> {
    const repo = new DeadlineRepository(this.ctx.db);
    let after: WatchKey | null = null;
    for (;;) {
      const page = await repo.watched(pass, now, after, this.batchSize);
      if (page.cases.length > 0 && (await each(page.cases)) === false) return;
      if (page.cases.length < this.batchSize || !page.last) return;
      after = page.last;
    }
  }

  private async warnings(cases: WatchedCase[], now: Date, r: DeadlineScanResult): Promise<void> {
    const N = this.ctx.config.cases.escalateAfterWorkingDays;
    const planned = cases.flatMap((c) => {
      const change = warningChange(c, now, this.calendar, N);
      return change ? [{ c, change }] : [];
    });
    if (planned.length === 0) return;
    const changed = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new DeadlineRepository(trx);
      const ids = await repo.applyWarnings(planned.map(({ c, change }) => ({ id: c.id, version: c.version, ...change })));
      const notices = planned.filter(({ c }) => ids.has(c.id)).map(({ c, change }) => (change.warning === 'red' ? overdueNotice(c) : yellowNotice(c)));
      r.notices += await repo.insertNotices(notices);
      return planned.filter(({ c }) => ids.has(c.id));
    });
    for (const { c, change } of changed) {
      if (change.warning === 'red') r.red++;
      else r.yellow++;
      this.publish(c, change.warning === 'red' ? 'deadline_overdue' : 'deadline_yellow', now);
    }
  }

  private async signing(cases: WatchedCase[], now: Date, r: DeadlineScanResult): Promise<void> {
    const marked = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new DeadlineRepository(trx);
      const ids = await repo.markSignReported(cases.map((c) => ({ id: c.id, signDueAt: c.signDueAt! })));
      const notices: NoticeDraft[] = cases.filter((c) => ids.has(c.id)).map(signOverdueNotice);
      r.notices += await repo.insertNotices(notices);
      return cases.filter((c) => ids.has(c.id));
    });
    r.signOverdue += marked.length;
    for (const c of marked) this.publish(c, 'deadline_sign_overdue', now);
  }

  /** Claim the escalation moment first, so two scans cannot both escalate; give it back if the action fails. */
  private async escalate(c: WatchedCase, now: Date, r: DeadlineScanResult): Promise<void> {
    const N = this.ctx.config.cases.escalateAfterWorkingDays;
    const at = c.escalateAt!;
    const next = nextEscalation(this.calendar, at, now, N);
    const repo = new DeadlineRepository(this.ctx.db);
    if (!(await repo.claimEscalation(c.id, at, next))) return;
    const days = workingDaysOverdue(this.calendar, c.handleDueAt!, at);
    if (!(await this.act(c, 'escalate', `超过办理时限 ${days} 个工作日仍未办结，升级督办`))) {
      await repo.releaseEscalation(c.id, next, at);
      r.deferred++;
      return;
    }
    r.escalated++;
    r.notices += await repo.insertNotices([escalatedNotice(c, at, days, c.escalationLevel + 1)]);
  }

  /** A workflow action as `system` on the version read; false when the case moved meanwhile (next scan decides again). */
  private async act(c: WatchedCase, action: 'supervise' | 'escalate', reason: string): Promise<boolean> {
    try {
      await this.actions.act(c.id, action, { reason, version: c.version }, 'system');
      return true;
    } catch (err) {
      if (err instanceof AppError && ['CONFLICT', 'INVALID_TRANSITION', 'NOT_FOUND'].includes(err.code)) return false;
      this.opts.log?.warn({ err, caseId: c.id, action }, 'deadline job: action failed');
      return false;
    }
  }

  private publish(c: WatchedCase, action: string, now: Date): void {
    this.ctx.caseEvents.publish({
      caseId: c.id,
      number: c.number,
      action,
      status: c.status,
      subdistrict: c.subCode,
      at: now.toISOString(),
      path: c.path,
      leadDepartmentId: c.leadDepartmentId,
      assistDepartmentIds: c.assistDepartmentIds,
      // Warnings are for the people in charge, not the reporter's stream.
      reporterUserId: null,
    });
  }
}
