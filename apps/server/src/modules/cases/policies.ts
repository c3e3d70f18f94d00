import { allow, type PolicyTable } from '../identity/route-policy.js';

// A case is reached by staff whose grant covers its place, by handlers of its lead or assisting
// department, and by its reporter (a resident): canSeeCase in cases/scope.ts. Outside: 404.
const caseRecord = 'the case must be visible to the caller (place under a grant, the handler’s department, or the resident’s own report), else 404';
const caseScope = 'cases in the caller’s case scope: grant subtrees, a handler’s departments, a resident’s own reports';

// The 12345 feed may run as a machine account whose token has the hotline_import purpose.
const hotline = { tokenPurpose: 'hotline_import' };

export const casePolicies: PolicyTable = {
  'POST /api/cases': allow.public('anonymous reports from the portal (rate-limited); staff only at a place in their subtree', 'case.create'),
  'GET /api/cases': allow.special('case.read', caseScope, { residents: true }),
  'POST /api/cases/classify': allow.public('category suggestion from text, no records (the portal uses it before sign-in)'),
  'GET /api/cases/export.xlsx': allow.special('case.read', caseScope),
  'GET /api/cases/stream': allow.special('case.read', `${caseScope}; each event filtered by canSeeCase`, { residents: true }),
  'GET /api/cases/:id': allow.special('case.read', caseRecord, { residents: true }),
  'GET /api/cases/:id/events': allow.special('case.read', caseRecord, { residents: true }),
  'GET /api/cases/:id/dispatch-suggestion': allow.special('case.act', `${caseRecord}; case.act at the case’s place`),
  'GET /api/cases/:id/duplicates': allow.special('case.read', caseRecord),
  'POST /api/cases/:id/actions/:action': allow.special('case.act', `${caseRecord}; then the workflow table decides which role may take which action`),
  'GET /api/cases/notifications': allow.special('case.read', caseScope),
  'POST /api/cases/notifications/:id/read': allow.special('case.read', `${caseScope}; other notices 404`),
  'POST /api/cases/photos': { ...allow.public('anonymous reporters may upload (rate-limited per address); signed-in callers need case.create or case.act', 'case.create'), anyOf: ['case.act'] },
  'GET /api/cases/photos/:id': allow.signedIn('the uploader, or whoever may see the photo’s case; others 404'),
  'GET /api/cases/public/area': allow.public('public map of recent cases: no personal data'),
  'GET /api/cases/public/map': allow.public('public map of recent cases: no personal data'),
  'POST /api/cases/hotline-imports': allow.special('case.import', 'rows placed in the caller’s subtree only; a machine token with the hotline_import purpose imports district-wide', hotline),
  'GET /api/cases/hotline-imports': allow.list('case.import', hotline),
  'GET /api/cases/hotline-imports/template.xlsx': allow.list('case.import', hotline),
  'GET /api/cases/hotline-imports/:id': allow.special('case.import', 'imports of the caller’s subtree; others 404', hotline),
  'POST /api/cases/iot-alarms': allow.token('a machine API token with the iot purpose; sessions are refused (403)'),
};
