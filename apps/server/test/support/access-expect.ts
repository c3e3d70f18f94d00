// What the access matrix expects of one route for one role: derived from the route's declared
// policy (modules/*/policies.ts) and the role table (contracts rolePermissions), nothing else.
import { type Action, type Role, rolePermissions } from '@gongzhi/contracts';
import type { RoutePolicy } from '../../src/modules/identity/route-policy.js';

/** `pass`: the policy lets the call through (any answer but 401/403/404 from the policy); else the refusal's status. */
export type Expectation = 'pass' | 401 | 403 | 404 | '403|404';

const holdsAction = (role: Role, a: Action) => rolePermissions[role].includes(a);

/** Whether a role clears the route's gate at all (holds its action somewhere, or the route needs none). */
export function passesGate(policy: RoutePolicy, role: Role): boolean {
  switch (policy.access) {
    case 'public':
      return !policy.action || holdsAction(role, policy.action) || (policy.anyOf ?? []).some((a) => holdsAction(role, a));
    case 'signed-in':
      return true;
    case 'staff':
      return role !== 'resident';
    case 'token':
    case 'api-key':
      return false;
    case 'action':
      if (policy.residents && role === 'resident') return true;
      return [policy.action!, ...(policy.anyOf ?? [])].some((a) => holdsAction(role, a));
  }
}

/**
 * The expected answer for an anonymous caller (`role` null), or a role granted at one 街镇 asking
 * about something inside it or inside another 街镇.
 */
export function expectation(policy: RoutePolicy, role: Role | null, cell: 'inside' | 'outside'): Expectation {
  if (role === null) return policy.access === 'public' ? 'pass' : policy.access === 'api-key' ? 403 : 401;
  if (!passesGate(policy, role)) return policy.hideAll ? 404 : 403;
  if (policy.scope === 'district') return 403; // granted at a 街镇, not at the district root
  if (cell === 'inside') return 'pass';
  switch (policy.scope) {
    case 'record':
    case 'special':
      return 404;
    case 'unit':
      return policy.handlersByDepartment && role === 'department_handler' ? 'pass' : '403|404';
    default:
      return 'pass';
  }
}

/** One matrix cell as the generated table shows it. */
export function cellText(policy: RoutePolicy, role: Role): string {
  if (policy.access === 'api-key') return 'key';
  if (policy.access === 'token') return 'token';
  if (!passesGate(policy, role)) return policy.hideAll ? '404' : '·';
  if (policy.scope === 'district') return 'district';
  if (policy.access === 'public' || policy.access === 'signed-in' || policy.access === 'staff') return '✓';
  return { none: '✓', self: 'self', global: 'all', list: 'subtree', record: 'subtree', unit: 'subtree', special: 'rule', district: 'district' }[policy.scope];
}
