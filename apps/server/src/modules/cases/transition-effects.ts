import type { CaseActionRequest, CaseEvent, CaseState, CaseType } from '@gongzhi/contracts';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { CaseConfigSnapshot } from './config-cache.js';
import { deadlineRuleFor, followUpDeadline, handlingDeadlines, remainingMs, resumeDeadline, warnMoment } from './deadlines.js';
import type { CasePatch, CaseRow } from './repository.js';

export interface EffectInput {
  row: CaseRow;
  next: CaseState;
  event: CaseEvent;
  input: CaseActionRequest;
  now: Date;
  cfg: CaseConfigSnapshot;
  calendar: WorkingCalendar;
}

/**
 * The columns a transition changes: status and flags from the pure state machine, plus the
 * timestamps and deadlines the clock rules derive (dispatch starts the handling clock, an
 * extension request pauses it, approval adds working days, reopening restarts it). Pure.
 */
export function patchFor({ row, next, event, input, now, cfg, calendar }: EffectInput): CasePatch {
  const f = next.flags;
  const patch: CasePatch = {
    status: next.status,
    extension_requested: f.extensionRequested,
    extensions_approved: f.extensionsApproved,
    supervised: f.supervised,
    escalation_level: f.escalationLevel,
    reopen_count: f.reopenCount,
    satisfaction: f.satisfaction,
    lead_department_id: next.leadDepartmentId,
    assist_department_ids: [...next.assistDepartmentIds],
  };
  if (input.publicNote) {
    patch.public_note = input.publicNote;
    patch.public_note_at = now;
  }
  const rule = deadlineRuleFor(cfg, row.type as CaseType, row.category_code);
  const restartClock = (complex: boolean) => {
    const dl = handlingDeadlines(calendar, rule, now, { urgent: row.urgent, complex });
    Object.assign(patch, { sign_due_at: dl.signDueAt, handle_due_at: dl.handleDueAt, warn_at: dl.warnAt, calendar_known: dl.calendarKnown, warning: 'none', overdue: false, paused_remaining_ms: null });
  };

  switch (event.action) {
    case 'classify': {
      // Before dispatch: the new type and category give the handling time counted from receipt
      // (dispatch restarts the clock from then anyway).
      const categoryCode = event.categoryCode ?? row.category_code;
      const type = (event.type ?? row.type) as CaseType;
      const category = categoryCode ? cfg.categories.get(categoryCode) : undefined;
      patch.category_code = categoryCode;
      patch.type = type;
      patch.urgent = category?.urgent ?? row.urgent;
      if (row.status === 'received') {
        const dl = handlingDeadlines(calendar, deadlineRuleFor(cfg, type, categoryCode), row.received_at, { urgent: patch.urgent, complex: false });
        Object.assign(patch, { handle_due_at: dl.handleDueAt, warn_at: dl.warnAt, calendar_known: dl.calendarKnown });
      }
      break;
    }
    case 'dispatch':
    case 'redispatch': {
      const complex = input.complex ?? row.complex;
      patch.complex = complex;
      patch.dispatched_at = now;
      patch.signed_at = null;
      restartClock(complex);
      break;
    }
    case 'sign':
      patch.signed_at = now;
      break;
    case 'resolve':
      patch.resolved_at = now;
      patch.follow_up_due_at = followUpDeadline(calendar, rule, now);
      patch.warning = 'none';
      break;
    case 'close':
      patch.closed_at = now;
      break;
    case 'rate':
      patch.rated_at = now;
      break;
    case 'request_extension':
      patch.paused_remaining_ms = row.handle_due_at ? remainingMs(calendar, now, row.handle_due_at) : 0;
      break;
    case 'approve_extension':
    case 'reject_extension': {
      const extra = event.action === 'approve_extension' ? (event.extensionWorkingDays ?? 0) : 0;
      const remaining = Number(row.paused_remaining_ms ?? 0);
      const due = resumeDeadline(calendar, now, remaining, extra);
      patch.handle_due_at = due;
      patch.warn_at = warnMoment(calendar, now, due, rule.warnRatio);
      patch.paused_remaining_ms = null;
      patch.warning = 'none';
      patch.overdue = +now > +due;
      break;
    }
    case 'merge':
      patch.merged_into_id = event.masterCaseId ?? null;
      break;
    default:
      break;
  }
  if (event.reopened) {
    // 重办: the department redoes the work on a fresh handling clock.
    patch.resolved_at = null;
    patch.follow_up_due_at = null;
    patch.rated_at = null;
    restartClock(row.complex);
  }
  // A pending request lapses when the case leaves the department (the machine cleared the flag).
  if (row.extension_requested && !f.extensionRequested && !['approve_extension', 'reject_extension'].includes(event.action)) {
    patch.paused_remaining_ms = null;
  }
  return patch;
}
