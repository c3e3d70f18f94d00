import { allow, type PolicyTable } from '../identity/route-policy.js';

export const personalDataPolicies: PolicyTable = {
  // The handler checks the action before the body so that refusals land in the reveal log with their reason.
  'POST /api/personal-data/reveal': allow.special('personal_data.reveal', 'the record named in the body must lie in the caller’s subtree (else 404); a reason is required; hourly limit', {
    enforce: 'handler',
  }),
};
