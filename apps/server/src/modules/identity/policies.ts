import { allow, type PolicyTable } from './route-policy.js';

const unfinished = { allowUnfinished: true };

/** Sign-in and the caller's own account: sessions still changing their password or enrolling a second factor pass. */
export const identityPolicies: PolicyTable = {
  'POST /api/auth/login': allow.public('rate-limited per address'),
  'POST /api/auth/logout': allow.public('ends the caller’s session if there is one'),
  'POST /api/auth/logout-all': allow.signedIn('own sessions', unfinished),
  'GET /api/me': allow.signedIn('oneself', unfinished),
  'POST /api/auth/password': allow.signedIn('own password; sessions only', unfinished),
  'POST /api/auth/mfa/enroll': allow.signedIn('own second factor', unfinished),
  'POST /api/auth/mfa/confirm': allow.signedIn('own second factor', unfinished),
  'GET /api/me/sessions': allow.signedIn('own sessions', unfinished),
  'DELETE /api/me/sessions/:id': allow.signedIn('own sessions only: another account’s session answers 404', unfinished),
};
