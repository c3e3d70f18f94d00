import { allow, type PolicyTable } from '../identity/route-policy.js';

const configure = { rule: 'district-wide lists and guides: governance.configure at the district root' };

export const governancePolicies: PolicyTable = {
  'GET /api/governance/types': allow.list('governance.read'),
  'GET /api/governance/types/:type': allow.special('governance.read', 'the lists and guide are district-wide; compounds counted in scope'),
  'POST /api/governance/types/:type/items': allow.district('governance.configure', configure),
  'PATCH /api/governance/types/:type/items/:id': allow.district('governance.configure', configure),
  'DELETE /api/governance/types/:type/items/:id': allow.district('governance.configure', configure),
  'PUT /api/governance/types/:type/lists/:kind/order': allow.district('governance.configure', configure),
  'PUT /api/governance/types/:type/guide': allow.district('governance.configure', configure),
  'PUT /api/governance/types/:type/indicators': allow.district('governance.configure', configure),
  'GET /api/governance/types/:type/comparison': allow.list('governance.read'),
  'POST /api/compounds/:id/evaluations': allow.record('compound.evaluate', 'compound'),
  'GET /api/compounds/:id/evaluations': allow.record('governance.read', 'compound'),
};
