import { allow, type PolicyTable } from '../identity/route-policy.js';

export const verificationPolicies: PolicyTable = {
  'GET /api/verification/tasks': allow.list('verification.work', { anyOf: ['verification.manage'] }),
  'GET /api/verification/progress': allow.list('verification.work', { anyOf: ['verification.manage'] }),
  'POST /api/verification/generate': allow.unit('verification.manage', { rule: 'the unit in the body must lie in the caller’s subtree' }),
  'GET /api/verification/assignees': allow.list('verification.manage'),
  'POST /api/verification/tasks/assign': allow.special('verification.manage', 'every task in the body in the caller’s subtree (else 404), the assignee’s scope must hold each'),
  'POST /api/verification/tasks/:id/complete': allow.record('verification.work', 'verification_task'),
  'POST /api/verification/tasks/:id/dismiss': allow.record('verification.manage', 'verification_task'),
};
