import { allow, type PolicyTable } from '../identity/route-policy.js';

export const compoundPolicies: PolicyTable = {
  'GET /api/compounds': allow.list('compound.read'),
};
