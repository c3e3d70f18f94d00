import { allow, type PolicyTable } from '../identity/route-policy.js';

const unit = 'the unit (?unit) must lie in the caller’s subtree, else 404; plain personal data needs personal_data.reveal there and a reason';

export const ledgerPolicies: PolicyTable = {
  'GET /api/ledgers': allow.list('ledger.read'),
  'GET /api/ledgers/:id': allow.unit('ledger.read', { rule: unit }),
  'GET /api/ledgers/:id.xlsx': allow.unit('ledger.read', { rule: unit }),
  'GET /api/residents/deidentified.xlsx': allow.unit('data.deidentified_export', { rule: 'k-anonymous export of a unit in the caller’s subtree' }),
};
