import type { Action } from '@gongzhi/contracts';

/**
 * What an API route's id parameter names, for the scope check of one record: the gate loads the
 * record's jurisdiction path by this kind (see record-paths.ts) before the body is even validated.
 */
export type RecordKind = 'resident' | 'household' | 'building' | 'compound' | 'user' | 'verification_task';

/**
 * The access policy of one route, declared once in its module's `policies.ts` and enforced by the
 * gate (http/policy-gate.ts) before validation, so a caller without the right never learns more
 * than 401/403/404. The handler then does the fine checks (the record's place, workflow rules).
 *
 * - `public`: no sign-in needed. With `action`, a signed-in caller must hold it (anonymous reports).
 * - `signed-in`: any signed-in account; it acts on itself (own sessions, password, notices).
 * - `staff`: any signed-in staff account (not residents, not machine tokens).
 * - `token`: a machine API token with a purpose (`rule` says which); sessions are refused (403).
 * - `api-key`: a standard's own credential in the request (Open311 `api_key`); without it 403.
 * - `action`: the caller must hold `action` (or one of `anyOf`) at some grant; then `scope` says
 *   where: `global` (no place), `list` (the list is limited to the grants' subtrees in SQL),
 *   `record` (the record named by `param` must lie in a grant's subtree, else 404), `district`
 *   (the action is needed at the district root), `unit` (a unit code in the query or path,
 *   checked by the handler), `special` (a rule in `rule`, checked by the handler).
 */
export interface RoutePolicy {
  access: 'public' | 'signed-in' | 'staff' | 'token' | 'api-key' | 'action';
  action?: Action;
  /** Alternative actions: holding any one passes the gate. */
  anyOf?: readonly Action[];
  /** Resident accounts pass the gate too (they see their own records only). */
  residents?: boolean;
  scope: 'none' | 'self' | 'global' | 'list' | 'record' | 'district' | 'unit' | 'special';
  record?: RecordKind;
  /** The path parameter naming the record (default `id`), or for `unit` the unit code checked by the gate. */
  param?: string;
  /** A machine API token with this purpose passes the gate too (the handler gives it its scope). */
  tokenPurpose?: string;
  /** Department handlers reach cases by department wherever they lie: a unit outside their grant is not refused. */
  handlersByDepartment?: boolean;
  /** A caller who holds the action nowhere gets 404 too (the record's existence is itself personal). */
  hideAll?: boolean;
  /** Sessions still in the password-change or second-factor stage pass (the routes that finish them). */
  allowUnfinished?: boolean;
  /**
   * `handler`: the gate only checks the sign-in; the handler checks the action itself (it audits
   * refusals in its own way, e.g. the reveal log). The matrix still holds it to this policy.
   */
  enforce?: 'gate' | 'handler';
  /** The rule in words, for `special` and anything the fields above do not say. */
  rule?: string;
}

/** `"GET /api/cases/:id"` → policy. HEAD routes share their GET's policy. */
export type PolicyTable = Record<string, RoutePolicy>;

/** Constructors that keep the per-module tables short and readable. */
export const allow = {
  public: (rule?: string, action?: Action): RoutePolicy => ({ access: 'public', scope: 'none', ...(action ? { action } : {}), ...(rule ? { rule } : {}) }),
  signedIn: (rule?: string, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'signed-in', scope: 'self', ...(rule ? { rule } : {}), ...extra }),
  staff: (rule?: string): RoutePolicy => ({ access: 'staff', scope: 'none', ...(rule ? { rule } : {}) }),
  token: (rule: string): RoutePolicy => ({ access: 'token', scope: 'special', rule }),
  apiKey: (rule: string): RoutePolicy => ({ access: 'api-key', scope: 'special', rule }),
  global: (action: Action, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'global', ...extra }),
  list: (action: Action, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'list', ...extra }),
  district: (action: Action, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'district', ...extra }),
  unit: (action: Action, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'unit', ...extra }),
  record: (action: Action, record: RecordKind, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'record', record, ...extra }),
  special: (action: Action, rule: string, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'action', action, scope: 'special', rule, ...extra }),
};
