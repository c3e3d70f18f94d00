import { allow, type PolicyTable } from '../identity/route-policy.js';

/** The audit trail: the audit administrator only (三权分立). */
export const auditPolicies: PolicyTable = {
  'GET /api/audit': allow.global('audit.read'),
  'GET /api/audit/export.xlsx': allow.global('audit.export'),
  'GET /api/audit/verify': allow.global('audit.read'),
};
