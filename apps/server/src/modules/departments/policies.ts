import { allow, type PolicyTable } from '../identity/route-policy.js';

export const departmentPolicies: PolicyTable = {
  'GET /api/departments': allow.global('department.read', { rule: 'district reference list: every holder sees all departments' }),
};
