import { allow, type PolicyTable } from '../identity/route-policy.js';

export const residentImportPolicies: PolicyTable = {
  'POST /api/residents/imports': allow.unit('resident.import', { rule: 'the neighborhood (?neighborhood) must lie in the caller’s subtree, else 404' }),
  'GET /api/residents/imports': allow.list('resident.import'),
  'GET /api/residents/import-template.xlsx': allow.list('resident.import'),
  'GET /api/residents/imports/:id': allow.special('resident.import', 'imports into a neighborhood of the caller’s subtree; others 404'),
  'GET /api/residents/imports/:id/report.xlsx': allow.special('resident.import', 'imports into a neighborhood of the caller’s subtree; others 404'),
};
