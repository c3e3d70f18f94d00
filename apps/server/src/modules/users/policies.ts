import { allow, type PolicyTable } from '../identity/route-policy.js';

// Whether an account exists is itself personal data: reads answer 404 to anyone who may not see it.
const read = { hideAll: true };
const approval = 'role.approve (a second security administrator); the request must lie in the approver’s subtree, else 404';

/** Accounts, grants, resets (security administrator) and API tokens (system administrator). */
export const userPolicies: PolicyTable = {
  'GET /api/users': allow.list('user.read'),
  'GET /api/users/:id': allow.record('user.read', 'user', read),
  'POST /api/users': allow.unit('user.manage', { rule: 'the account’s unit must lie in the caller’s subtree' }),
  'PATCH /api/users/:id': allow.record('user.manage', 'user', { rule: 'not one’s own account (disable)' }),
  'POST /api/users/:id/unlock': allow.record('user.manage', 'user'),
  'POST /api/users/:id/reset-password': allow.record('user.manage', 'user', { rule: 'not one’s own account; administrators’ resets need approval' }),
  'POST /api/users/:id/reset-mfa': allow.record('user.manage', 'user', { rule: 'not one’s own account; administrators’ resets need approval' }),
  'GET /api/users/:id/grants': allow.record('user.read', 'user', read),
  'POST /api/users/:id/grants': allow.record('role.grant', 'user', { rule: '三权分立 and least privilege: not to oneself, the unit in the caller’s subtree, security_admin only by a district security admin' }),
  'GET /api/grants': allow.list('role.grant'),
  'POST /api/grants/:id/approve': allow.special('role.approve', approval),
  'POST /api/grants/:id/reject': allow.special('role.approve', approval),
  'DELETE /api/grants/:id': allow.special('role.grant', 'the grant must lie in the caller’s subtree, else 404'),
  'GET /api/account-resets': allow.list('user.manage'),
  'POST /api/account-resets/:id/approve': allow.special('role.approve', approval),
  'POST /api/account-resets/:id/reject': allow.special('role.approve', approval),
  'GET /api/tokens': allow.global('api_token.manage'),
  'POST /api/tokens': allow.global('api_token.manage'),
  'DELETE /api/tokens/:id': allow.global('api_token.manage'),
};
