import { allow, type PolicyTable } from '../identity/route-policy.js';

const district = { rule: 'district-wide configuration: case.configure at the district root' };
const read = 'staff who read cases, and those who configure them';

export const caseConfigPolicies: PolicyTable = {
  'GET /api/case-categories': allow.public('the active category tree (the portal’s report form); ?all=true needs case.configure at the district'),
  'POST /api/case-categories': allow.district('case.configure', district),
  'PATCH /api/case-categories/:code': allow.district('case.configure', district),
  'GET /api/deadline-rules': allow.special('case.read', read, { anyOf: ['case.configure'] }),
  'GET /api/deadline-rules/preview': allow.special('case.read', read, { anyOf: ['case.configure'] }),
  'PUT /api/deadline-rules': allow.district('case.configure', district),
  'DELETE /api/deadline-rules/:id': allow.district('case.configure', district),
  'GET /api/responsibility-rules': allow.special('case.read', read, { anyOf: ['case.configure'] }),
  'GET /api/responsibility-rules/export.xlsx': allow.special('case.read', read, { anyOf: ['case.configure'] }),
  'PUT /api/responsibility-rules/:categoryCode': allow.district('case.configure', district),
  'PUT /api/responsibility-rules/:categoryCode/subdistricts/:code': allow.unit('case.configure', { param: 'code', rule: 'a 街镇’s own rule: case.configure at that 街镇 or above' }),
  'DELETE /api/responsibility-rules/:categoryCode/subdistricts/:code': allow.unit('case.configure', { param: 'code', rule: 'a 街镇’s own rule: case.configure at that 街镇 or above' }),
};
