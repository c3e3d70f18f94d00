import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Which cases a statistic covers: the caller's scope (as the cases module computes it) narrowed to
 * one unit of the tree. `unitPath` is an ltree path such as 310105.310105004.
 */
export interface StatsWhere {
  paths: string[];
  departmentIds: string[];
  unitPath: string;
}

export interface StatsWindow {
  /** Start of the period's first day and of the day after its last (Shanghai midnights). */
  from: Date;
  to: Date;
  /** Start of today (Shanghai) and the moment the figures are for. */
  today: Date;
  now: Date;
}

/** The unit column one level below the unit looked at (null for a grid: nothing below). */
export type ChildColumn = 'subdistrict_id' | 'neighborhood_id' | 'grid_id' | null;

/** Counts of one group, as numbers. */
export interface FigureCounts {
  intake: number;
  effective: number;
  resolved: number;
  closed: number;
  open: number;
  overdue: number;
  onTime: number;
  dueJudged: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  today: number;
}

export interface GroupedCounts {
  total: FigureCounts;
  units: Map<string, FigureCounts>;
  departments: Map<string, FigureCounts>;
  /** Keyed by category code; '' for cases not classified yet. */
  categories: Map<string, FigureCounts>;
}

// Literal lists, written as the partial indexes of 0005/0007 are, so the planner can use them.
const OPEN = sql.raw(`('received', 'dispatched', 'signed', 'in_progress', 'returned')`);
const WORKING = sql.raw(`('dispatched', 'signed', 'in_progress')`);
const DONE = sql.raw(`('resolved', 'verified', 'followed_up', 'closed')`);

/** A case's 街镇-level path prefix, written exactly as the 0007 indexes are. */
const prefixOf = sql`subltree(c.path, 0, least(2, nlevel(c.path)))`;

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

/**
 * The scope and unit condition on `case_record c`. A unit at 街镇 level or below is asked as the
 * 街镇 prefix first (the composite indexes of 0007 lead with it), then narrowed by its subtree.
 * When the unit lies inside the caller's place, the unit condition alone says it all: repeating
 * the scope would make the planner count the same filter twice.
 */
export function whereSql(w: StatsWhere): RawBuilder<boolean> {
  const depth = w.unitPath.split('.').length;
  const conds: RawBuilder<boolean>[] = [];
  if (depth >= 2) conds.push(sql<boolean>`${prefixOf} = ${w.unitPath.split('.').slice(0, 2).join('.')}::ltree`);
  // The district (the root) holds every case: no condition, which would only cost a test per row.
  if (depth > 2) conds.push(sql<boolean>`c.path <@ ${w.unitPath}::ltree`);
  const insideScope = w.departmentIds.length === 0 && w.paths.some((p) => within(w.unitPath, p));
  if (!insideScope) {
    const ors: RawBuilder<boolean>[] = [];
    if (w.paths.length) ors.push(sql<boolean>`c.path <@ ANY(${w.paths}::ltree[])`);
    if (w.departmentIds.length) {
      ors.push(sql<boolean>`c.lead_department_id = ANY(${w.departmentIds}::uuid[])`);
      ors.push(sql<boolean>`c.assist_department_ids && ${w.departmentIds}::uuid[]`);
    }
    conds.push(ors.length ? sql<boolean>`(${sql.join(ors, sql` OR `)})` : sql<boolean>`false`);
  }
  return conds.length ? sql<boolean>`${sql.join(conds, sql` AND `)}` : sql<boolean>`true`;
}

const n = (v: unknown) => Number(v ?? 0);

/** All figures zero. */
export const zeroCounts = (): FigureCounts => ({ intake: 0, effective: 0, resolved: 0, closed: 0, open: 0, overdue: 0, onTime: 0, dueJudged: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, today: 0 });

/** A result row's counts (snake_case columns, counts as strings or numbers) — shared by the scanning and the rollup reads. */
export function countsOf(row: Record<string, unknown>): FigureCounts {
  return {
    intake: n(row.intake),
    effective: n(row.effective),
    resolved: n(row.resolved),
    closed: n(row.closed),
    open: n(row.open),
    overdue: n(row.overdue),
    onTime: n(row.on_time),
    dueJudged: n(row.due_judged),
    satisfied: n(row.satisfied),
    basicallySatisfied: n(row.basically_satisfied),
    unsatisfied: n(row.unsatisfied),
    today: n(row.today),
  };
}

/** Day number (days since 1970-01-01 in Shanghai, UTC+8 all year) of a timestamptz column. */
const dayOf = (col: RawBuilder<unknown>) => sql<number>`floor((extract(epoch from ${col}) + 28800) / 86400)::int`;

/** SQL of the case statistics. Everything is aggregated in the database; plain objects out. */
export class CaseStatsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * One pass over the cases of the period (plus every open case and today's): the totals and the
   * breakdowns by child unit, lead department and category, as grouping sets of one scan.
   */
  async grouped(w: StatsWhere, win: StatsWindow, child: ChildColumn): Promise<GroupedCounts> {
    const unitCol = child ? sql.raw(`c.${child}`) : sql`NULL::uuid`;
    // The latest rating of a case: its stored rating, or 不满意 when an unsatisfied rating reopened
    // it (the case then holds no rating until it is rated again). Only reopened cases are looked up.
    // Those are found through the partial index of 0011 and joined, not asked per case.
    const sat = sql`COALESCE(c.satisfaction, CASE WHEN c.reopen_count > 0 AND u.case_id IS NOT NULL THEN 'unsatisfied' END)`;
    const r = await sql<Record<string, unknown>>`
      SELECT GROUPING(x.unit_id) AS g_unit, GROUPING(x.dept_id) AS g_dept, GROUPING(x.cat) AS g_cat,
        x.unit_id, x.dept_id, x.cat,
        count(*) FILTER (WHERE x.in_p) AS intake,
        count(*) FILTER (WHERE x.in_p AND x.effective) AS effective,
        count(*) FILTER (WHERE x.in_p AND x.done) AS resolved,
        count(*) FILTER (WHERE x.in_p AND x.closed) AS closed,
        count(*) FILTER (WHERE x.open) AS open,
        count(*) FILTER (WHERE x.overdue) AS overdue,
        count(*) FILTER (WHERE x.in_p AND x.on_time) AS on_time,
        count(*) FILTER (WHERE x.in_p AND (x.has_resolved OR x.overdue)) AS due_judged,
        count(*) FILTER (WHERE x.in_p AND x.sat = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE x.in_p AND x.sat = 'basically_satisfied') AS basically_satisfied,
        count(*) FILTER (WHERE x.in_p AND x.sat = 'unsatisfied') AS unsatisfied,
        count(*) FILTER (WHERE x.today) AS today
      FROM (
        SELECT ${unitCol} AS unit_id, c.lead_department_id AS dept_id, coalesce(c.category_code, '') AS cat,
          (c.received_at >= ${win.from} AND c.received_at < ${win.to}) AS in_p,
          c.received_at >= ${win.today} AS today,
          c.status NOT IN ('merged', 'cancelled') AS effective,
          c.status IN ${DONE} AS done,
          c.status = 'closed' AS closed,
          c.status IN ${OPEN} AS open,
          (c.status IN ${WORKING} AND (c.overdue OR (NOT c.extension_requested AND c.handle_due_at < ${win.now}))) AS overdue,
          c.resolved_at IS NOT NULL AS has_resolved,
          (c.resolved_at IS NOT NULL AND (c.handle_due_at IS NULL OR c.resolved_at <= c.handle_due_at)) AS on_time,
          ${sat} AS sat
        FROM case_record c
        LEFT JOIN (
          SELECT DISTINCT e.case_id FROM case_event e
          WHERE e.action IN ('rate', 'follow_up') AND (e.data->>'satisfaction') = 'unsatisfied'
        ) u ON u.case_id = c.id
        WHERE ${whereSql(w)}
          AND ((c.received_at >= ${win.from} AND c.received_at < ${win.to}) OR c.status IN ${OPEN} OR c.received_at >= ${win.today})
      ) x
      GROUP BY GROUPING SETS ((), (x.unit_id), (x.dept_id), (x.cat))`.execute(this.db);

    const out: GroupedCounts = { total: zeroCounts(), units: new Map(), departments: new Map(), categories: new Map() };
    for (const row of r.rows) {
      const counts = countsOf(row);
      const [gu, gd, gc] = [n(row.g_unit), n(row.g_dept), n(row.g_cat)];
      if (gu && gd && gc) out.total = counts;
      else if (!gu && row.unit_id) out.units.set(row.unit_id as string, counts);
      else if (!gd && row.dept_id) out.departments.set(row.dept_id as string, counts);
      else if (!gc) out.categories.set(row.cat as string, counts);
    }
    return out;
  }

  /** Received and resolved per Shanghai day in [from, to), keyed by day number. */
  async daily(w: StatsWhere, win: Pick<StatsWindow, 'from' | 'to'>): Promise<Map<number, { intake: number; resolved: number }>> {
    const where = whereSql(w);
    const r = await sql<{ d: number; intake: unknown; resolved: unknown }>`
      SELECT d, sum(i) AS intake, sum(r) AS resolved FROM (
        SELECT ${dayOf(sql`c.received_at`)} AS d, 1 AS i, 0 AS r FROM case_record c
          WHERE ${where} AND c.received_at >= ${win.from} AND c.received_at < ${win.to}
        UNION ALL
        SELECT ${dayOf(sql`c.resolved_at`)} AS d, 0 AS i, 1 AS r FROM case_record c
          WHERE ${where} AND c.resolved_at >= ${win.from} AND c.resolved_at < ${win.to}
      ) t GROUP BY d`.execute(this.db);
    return new Map(r.rows.map((row) => [Number(row.d), { intake: n(row.intake), resolved: n(row.resolved) }]));
  }

  /**
   * The latest public steps since `since`, newest first (walks the 0010 index on the step's time
   * and stops at `limit`). Only what a wall may show: the number, the step, the category and the
   * place; no names, phones nor free text.
   */
  feed(w: StatsWhere, since: Date, limit: number) {
    return sql<{ id: string; at: Date; action: string; to_status: string; number: string; category_code: string | null; sub_name: string | null; nb_name: string | null }>`
      SELECT e.id::text AS id, e.at, e.action, e.to_status, c.number, c.category_code, s.name AS sub_name, nb.name AS nb_name
      FROM case_event e
      JOIN case_record c ON c.id = e.case_id
      LEFT JOIN jurisdiction_unit s ON s.id = c.subdistrict_id
      LEFT JOIN jurisdiction_unit nb ON nb.id = c.neighborhood_id
      WHERE e.public AND e.at >= ${since} AND e.action NOT IN ('merge_in', 'master_update') AND ${whereSql(w)}
      ORDER BY e.at DESC, e.id DESC
      LIMIT ${limit}`
      .execute(this.db)
      .then((r) => r.rows);
  }

  /** Open cases as map points, newest first (walks the open-cases index of 0007). */
  async points(w: StatsWhere, win: Pick<StatsWindow, 'today' | 'now'>, limit: number): Promise<[number, number, number][]> {
    const r = await sql<{ lng: number; lat: number; kind: number }>`
      SELECT c.lng, c.lat,
        CASE WHEN c.status IN ${WORKING} AND (c.overdue OR (NOT c.extension_requested AND c.handle_due_at < ${win.now})) THEN 1
             WHEN c.received_at >= ${win.today} THEN 2 ELSE 0 END AS kind
      FROM case_record c
      WHERE ${whereSql(w)} AND c.status IN ${OPEN}
      ORDER BY c.received_at DESC, c.id DESC
      LIMIT ${limit}`.execute(this.db);
    return r.rows.map((p) => [Number(p.lng), Number(p.lat), Number(p.kind)]);
  }

  departments() {
    return this.db.selectFrom('department').select(['id', 'code', 'name', 'level']).execute();
  }

  categories() {
    return this.db
      .selectFrom('case_category as c')
      .leftJoin('case_category as p', 'p.code', 'c.parent_code')
      .select(['c.code', 'c.name', 'p.name as parent_name'])
      .execute();
  }
}
