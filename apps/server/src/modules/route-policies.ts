import { auditPolicies } from './audit/policies.js';
import { calendarPolicies } from './calendar/policies.js';
import { caseConfigPolicies } from './case-config/policies.js';
import { caseStatsPolicies } from './case-stats/policies.js';
import { casePolicies } from './cases/policies.js';
import { compoundPolicies } from './compounds/policies.js';
import { departmentPolicies } from './departments/policies.js';
import { geoPolicies } from './geo/policies.js';
import { governancePolicies } from './governance/policies.js';
import type { PolicyTable } from './identity/route-policy.js';
import { identityPolicies } from './identity/policies.js';
import { jurisdictionPolicies } from './jurisdiction/policies.js';
import { ledgerPolicies } from './ledgers/policies.js';
import { open311Policies } from './open311/policies.js';
import { personalDataPolicies } from './personal-data/policies.js';
import { residentImportPolicies } from './resident-import/policies.js';
import { residentPolicies } from './residents/policies.js';
import { systemPolicies } from './system/policies.js';
import { userPolicies } from './users/policies.js';
import { verificationPolicies } from './verification/policies.js';

/** Each module's table, in the order the docs list them. */
export const policyModules: { module: string; policies: PolicyTable }[] = [
  { module: 'system', policies: systemPolicies },
  { module: 'identity', policies: identityPolicies },
  { module: 'audit', policies: auditPolicies },
  { module: 'jurisdiction', policies: jurisdictionPolicies },
  { module: 'geo', policies: geoPolicies },
  { module: 'compound', policies: compoundPolicies },
  { module: 'department', policies: departmentPolicies },
  { module: 'user', policies: userPolicies },
  { module: 'personalData', policies: personalDataPolicies },
  { module: 'calendar', policies: calendarPolicies },
  { module: 'case', policies: casePolicies },
  { module: 'caseConfig', policies: caseConfigPolicies },
  { module: 'open311', policies: open311Policies },
  { module: 'caseStats', policies: caseStatsPolicies },
  { module: 'ledger', policies: ledgerPolicies },
  { module: 'resident', policies: residentPolicies },
  { module: 'residentImport', policies: residentImportPolicies },
  { module: 'governance', policies: governancePolicies },
  { module: 'verification', policies: verificationPolicies },
];

/**
 * Every API route's access policy ("METHOD /url" → policy), from each module's policies.ts. The
 * gate (http/policy-gate.ts) enforces it; test/integration/access-matrix.test.ts fails when a
 * registered /api or /open311 route has no entry here, or an entry names no route.
 */
export const routePolicies: PolicyTable = Object.assign({}, ...policyModules.map((m) => m.policies));
