import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  caseActionNames,
  caseActions,
  caseChannelNames,
  caseStatuses,
  caseStatusNames,
  caseTransitions,
  caseTypeNames,
  isDeadlinePaused,
  newCaseState,
  roles,
  satisfactionNames,
  terminalCaseStatuses,
  transition,
  type CaseAction,
  type CaseActionInput,
  type CaseActor,
  type CaseFlags,
  type CaseState,
  type CaseStatus,
  type Role,
} from '../src/index.js';

const LEAD = 'dept-lead';
const ASSIST = 'dept-assist';
const OTHER = 'dept-other';
const REPORTER = 'user-reporter';

const dispatcher: CaseActor = { roles: ['subdistrict_dispatcher'], userId: 'u-d' };
const admin: CaseActor = { roles: ['district_admin'], userId: 'u-a' };
const lead: CaseActor = { roles: ['department_handler'], departmentId: LEAD, userId: 'u-l' };
const assist: CaseActor = { roles: ['department_handler'], departmentId: ASSIST, userId: 'u-as' };
const outsider: CaseActor = { roles: ['department_handler'], departmentId: OTHER, userId: 'u-o' };
const gridWorker: CaseActor = { roles: ['grid_worker'], userId: 'u-g' };
const reporter: CaseActor = { roles: ['resident'], userId: REPORTER };
const otherResident: CaseActor = { roles: ['resident'], userId: 'user-x' };
const system: CaseActor = { roles: [], isSystem: true };

/** The actor who stands for a role in the generated checks: the lead department, the reporter. */
function actorFor(role: Role): CaseActor {
  if (role === 'department_handler') return lead;
  if (role === 'resident') return reporter;
  return { roles: [role], userId: `u-${role}` };
}

/** Input that satisfies every action's requirements (a satisfied rating, so nothing reopens). */
function fullInput(action: CaseAction): CaseActionInput {
  switch (action) {
    case 'dispatch':
    case 'redispatch':
      return { leadDepartmentId: LEAD, assistDepartmentIds: [ASSIST] };
    case 'merge':
      return { masterCaseId: 'case-master' };
    case 'classify':
      return { categoryCode: 'B0101', type: 'complaint' };
    case 'rate':
      return { satisfaction: 'satisfied' };
    default:
      return caseTransitions[action].reasonRequired ? { reason: '理由' } : {};
  }
}

function stateAt(status: CaseStatus, flags: Partial<CaseFlags> = {}): CaseState {
  const s = newCaseState(REPORTER);
  const dispatchedAlready = status !== 'received';
  return {
    ...s,
    status,
    flags: { ...s.flags, ...flags },
    leadDepartmentId: dispatchedAlready ? LEAD : null,
    assistDepartmentIds: dispatchedAlready ? [ASSIST] : [],
  };
}

/** Flags under which the action's guard holds. */
function flagsFor(action: CaseAction): Partial<CaseFlags> {
  return caseTransitions[action].guard === 'extension_pending' ? { extensionRequested: true } : {};
}

function run(state: CaseState, steps: [CaseAction, CaseActor, CaseActionInput?][]): CaseState {
  let s = state;
  for (const [action, actor, input] of steps) {
    const r = transition(s, action, actor, input);
    if (!r.ok) throw new Error(`${action} from ${s.status}: ${r.code} ${r.message}`);
    s = r.next;
  }
  return s;
}

describe('case workflow labels', () => {
  it('names every enum value in Chinese and English', () => {
    for (const table of [caseStatusNames, caseActionNames, caseChannelNames, caseTypeNames, satisfactionNames]) {
      for (const n of Object.values(table)) {
        expect(n.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(n.en).toMatch(/[A-Za-z]/);
      }
    }
    expect(Object.keys(caseStatusNames).sort()).toEqual([...caseStatuses].sort());
    expect(Object.keys(caseActionNames).sort()).toEqual([...caseActions].sort());
    expect(Object.keys(caseTransitions).sort()).toEqual([...caseActions].sort());
  });
});

describe('case transitions', () => {
  it('runs the happy path received → … → closed', () => {
    const seen: CaseStatus[] = [];
    let s = newCaseState(REPORTER);
    const steps: [CaseAction, CaseActor, CaseActionInput][] = [
      ['dispatch', dispatcher, { leadDepartmentId: LEAD, assistDepartmentIds: [ASSIST] }],
      ['sign', lead, {}],
      ['start', lead, {}],
      ['add_note', assist, {}],
      ['resolve', lead, {}],
      ['verify_pass', gridWorker, {}],
      ['follow_up', dispatcher, {}],
      ['rate', reporter, { satisfaction: 'basically_satisfied' }],
      ['close', dispatcher, {}],
    ];
    for (const [action, actor, input] of steps) {
      const r = transition(s, action, actor, input);
      expect(r.ok, `${action}`).toBe(true);
      if (!r.ok) return;
      expect(r.event.from).toBe(s.status);
      expect(r.event.to).toBe(r.next.status);
      s = r.next;
      seen.push(s.status);
    }
    expect(seen).toEqual(['dispatched', 'signed', 'in_progress', 'in_progress', 'resolved', 'verified', 'followed_up', 'followed_up', 'closed']);
    expect(s.leadDepartmentId).toBe(LEAD);
    expect(s.assistDepartmentIds).toEqual([ASSIST]);
    expect(s.flags.satisfaction).toBe('basically_satisfied');
    expect(s.flags.reopenCount).toBe(0);
  });

  it('lets the system auto-dispatch, supervise and escalate, and nothing else', () => {
    const r = transition(newCaseState(), 'dispatch', system, { leadDepartmentId: LEAD });
    expect(r.ok).toBe(true);
    const s = stateAt('in_progress');
    // The deadline job: 督办 when a case turns overdue, escalation after further working days.
    const sv = transition(s, 'supervise', system);
    expect(sv.ok && sv.next.flags).toMatchObject({ supervised: true, escalationLevel: 0 });
    const e = transition(s, 'escalate', system);
    expect(e.ok && e.next.flags).toMatchObject({ supervised: true, escalationLevel: 1 });
    expect(allowedActions(s, system)).toEqual(['supervise', 'escalate']);
    expect(allowedActions(stateAt('resolved'), system)).toEqual([]);
    expect(transition(stateAt('resolved'), 'supervise', system)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('refuses everything from merged and cancelled, and all but the first rating from closed', () => {
    const everyone = [...roles.map(actorFor), system, { roles: [...roles], departmentId: LEAD, userId: REPORTER, isSystem: true }];
    for (const status of terminalCaseStatuses) {
      for (const rated of [false, true]) {
        const s = stateAt(status, { satisfaction: rated ? 'satisfied' : null });
        for (const action of caseActions) {
          const r = transition(s, action, everyone[everyone.length - 1]!, fullInput(action));
          if (status === 'closed' && action === 'rate' && !rated) {
            expect(r.ok).toBe(true);
          } else {
            expect(r, `${status} ${action}`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
          }
        }
        for (const actor of everyone) {
          const allowed = allowedActions(s, actor);
          expect(allowed).toEqual(status === 'closed' && !rated && actor.roles.includes('resident') ? ['rate'] : []);
        }
      }
    }
  });

  it('forbids an action to a role not in the table', () => {
    const s = stateAt('dispatched');
    expect(transition(s, 'sign', dispatcher)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(s, 'redispatch', lead, fullInput('redispatch'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(stateAt('resolved'), 'verify_pass', dispatcher)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(stateAt('verified'), 'close', gridWorker)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(stateAt('in_progress'), 'escalate', dispatcher)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const r = transition(stateAt('signed'), 'resolve', { roles: ['audit_admin'] });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(!r.ok && r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lets only the lead department sign, resolve, return or extend; the assisting one may add notes', () => {
    for (const status of ['dispatched', 'signed', 'in_progress'] as const) {
      const s = stateAt(status);
      for (const action of ['sign', 'start', 'resolve', 'return', 'request_extension'] as const) {
        if (!caseTransitions[action].from.includes(status)) continue;
        const input = fullInput(action);
        expect(transition(s, action, assist, input), `${status} ${action}`).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('主办') });
        expect(transition(s, action, outsider, input).ok).toBe(false);
        expect(transition(s, action, lead, input).ok).toBe(true);
      }
      expect(transition(s, 'add_note', assist).ok).toBe(true);
      expect(transition(s, 'add_note', outsider)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(allowedActions(s, assist)).toEqual(['add_note']);
    }
  });

  it('lets only the reporter rate', () => {
    const s = stateAt('followed_up');
    expect(transition(s, 'rate', otherResident, { satisfaction: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition({ ...s, reporterUserId: null }, 'rate', reporter, { satisfaction: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(s, 'rate', reporter, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const rated = run(s, [['rate', reporter, { satisfaction: 'satisfied' }]]);
    expect(transition(rated, 'rate', reporter, { satisfaction: 'unsatisfied' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('enforces reasons', () => {
    const required = caseActions.filter((a) => caseTransitions[a].reasonRequired).sort();
    expect(required).toEqual(['cancel', 'reject_extension', 'reopen', 'request_extension', 'return', 'verify_fail'].sort());
    for (const action of required) {
      const rule = caseTransitions[action];
      const s = stateAt(rule.from[0]!, flagsFor(action));
      const actor = actorFor(rule.by.find((b): b is Role => b !== 'system')!);
      for (const reason of [undefined, '', '   ']) {
        const r = transition(s, action, actor, { ...fullInput(action), reason });
        expect(r, `${action} ${JSON.stringify(reason)}`).toMatchObject({ ok: false, code: 'REASON_REQUIRED', message: expect.stringContaining('理由') });
      }
      const ok = transition(s, action, actor, { ...fullInput(action), reason: '  部门职责不符  ' });
      expect(ok.ok && ok.event.reason, action).toBe('部门职责不符');
    }
  });

  it('classifies only before a department has the case, and only with a type or a category', () => {
    expect(transition(newCaseState(), 'classify', dispatcher, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const c = transition(newCaseState(), 'classify', dispatcher, { categoryCode: 'A0102' });
    expect(c.ok && [c.next.status, c.event.categoryCode, c.event.type]).toEqual(['received', 'A0102', undefined]);
    expect(transition(stateAt('dispatched'), 'classify', dispatcher, { type: 'help' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('requires a lead department to dispatch, distinct from the assisting ones, and a master case to merge', () => {
    expect(transition(newCaseState(), 'dispatch', dispatcher, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(transition(newCaseState(), 'dispatch', dispatcher, { leadDepartmentId: LEAD, assistDepartmentIds: [LEAD] })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(transition(newCaseState(), 'merge', dispatcher, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const m = transition(stateAt('dispatched'), 'merge', dispatcher, { masterCaseId: 'c-1' });
    expect(m.ok && [m.next.status, m.next.mergedIntoCaseId, m.event.masterCaseId]).toEqual(['merged', 'c-1', 'c-1']);
    const r = run(stateAt('dispatched'), [
      ['return', lead, { reason: '不属于本部门职责' }],
      ['redispatch', dispatcher, { leadDepartmentId: OTHER }],
    ]);
    expect([r.status, r.leadDepartmentId, r.assistDepartmentIds]).toEqual(['dispatched', OTHER, []]);
  });

  it('pauses the clock while an extension request is pending and unpauses on approval or rejection', () => {
    const s = stateAt('in_progress');
    expect(isDeadlinePaused(s)).toBe(false);
    expect(allowedActions(s, dispatcher)).not.toContain('approve_extension');
    const requested = run(s, [['request_extension', lead, { reason: '需协调产权单位' }]]);
    expect(requested.status).toBe('in_progress');
    expect(isDeadlinePaused(requested)).toBe(true);
    expect(transition(requested, 'request_extension', lead, { reason: '再次' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(allowedActions(requested, dispatcher)).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']));

    const approved = transition(requested, 'approve_extension', dispatcher, { extensionWorkingDays: 5 });
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    expect(isDeadlinePaused(approved.next)).toBe(false);
    expect(approved.next.flags.extensionsApproved).toBe(1);
    expect(approved.event.extensionWorkingDays).toBe(5);
    expect(transition(requested, 'approve_extension', dispatcher, { extensionWorkingDays: 0 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });

    const rejected = run(requested, [['reject_extension', admin, { reason: '理由不充分' }]]);
    expect(isDeadlinePaused(rejected)).toBe(false);
    expect(rejected.flags.extensionsApproved).toBe(0);

    // a pending request lapses when the case leaves the department
    const resolved = run(requested, [['resolve', lead]]);
    expect(isDeadlinePaused(resolved)).toBe(false);
  });

  it('reopens on an unsatisfied rating, also after closing, and on a failed verification', () => {
    const closed = stateAt('closed');
    const r = transition(closed, 'rate', reporter, { satisfaction: 'unsatisfied' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toMatchObject({ action: 'rate', from: 'closed', to: 'in_progress', reopened: true, satisfaction: 'unsatisfied' });
    expect(r.next.status).toBe('in_progress');
    expect(r.next.flags.reopenCount).toBe(1);
    expect(r.next.flags.satisfaction).toBeNull();
    expect(r.next.leadDepartmentId).toBe(LEAD);

    // the loop runs again and the reporter can rate the new resolution
    const again = run(r.next, [
      ['resolve', lead],
      ['verify_fail', { roles: ['neighborhood_staff'] }, { reason: '现场仍有积水' }],
    ]);
    expect(again.status).toBe('in_progress');
    expect(again.flags.reopenCount).toBe(2);
    const done = run(again, [
      ['resolve', lead],
      ['verify_pass', gridWorker],
      ['follow_up', dispatcher, { satisfaction: 'satisfied' }],
      ['close', dispatcher],
    ]);
    expect(done.status).toBe('closed');
    expect(done.flags.satisfaction).toBe('satisfied');

    // an unsatisfied answer recorded at the follow-up call reopens too
    const fu = transition(stateAt('verified'), 'follow_up', dispatcher, { satisfaction: 'unsatisfied' });
    expect(fu.ok && [fu.next.status, fu.event.reopened]).toEqual(['in_progress', true]);
    // a satisfied rating keeps the status
    const ok = transition(stateAt('closed'), 'rate', reporter, { satisfaction: 'satisfied' });
    expect(ok.ok && ok.next.status).toBe('closed');
  });
});

describe('the transition table, generated', () => {
  it('answers INVALID_TRANSITION for every (status, action) pair not in the table and succeeds for every listed one', () => {
    for (const status of caseStatuses) {
      for (const action of caseActions) {
        const rule = caseTransitions[action];
        const s = stateAt(status, flagsFor(action));
        if (!rule.from.includes(status)) {
          // whoever asks, even an actor holding every role
          for (const actor of [{ roles: [...roles], departmentId: LEAD, userId: REPORTER, isSystem: true }, dispatcher]) {
            expect(transition(s, action, actor, fullInput(action)), `${status} ${action}`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
          }
          continue;
        }
        for (const performer of rule.by) {
          // a department acts on a case only once it is dispatched to it (add_note at intake is the dispatcher's)
          if (performer === 'department_handler' && s.leadDepartmentId === null) {
            expect(transition(s, action, lead, fullInput(action))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
            continue;
          }
          const actor = performer === 'system' ? system : actorFor(performer);
          const r = transition(s, action, actor, fullInput(action));
          expect(r.ok, `${status} ${action} by ${performer}: ${r.ok ? '' : r.message}`).toBe(true);
          if (!r.ok) continue;
          const expected = action === 'verify_fail' || action === 'reopen' ? 'in_progress' : rule.to === 'same' ? status : rule.to;
          expect(r.next.status).toBe(expected);
          expect(r.event).toMatchObject({ action, from: status, to: expected });
        }
      }
    }
  });

  it('agrees with allowedActions for every status × role × flags', () => {
    const flagVariants: Partial<CaseFlags>[] = [{}, { extensionRequested: true }, { satisfaction: 'satisfied' }];
    const actors: [string, CaseActor][] = [
      ...roles.map((r): [string, CaseActor] => [r, actorFor(r)]),
      ['assist', assist],
      ['outsider', outsider],
      ['other resident', otherResident],
      ['system', system],
    ];
    for (const status of caseStatuses) {
      for (const flags of flagVariants) {
        const s = stateAt(status, flags);
        for (const [name, actor] of actors) {
          const allowed = allowedActions(s, actor);
          for (const action of caseActions) {
            const r = transition(s, action, actor, fullInput(action));
            expect(r.ok, `${status} ${JSON.stringify(flags)} ${name} ${action}`).toBe(allowed.includes(action));
          }
        }
      }
    }
  });
});
