import { allow, type PolicyTable } from '../identity/route-policy.js';

const inBody = (what: string) => `the ${what} named in the body must lie in the caller’s subtree, else 404`;

/** 社区云 records: each lies at a building's path; outside the caller's subtree a record answers 404. */
export const residentPolicies: PolicyTable = {
  'GET /api/compounds/:id': allow.record('compound.read', 'compound'),
  'PATCH /api/compounds/:id': allow.record('resident.manage', 'compound'),
  'GET /api/buildings/:id': allow.record('resident.read', 'building'),
  'PATCH /api/buildings/:id': allow.record('resident.manage', 'building'),
  'GET /api/households': allow.list('resident.read'),
  'GET /api/households/:id': allow.record('resident.read', 'household'),
  'POST /api/households': allow.special('resident.manage', inBody('building')),
  'PATCH /api/households/:id': allow.record('resident.manage', 'household'),
  'POST /api/households/:id/move-in': allow.record('resident.manage', 'household'),
  'POST /api/households/:id/birth': allow.record('resident.manage', 'household'),
  'GET /api/residents': allow.list('resident.read'),
  'GET /api/residents/:id': allow.record('resident.read', 'resident'),
  'GET /api/residents/:id/history': allow.record('resident.read', 'resident'),
  'POST /api/residents': allow.special('resident.manage', inBody('household')),
  'PATCH /api/residents/:id': allow.record('resident.manage', 'resident'),
  'PUT /api/residents/:id/tags': allow.record('resident.manage', 'resident'),
  'POST /api/residents/:id/move-out': allow.record('resident.manage', 'resident'),
  'POST /api/residents/:id/death': allow.record('resident.manage', 'resident'),
  'POST /api/residents/:id/move': allow.record('resident.manage', 'resident', { rule: 'the target household must lie in the caller’s subtree too' }),
};
