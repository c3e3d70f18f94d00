/**
 * The 一网统管 case workflow: statuses, actions, the transition table and two pure functions
 * (`allowedActions`, `transition`) that the server's use cases, the web's action menus and the
 * deadline job all read. Zod-free so the web can import it.
 *
 * Main loop: 受理 received → 派单 dispatched → 签收 signed → 处置 in_progress → 办结 resolved
 * → 核查 verified → 回访 followed_up → 结案 closed; plus 退单 returned, 合并 merged, 撤销 cancelled.
 *
 * Design decisions:
 * - 延期 and 督办 are FLAGS on the case, not statuses: a case under supervision or waiting for an
 *   extension decision is still signed / in progress, and the handler keeps working on it.
 *   `flags.extensionRequested` (a request awaiting the dispatcher) pauses the handling clock —
 *   `isDeadlinePaused()` is what the deadline code reads; approval or rejection unpauses it, and an
 *   approval also counts in `flags.extensionsApproved` (the deadline code adds the approved working
 *   days carried by the event). `flags.supervised` marks a 督办件 for the life of the case;
 *   `flags.escalationLevel` counts escalations to the level above.
 * - 重办 (reopen) is an EVENT, not a status: a failed verification, an unsatisfied rating or
 *   follow-up, or a dispatcher's reopen sends the case back to `in_progress` with the same lead
 *   department (it already signed; it redoes the work), clears the rating and counts in
 *   `flags.reopenCount`. If the department was wrong, the dispatcher redispatches from there.
 * - Terminal: `merged` and `cancelled` refuse everything. `closed` refuses everything except the
 *   reporter's `rate` while the case is not yet rated; 不满意 reopens it. The rating window (how
 *   long after closing a rating is accepted) is time, so the server checks it, not this module.
 * - 主办/协办: department-handler actions require the actor's department to be the lead; only
 *   actions marked `assist: true` (adding a note) are open to an assisting department.
 * - The resident may act only as the case's reporter (`reporterUserId`).
 * - `system` is the actor of scheduled jobs and automatic rules (auto-dispatch by the 权责清单,
 *   supervision and escalation of overdue cases); it holds no role, only the `system` entries of the table.
 * - Checks run in this order: status and flag guard (INVALID_TRANSITION) → actor (FORBIDDEN) →
 *   reason (REASON_REQUIRED) → action input such as the department (INVALID_INPUT).
 */
import type { Role } from './roles.js';

type Names = { zh: string; en: string };

export const caseStatuses = [
  'received',
  'dispatched',
  'signed',
  'in_progress',
  'resolved',
  'verified',
  'followed_up',
  'closed',
  'returned',
  'merged',
  'cancelled',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusNames: Record<CaseStatus, Names> = {
  received: { zh: '已受理', en: 'Received' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed for' },
  in_progress: { zh: '处置中', en: 'In progress' },
  resolved: { zh: '已办结', en: 'Resolved' },
  verified: { zh: '已核查', en: 'Verified' },
  followed_up: { zh: '已回访', en: 'Followed up' },
  closed: { zh: '已结案', en: 'Closed' },
  returned: { zh: '已退单', en: 'Returned' },
  merged: { zh: '已合并', en: 'Merged' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** Statuses from which nothing (or, for `closed`, only the reporter's first rating) is possible. */
export const terminalCaseStatuses: readonly CaseStatus[] = ['closed', 'merged', 'cancelled'];

export const caseChannels = ['resident_app', 'hotline_12345', 'grid_patrol', 'iot_alarm', 'reception', 'open311'] as const;
export type CaseChannel = (typeof caseChannels)[number];

export const caseChannelNames: Record<CaseChannel, Names> = {
  resident_app: { zh: '居民随手拍', en: 'Resident app' },
  hotline_12345: { zh: '12345市民热线', en: '12345 hotline' },
  grid_patrol: { zh: '网格巡查', en: 'Grid patrol' },
  iot_alarm: { zh: '物联感知告警', en: 'IoT alarm' },
  reception: { zh: '两代表一委员接待', en: 'Joint reception' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
};

export const caseTypes = ['consult', 'help', 'complaint', 'suggestion', 'report', 'praise'] as const;
export type CaseType = (typeof caseTypes)[number];

export const caseTypeNames: Record<CaseType, Names> = {
  consult: { zh: '咨询', en: 'Consultation' },
  help: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  report: { zh: '举报', en: 'Report of a violation' },
  praise: { zh: '表扬', en: 'Praise' },
};

export const satisfactionLevels = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactionLevels)[number];

export const satisfactionNames: Record<Satisfaction, Names> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const caseActions = [
  'classify',
  'dispatch',
  'redispatch',
  'sign',
  'return',
  'start',
  'add_note',
  'resolve',
  'verify_pass',
  'verify_fail',
  'follow_up',
  'rate',
  'close',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'supervise',
  'escalate',
  'reopen',
  'merge',
  'cancel',
] as const;
export type CaseAction = (typeof caseActions)[number];

export const caseActionNames: Record<CaseAction, Names> = {
  classify: { zh: '分类', en: 'Classify' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  redispatch: { zh: '改派', en: 'Redispatch' },
  sign: { zh: '签收', en: 'Sign for' },
  return: { zh: '退单', en: 'Return' },
  start: { zh: '开始处置', en: 'Start handling' },
  add_note: { zh: '添加进展', en: 'Add a note' },
  resolve: { zh: '办结', en: 'Resolve' },
  verify_pass: { zh: '核查通过', en: 'Verification passed' },
  verify_fail: { zh: '核查不通过', en: 'Verification failed' },
  follow_up: { zh: '回访', en: 'Follow up' },
  rate: { zh: '评价', en: 'Rate' },
  close: { zh: '结案', en: 'Close' },
  request_extension: { zh: '申请延期', en: 'Request an extension' },
  approve_extension: { zh: '批准延期', en: 'Approve the extension' },
  reject_extension: { zh: '驳回延期', en: 'Reject the extension' },
  supervise: { zh: '督办', en: 'Supervise' },
  escalate: { zh: '升级督办', en: 'Escalate' },
  reopen: { zh: '重办', en: 'Reopen' },
  merge: { zh: '合并', en: 'Merge' },
  cancel: { zh: '撤销', en: 'Cancel' },
};

/** Who performs an action: a role, or `system` (scheduled jobs and automatic rules). */
export type CasePerformer = Role | 'system';

/** Conditions on the flags, beyond the status, for an action to be possible. */
export type CaseGuard = 'extension_pending' | 'no_extension_pending' | 'not_rated';

export interface CaseTransitionRule {
  /** Statuses the action may start from. */
  from: readonly CaseStatus[];
  /** The status it leads to, or `same`. (`rate` and `follow_up` reopen to `in_progress` on 不满意.) */
  to: CaseStatus | 'same';
  /** Roles (and `system`) that may perform it. */
  by: readonly CasePerformer[];
  reasonRequired: boolean;
  /** For `department_handler`: true = lead or assisting department; false = the lead (主办) only. */
  assist: boolean;
  /** Flag conditions, if any. */
  guard?: CaseGuard;
  /** An unsatisfied rating given with this action reopens the case to `in_progress`. */
  reopensOnUnsatisfied?: boolean;
}

const DISPATCHERS = ['subdistrict_dispatcher', 'district_admin'] as const;
const HANDLER = ['department_handler'] as const;
const VERIFIERS = ['grid_worker', 'neighborhood_staff'] as const;
const OPEN: readonly CaseStatus[] = ['received', 'dispatched', 'signed', 'in_progress', 'resolved', 'verified', 'followed_up', 'returned'];
const HANDLING: readonly CaseStatus[] = ['signed', 'in_progress'];
const UNDER_DEPARTMENT: readonly CaseStatus[] = ['dispatched', 'signed', 'in_progress'];

/** The transition table: data the functions below, the tests, the server and the web read. */
export const caseTransitions: Record<CaseAction, CaseTransitionRule> = {
  // Triage: the dispatcher corrects the type or category before the case goes to a department.
  classify: { from: ['received', 'returned'], to: 'same', by: DISPATCHERS, reasonRequired: false, assist: false },
  dispatch: { from: ['received'], to: 'dispatched', by: [...DISPATCHERS, 'system'], reasonRequired: false, assist: false },
  redispatch: { from: ['returned', ...UNDER_DEPARTMENT], to: 'dispatched', by: DISPATCHERS, reasonRequired: false, assist: false },
  sign: { from: ['dispatched'], to: 'signed', by: HANDLER, reasonRequired: false, assist: false },
  return: { from: ['dispatched', 'signed'], to: 'returned', by: HANDLER, reasonRequired: true, assist: false },
  start: { from: ['signed'], to: 'in_progress', by: HANDLER, reasonRequired: false, assist: false },
  add_note: { from: OPEN, to: 'same', by: [...HANDLER, ...DISPATCHERS], reasonRequired: false, assist: true },
  resolve: { from: HANDLING, to: 'resolved', by: HANDLER, reasonRequired: false, assist: false },
  verify_pass: { from: ['resolved'], to: 'verified', by: VERIFIERS, reasonRequired: false, assist: false },
  verify_fail: { from: ['resolved'], to: 'in_progress', by: VERIFIERS, reasonRequired: true, assist: false },
  follow_up: { from: ['verified'], to: 'followed_up', by: DISPATCHERS, reasonRequired: false, assist: false, reopensOnUnsatisfied: true },
  rate: {
    from: ['resolved', 'verified', 'followed_up', 'closed'],
    to: 'same',
    by: ['resident'],
    reasonRequired: false,
    assist: false,
    guard: 'not_rated',
    reopensOnUnsatisfied: true,
  },
  close: { from: ['verified', 'followed_up'], to: 'closed', by: DISPATCHERS, reasonRequired: false, assist: false },
  request_extension: { from: HANDLING, to: 'same', by: HANDLER, reasonRequired: true, assist: false, guard: 'no_extension_pending' },
  approve_extension: { from: HANDLING, to: 'same', by: DISPATCHERS, reasonRequired: false, assist: false, guard: 'extension_pending' },
  reject_extension: { from: HANDLING, to: 'same', by: DISPATCHERS, reasonRequired: true, assist: false, guard: 'extension_pending' },
  // system: the deadline job marks a newly overdue case 督办 (its own timeline step, before any escalation).
  supervise: { from: UNDER_DEPARTMENT, to: 'same', by: [...DISPATCHERS, 'system'], reasonRequired: false, assist: false },
  escalate: { from: UNDER_DEPARTMENT, to: 'same', by: ['district_admin', 'system'], reasonRequired: false, assist: false },
  reopen: { from: ['resolved', 'verified', 'followed_up'], to: 'in_progress', by: DISPATCHERS, reasonRequired: true, assist: false },
  merge: { from: ['received', 'returned', ...UNDER_DEPARTMENT], to: 'merged', by: DISPATCHERS, reasonRequired: false, assist: false },
  cancel: { from: ['received', 'dispatched', 'returned'], to: 'cancelled', by: DISPATCHERS, reasonRequired: true, assist: false },
};

export interface CaseFlags {
  /** An extension request awaits the dispatcher: the handling clock is paused. */
  extensionRequested: boolean;
  /** Extensions approved so far. */
  extensionsApproved: number;
  /** 督办件: set by the first supervision or escalation, kept for the life of the case. */
  supervised: boolean;
  /** Escalations to the level above (0 = none). */
  escalationLevel: number;
  /** Times reopened (重办). */
  reopenCount: number;
  /** The reporter's rating of the current resolution; cleared when the case reopens. */
  satisfaction: Satisfaction | null;
}

export interface CaseState {
  status: CaseStatus;
  flags: CaseFlags;
  leadDepartmentId: string | null;
  assistDepartmentIds: readonly string[];
  /** The account that raised the case, if any (hotline and IoT cases have none). */
  reporterUserId: string | null;
  /** Set when merged into a master case. */
  mergedIntoCaseId?: string | null;
}

export interface CaseActor {
  roles: readonly Role[];
  departmentId?: string | null;
  userId?: string | null;
  /** Scheduled jobs and automatic rules. */
  isSystem?: boolean;
}

export interface CaseActionInput {
  reason?: string;
  /** dispatch / redispatch: the lead (主办) department. */
  leadDepartmentId?: string;
  /** dispatch / redispatch: assisting (协办) departments. */
  assistDepartmentIds?: readonly string[];
  /** rate (required) and follow_up (optional, recorded on the reporter's behalf by phone). */
  satisfaction?: Satisfaction;
  /** merge: the master case. */
  masterCaseId?: string;
  /** request_extension: working days asked for; approve_extension: working days granted, for the deadline code. */
  extensionWorkingDays?: number;
  /** classify: the category (second level) and/or the type. */
  categoryCode?: string;
  type?: CaseType;
}

export interface CaseEvent {
  action: CaseAction;
  from: CaseStatus;
  to: CaseStatus;
  reason?: string;
  /** True when this event reopened the case (重办). */
  reopened?: boolean;
  satisfaction?: Satisfaction;
  leadDepartmentId?: string;
  assistDepartmentIds?: readonly string[];
  masterCaseId?: string;
  extensionWorkingDays?: number;
  categoryCode?: string;
  type?: CaseType;
}

export type CaseTransitionErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN' | 'REASON_REQUIRED' | 'INVALID_INPUT';

export type CaseTransitionResult =
  | { ok: true; next: CaseState; event: CaseEvent }
  | { ok: false; code: CaseTransitionErrorCode; message: string };

export const initialCaseFlags: CaseFlags = {
  extensionRequested: false,
  extensionsApproved: 0,
  supervised: false,
  escalationLevel: 0,
  reopenCount: 0,
  satisfaction: null,
};

/** A newly received case. */
export function newCaseState(reporterUserId: string | null = null): CaseState {
  return { status: 'received', flags: { ...initialCaseFlags }, leadDepartmentId: null, assistDepartmentIds: [], reporterUserId };
}

/** What the deadline code reads: the handling clock stops while an extension request is pending. */
export function isDeadlinePaused(state: CaseState): boolean {
  return state.flags.extensionRequested;
}

function guardHolds(guard: CaseGuard | undefined, flags: CaseFlags): boolean {
  switch (guard) {
    case undefined:
      return true;
    case 'extension_pending':
      return flags.extensionRequested;
    case 'no_extension_pending':
      return !flags.extensionRequested;
    case 'not_rated':
      return flags.satisfaction === null;
  }
}

/** Whether the action is possible from this state at all, whoever asks. */
function possible(state: CaseState, action: CaseAction): boolean {
  const rule = caseTransitions[action];
  return rule.from.includes(state.status) && guardHolds(rule.guard, state.flags);
}

/** Whether this actor may perform the action on this case (the status aside). */
export function actorMayPerform(state: CaseState, action: CaseAction, actor: CaseActor): boolean {
  const rule = caseTransitions[action];
  if (actor.isSystem && rule.by.includes('system')) return true;
  return actor.roles.some((role) => {
    if (!rule.by.includes(role)) return false;
    if (role === 'department_handler') {
      const dept = actor.departmentId;
      if (!dept) return false;
      if (dept === state.leadDepartmentId) return true;
      return rule.assist && state.assistDepartmentIds.includes(dept);
    }
    if (role === 'resident') return !!actor.userId && actor.userId === state.reporterUserId;
    return true;
  });
}

/** The actions this actor may take now (reasons and other input aside). */
export function allowedActions(state: CaseState, actor: CaseActor): CaseAction[] {
  return caseActions.filter((a) => possible(state, a) && actorMayPerform(state, a, actor));
}

function fail(code: CaseTransitionErrorCode, message: string): CaseTransitionResult {
  return { ok: false, code, message };
}

/** Apply an action: the next state and the event to record, or why not. Pure. */
export function transition(state: CaseState, action: CaseAction, actor: CaseActor, input: CaseActionInput = {}): CaseTransitionResult {
  const rule = caseTransitions[action];
  const actionZh = caseActionNames[action].zh;
  const statusZh = caseStatusNames[state.status].zh;
  if (!rule.from.includes(state.status)) {
    return fail('INVALID_TRANSITION', `案件当前状态为“${statusZh}”，不能${actionZh}`);
  }
  if (!guardHolds(rule.guard, state.flags)) {
    const why =
      rule.guard === 'extension_pending' ? '没有待审批的延期申请' : rule.guard === 'no_extension_pending' ? '已有待审批的延期申请' : '案件已评价';
    return fail('INVALID_TRANSITION', `${why}，不能${actionZh}`);
  }
  if (!actorMayPerform(state, action, actor)) {
    const leadOnly = !rule.assist && actor.roles.includes('department_handler') && rule.by.includes('department_handler');
    return fail('FORBIDDEN', leadOnly ? `只有主办部门可以${actionZh}` : `没有${actionZh}的权限`);
  }
  const reason = input.reason?.trim();
  if (rule.reasonRequired && !reason) {
    return fail('REASON_REQUIRED', `${actionZh}须填写理由`);
  }

  const flags: CaseFlags = { ...state.flags };
  let next: CaseState = { ...state, flags };
  let to: CaseStatus = rule.to === 'same' ? state.status : rule.to;
  const event: CaseEvent = { action, from: state.status, to };
  if (reason) event.reason = reason;

  switch (action) {
    case 'classify': {
      if (!input.categoryCode && !input.type) return fail('INVALID_INPUT', '分类须选择案件类型或分类');
      if (input.categoryCode) event.categoryCode = input.categoryCode;
      if (input.type) event.type = input.type;
      break;
    }
    case 'dispatch':
    case 'redispatch': {
      const lead = input.leadDepartmentId;
      if (!lead) return fail('INVALID_INPUT', `${actionZh}须指定主办部门`);
      const assist = [...new Set(input.assistDepartmentIds ?? [])];
      if (assist.includes(lead)) return fail('INVALID_INPUT', '主办部门不能同时为协办部门');
      next = { ...next, leadDepartmentId: lead, assistDepartmentIds: assist };
      event.leadDepartmentId = lead;
      event.assistDepartmentIds = assist;
      break;
    }
    case 'merge': {
      if (!input.masterCaseId) return fail('INVALID_INPUT', '合并须指定主案件');
      next = { ...next, mergedIntoCaseId: input.masterCaseId };
      event.masterCaseId = input.masterCaseId;
      break;
    }
    case 'rate':
    case 'follow_up': {
      if (action === 'rate' && !input.satisfaction) return fail('INVALID_INPUT', '评价须选择满意度');
      if (input.satisfaction) {
        flags.satisfaction = input.satisfaction;
        event.satisfaction = input.satisfaction;
      }
      break;
    }
    case 'request_extension':
    case 'approve_extension':
      // The request carries the days asked for (the dispatcher sees them); the approval the days granted.
      if (input.extensionWorkingDays !== undefined) {
        if (!Number.isInteger(input.extensionWorkingDays) || input.extensionWorkingDays <= 0) {
          return fail('INVALID_INPUT', '延期天数须为正整数');
        }
        event.extensionWorkingDays = input.extensionWorkingDays;
      }
      if (action === 'request_extension') {
        flags.extensionRequested = true;
        break;
      }
      flags.extensionRequested = false;
      flags.extensionsApproved += 1;
      break;
    case 'reject_extension':
      flags.extensionRequested = false;
      break;
    case 'supervise':
      flags.supervised = true;
      break;
    case 'escalate':
      flags.supervised = true;
      flags.escalationLevel += 1;
      break;
    default:
      break;
  }

  const reopened =
    action === 'verify_fail' || action === 'reopen' || (!!rule.reopensOnUnsatisfied && input.satisfaction === 'unsatisfied');
  if (reopened) {
    to = 'in_progress';
    flags.reopenCount += 1;
    flags.satisfaction = null;
    event.reopened = true;
    event.to = to;
  }
  // A pending extension request lapses when the case leaves the department's hands.
  if (!HANDLING.includes(to)) flags.extensionRequested = false;
  next.status = to;
  return { ok: true, next, event };
}
