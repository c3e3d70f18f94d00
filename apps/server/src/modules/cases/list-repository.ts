import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseRow } from './repository.js';
import type { CaseScope } from './scope.js';

export interface CaseListFilter {
  scope: CaseScope;
  statuses?: string[] | undefined;
  types?: string[] | undefined;
  category?: string | undefined;
  channels?: string[] | undefined;
  path?: string | undefined;
  departmentId?: string | undefined;
  overdue?: boolean | undefined;
  warning?: 'yellow' | 'red' | undefined;
  supervised?: boolean | undefined;
  extensionRequested?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Segmented query words, ANDed. */
  words?: string[] | undefined;
  reporterUserId?: string | undefined;
  /** Staff: the cases this account took in (its intake step), e.g. a grid worker's patrol reports. */
  takenInBy?: string | undefined;
  sort: 'received_desc' | 'received_asc' | 'due_asc';
  after?: { t: string | null; id: string } | undefined;
  limit: number;
}

/**
 * What a list row carries (presenter.ts `presentSummary`): a page is up to 51 rows, and under load
 * each stays alive for as long as its request waits, so the description, the search words, the
 * reporter's sealed contact and the classification's alternatives (two thirds of a row) were read,
 * parsed and carried for nothing. Exports read whole rows.
 */
const SUMMARY_COLUMNS = [
  'id', 'number', 'channel', 'type', 'category_code', 'status', 'urgent', 'title', 'address', 'lng', 'lat',
  'lead_department_id', 'assist_department_ids', 'reporter_user_id', 'merged_into_id', 'duplicate_of_id',
  'extension_requested', 'extensions_approved', 'supervised', 'escalation_level', 'reopen_count', 'satisfaction',
  'sign_due_at', 'handle_due_at', 'follow_up_due_at', 'warning', 'overdue', 'calendar_known', 'received_at', 'updated_at',
] as const satisfies readonly (keyof CaseRow)[];

export type CaseSummaryRow = Pick<CaseRow, (typeof SUMMARY_COLUMNS)[number] | 'sub_code' | 'sub_name'>;

/** A case's 街镇-level path prefix, written exactly as the 0006 indexes are, so the planner matches them. */
const prefixOf = sql`subltree(c.path, 0, least(2, nlevel(c.path)))`;

/** For a two-label (街镇) node a subtree is asked as its prefix: the 0006 indexes lead with it. */
const subdistrictPrefix = (path: string) => path.split('.').length === 2;

/**
 * One part of a page: the filter for one status and, for "deadline first", either the cases with a
 * deadline or those without. Each part is one ordered index range (0006, 0017).
 */
interface Branch {
  status?: string | undefined;
  due?: 'set' | 'null' | undefined;
}

/**
 * The branches a page is merged from. PostgreSQL cannot read several values of an index's leading
 * column in the second column's order, and it guesses how far down an ordered index the matching
 * rows lie as if they were spread evenly: for `status=resolved,verified&sort=due_asc` it walked the
 * whole deadline index (0.7 s at a million cases), because such cases are all recent and their
 * deadlines the latest. One ordered range per status, merged (Merge Append), reads only the page.
 */
function branches(f: CaseListFilter): Branch[] {
  // A status named twice (`status=resolved,resolved`) must not read its cases twice.
  const distinct = [...new Set(f.statuses ?? [])];
  const statuses: (string | undefined)[] = distinct.length > 1 ? distinct : [undefined];
  if (f.sort !== 'due_asc') return statuses.map((status) => ({ status }));
  // Cases without a deadline sort last: a cursor on one of them leaves only those.
  const dues: ('set' | 'null')[] = f.after && f.after.t === null ? ['null'] : ['set', 'null'];
  return statuses.flatMap((status) => dues.map((due) => ({ status, due })));
}

/** The case list's SQL: a page of cases in the caller's scope, filtered, in the asked order. */
export function listCases(db: Kysely<DB>, f: CaseListFilter, rows: 'summary'): Promise<CaseSummaryRow[]>;
export function listCases(db: Kysely<DB>, f: CaseListFilter, rows: 'whole'): Promise<CaseRow[]>;
export async function listCases(db: Kysely<DB>, f: CaseListFilter, rows: 'summary' | 'whole'): Promise<CaseSummaryRow[] | CaseRow[]> {
  const parts = branches(f).map((b) => {
    const q = branchQuery(db, f, b);
    return rows === 'whole' ? withUnits(q).selectAll('c').select(UNIT_NAMES) : withUnits(q).select(SUMMARY_COLUMNS.map((c) => `c.${c}` as const)).select(['s.code as sub_code', 's.name as sub_name']);
  });
  // The overloads say which row type the caller gets; `rows` chose the columns above.
  if (parts.length === 1) return (await parts[0]!.execute()) as CaseSummaryRow[] | CaseRow[];
  const order = f.sort === 'due_asc' ? sql`handle_due_at ASC NULLS LAST, id ASC` : f.sort === 'received_asc' ? sql`received_at ASC, id ASC` : sql`received_at DESC, id DESC`;
  const r = await sql<CaseSummaryRow | CaseRow>`${sql.join(parts, sql` UNION ALL `)} ORDER BY ${order} LIMIT ${f.limit + 1}`.execute(db);
  return r.rows as CaseSummaryRow[] | CaseRow[];
}

/** The joins that name a case's 街镇, 居民区 and grid. */
function withUnits(q: ReturnType<typeof fromCases>) {
  return q
    .leftJoin('jurisdiction_unit as s', 's.id', 'c.subdistrict_id')
    .leftJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
    .leftJoin('jurisdiction_unit as g', 'g.id', 'c.grid_id');
}

const fromCases = (db: Kysely<DB>) => db.selectFrom('case_record as c');
const UNIT_NAMES = ['s.code as sub_code', 's.name as sub_name', 'n.code as nb_code', 'n.name as nb_name', 'g.code as grid_code', 'g.name as grid_name'] as const;

/** Cases with the codes and names of their 街镇, 居民区 and grid: the rows the presenters take. */
export function selectCaseRows(db: Kysely<DB>) {
  return withUnits(fromCases(db))
    .selectAll('c')
    .select(UNIT_NAMES);
}

function branchQuery(db: Kysely<DB>, f: CaseListFilter, b: Branch) {
  const scope = f.scope;
  // Whom the caller may see: units' subtrees, departments' cases (主办 or 协办), or their own reports.
  let q = fromCases(db).where((eb) => {
    const ors: Expression<SqlBool>[] = [];
    if (scope.paths.length === 1 && subdistrictPrefix(scope.paths[0]!)) ors.push(sql<boolean>`${prefixOf} = ${scope.paths[0]}::ltree`);
    else if (scope.paths.length) ors.push(eb(sql`c.path`, '<@', sql`ANY(${scope.paths}::ltree[])`));
    if (scope.departmentIds.length) {
      ors.push(eb('c.lead_department_id', '=', sql<string>`ANY(${scope.departmentIds}::uuid[])`));
      ors.push(eb(sql`c.assist_department_ids`, '&&', sql`${scope.departmentIds}::uuid[]`));
    }
    if (scope.reporterUserId) ors.push(eb('c.reporter_user_id', '=', scope.reporterUserId));
    return ors.length ? eb.or(ors) : eb.val(false);
  });
  const samePrefix = scope.paths.length === 1 && subdistrictPrefix(scope.paths[0]!) && f.path === scope.paths[0];
  if (f.reporterUserId) q = q.where('c.reporter_user_id', '=', f.reporterUserId);
  // Staff reports carry no reporter account (that column means a resident); their intake step names them.
  if (f.takenInBy) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.action = 'intake' AND e.actor_id = ${f.takenInBy})`);
  if (b.status) q = q.where('c.status', '=', b.status);
  else if (f.statuses?.length) q = q.where('c.status', 'in', f.statuses);
  if (f.types?.length) q = q.where('c.type', 'in', f.types);
  if (f.channels?.length) q = q.where('c.channel', 'in', f.channels);
  if (f.category) q = f.category.length === 3 ? q.where('c.category_code', 'like', `${f.category}%`) : q.where('c.category_code', '=', f.category);
  if (f.path && !samePrefix) q = q.where(subdistrictPrefix(f.path) ? sql<boolean>`${prefixOf} = ${f.path}::ltree` : sql<boolean>`c.path <@ ${f.path}::ltree`);
  if (f.departmentId) q = q.where((eb) => eb.or([eb('c.lead_department_id', '=', f.departmentId!), eb(sql`c.assist_department_ids`, '@>', sql`ARRAY[${f.departmentId}]::uuid[]`)]));
  if (f.overdue !== undefined) q = q.where('c.overdue', '=', f.overdue);
  if (f.warning) q = q.where('c.warning', '=', f.warning);
  if (f.supervised !== undefined) q = q.where('c.supervised', '=', f.supervised);
  if (f.extensionRequested !== undefined) q = q.where('c.extension_requested', '=', f.extensionRequested);
  if (f.from) q = q.where('c.received_at', '>=', new Date(f.from));
  if (f.to) q = q.where('c.received_at', '<', new Date(f.to));
  if (f.words?.length) q = q.where(sql<boolean>`c.search_vector @@ plainto_tsquery('simple', ${f.words.join(' ')})`);

  if (f.sort !== 'due_asc') {
    const desc = f.sort === 'received_desc';
    // A row comparison, not (a < t OR a = t AND id < x): the index scan starts right at the cursor.
    if (f.after) q = q.where(sql<boolean>`(c.received_at, c.id) ${sql.raw(desc ? '<' : '>')} (${f.after.t}::timestamptz, ${f.after.id}::uuid)`);
    return q
      .orderBy('c.received_at', desc ? 'desc' : 'asc')
      .orderBy('c.id', desc ? 'desc' : 'asc')
      .limit(f.limit + 1);
  }
  if (b.due === 'null') {
    q = q.where('c.handle_due_at', 'is', null);
    if (f.after && f.after.t === null) q = q.where('c.id', '>', f.after.id);
    return q.orderBy('c.id', 'asc').limit(f.limit + 1);
  }
  q = q.where('c.handle_due_at', 'is not', null);
  if (f.after?.t) q = q.where(sql<boolean>`(c.handle_due_at, c.id) > (${f.after.t}::timestamptz, ${f.after.id}::uuid)`);
  // A deadline is never before receipt (it is counted from receipt, or later from a dispatch or an
  // extension's decision), so received ≥ from bounds the deadline too. Said outright, the planner
  // starts the deadline index there instead of walking two years of older deadlines to reach the
  // matching, recent cases (0.7 s for "this month, deadline first" at a million cases).
  if (f.from) q = q.where('c.handle_due_at', '>=', new Date(f.from));
  return q.orderBy('c.handle_due_at', 'asc').orderBy('c.id', 'asc').limit(f.limit + 1);
}
