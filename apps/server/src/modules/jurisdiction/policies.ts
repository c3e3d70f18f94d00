import { allow, type PolicyTable } from '../identity/route-policy.js';

const tree = 'reference geography: the whole district for every holder (a dispatcher needs the neighbours on the map)';

export const jurisdictionPolicies: PolicyTable = {
  'GET /api/jurisdictions/root': allow.global('jurisdiction.read', { rule: tree }),
  'GET /api/jurisdictions/search': allow.global('jurisdiction.read', { rule: tree }),
  'GET /api/jurisdictions/:code': allow.global('jurisdiction.read', { rule: tree }),
  'GET /api/jurisdictions/:code/children': allow.global('jurisdiction.read', { rule: tree }),
  'GET /api/jurisdictions/:code/geometry': allow.global('jurisdiction.read', { rule: tree }),
};
