import { allow, type PolicyTable } from '../identity/route-policy.js';

const stats = 'figures over the caller’s case scope (grant subtrees; a handler’s departments); ?unit outside it answers 404';

export const caseStatsPolicies: PolicyTable = {
  'GET /api/case-stats/overview': allow.unit('case.read', { rule: stats, handlersByDepartment: true }),
  'GET /api/case-stats/feed': allow.unit('case.read', { rule: stats, handlersByDepartment: true }),
  'GET /api/case-stats/points': allow.unit('case.read', { rule: stats, handlersByDepartment: true }),
  'GET /api/case-stats/export.xlsx': allow.unit('case.read', { rule: stats, handlersByDepartment: true }),
};
