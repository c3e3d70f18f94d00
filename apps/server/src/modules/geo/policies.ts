import { allow, type PolicyTable } from '../identity/route-policy.js';

export const geoPolicies: PolicyTable = {
  'GET /api/geo/locate': allow.public('point → grid for the resident portal’s anonymous reports; returns reference geography only'),
};
