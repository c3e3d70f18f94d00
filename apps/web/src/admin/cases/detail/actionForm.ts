import type { CaseAction } from '@gongzhi/contracts';

/**
 * What the form of a workflow action asks for. The reason rule comes from the shared transition
 * table (`reasonRequired`); the rest is what the action carries to the server: departments for a
 * dispatch, working days for an extension, photos as on-site evidence, a public note on resolution.
 */
export interface ActionFields {
  /** required: the table demands it; note: the text is the point of the action (a progress note); optional; none. */
  reason: 'required' | 'note' | 'optional' | 'none';
  departments: boolean;
  /** classify: the case type and category. */
  classification: boolean;
  complex: boolean;
  extensionDays: 'request' | 'grant' | null;
  photos: boolean;
  /** Shown to the reporter and the public (required to resolve: the resident reads what was done). */
  publicNote: 'required' | 'optional' | null;
  satisfaction: boolean;
  /** Irreversible or taking the case away from someone: the button is red. */
  danger: boolean;
  /** No form: a click confirms at once. */
  instant: boolean;
}

const PHOTOS: readonly CaseAction[] = ['add_note', 'resolve', 'start', 'return', 'verify_pass', 'verify_fail'];
const DANGER: readonly CaseAction[] = ['return', 'cancel', 'reject_extension', 'verify_fail', 'reopen'];
const INSTANT: readonly CaseAction[] = ['sign', 'start', 'supervise', 'escalate', 'close'];

export function actionFields(action: CaseAction, reasonRequired: boolean): ActionFields {
  const reason = reasonRequired ? 'required' : action === 'add_note' ? 'note' : INSTANT.includes(action) ? 'none' : 'optional';
  return {
    reason,
    departments: action === 'dispatch' || action === 'redispatch',
    classification: action === 'classify',
    complex: action === 'dispatch' || action === 'redispatch',
    extensionDays: action === 'request_extension' ? 'request' : action === 'approve_extension' ? 'grant' : null,
    photos: PHOTOS.includes(action),
    publicNote: action === 'resolve' ? 'required' : action === 'follow_up' || action === 'close' ? 'optional' : null,
    satisfaction: action === 'follow_up',
    danger: DANGER.includes(action),
    instant: INSTANT.includes(action) && !reasonRequired,
  };
}

/** Order of the action buttons: the main step of the loop first, then the side steps. */
const ORDER: readonly CaseAction[] = [
  'dispatch',
  'classify',
  'sign',
  'start',
  'resolve',
  'approve_extension',
  'verify_pass',
  'follow_up',
  'close',
  'add_note',
  'request_extension',
  'redispatch',
  'supervise',
  'escalate',
  'merge',
  'reject_extension',
  'verify_fail',
  'reopen',
  'return',
  'cancel',
  'rate',
];

export function orderActions(actions: readonly CaseAction[]): CaseAction[] {
  return [...actions].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}

/** The primary (blue) action: the one that moves the case forward. */
export function primaryAction(actions: readonly CaseAction[]): CaseAction | null {
  return orderActions(actions).find((a) => ['dispatch', 'sign', 'start', 'resolve', 'approve_extension', 'verify_pass', 'follow_up', 'close'].includes(a)) ?? null;
}
