import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { countsOf, type FigureCounts, type GroupedCounts, type StatsWhere, type StatsWindow, zeroCounts } from './repository.js';

/**
 * The dashboard figures read from the rollups of migration 0015 (docs/case-stats.md, "Rollups")
 * instead of the cases. Every statement reads the rollup rows, the deltas not folded yet and the
 * few cases past their deadline that the deadline job has not flagged yet, all in one snapshot.
 */

/**
 * Which rollup nodes answer a question: `total` — disjoint nodes whose union is the unit narrowed
 * to the caller's scope; `children` — for each child unit (by id), the nodes that make it up.
 * Null when the rollups cannot answer (see planRollup).
 */
export interface RollupPlan {
  total: string[];
  children: Map<string, string[]>;
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);
const depth = (path: string) => path.split('.').length;

/** Levels with dims 'd' (department) and 'c' (category): the district and the 街镇. */
const BREAKDOWN_DEPTH = 2;

/**
 * The rollup nodes for a unit in a caller's scope, or null where only the cases can answer:
 * a department's scope (cases of a department, lead or assisting, wherever they are), a unit at
 * 居民区 or grid level (no department/category rows there; those units hold few cases, and their
 * scan is quick), or a scope narrower than the 街镇 level that does not cover the unit.
 */
export function planRollup(w: StatsWhere, children: { id: string; path: string }[]): RollupPlan | null {
  if (w.departmentIds.length > 0 || depth(w.unitPath) > BREAKDOWN_DEPTH) return null;
  let total: string[];
  if (w.paths.some((p) => within(w.unitPath, p))) total = [w.unitPath];
  else {
    const below = w.paths.filter((p) => within(p, w.unitPath));
    // Nested grants would count their cases twice: keep the outermost.
    total = [...new Set(below.filter((p) => !below.some((q) => q !== p && within(p, q))))];
    if (total.length === 0 || total.some((p) => depth(p) > BREAKDOWN_DEPTH)) return null;
  }
  const map = new Map<string, string[]>();
  for (const c of children) {
    if (total.some((t) => within(c.path, t))) map.set(c.id, [c.path]);
    else map.set(c.id, total.filter((t) => within(t, c.path)));
  }
  return { total, children: map };
}

const n = (v: unknown) => Number(v ?? 0);

/** Start day (inclusive) and end day (exclusive) of the period, and today, as Shanghai day numbers. */
const dayNo = (t: Date) => Math.floor((t.getTime() + 8 * 3600_000) / 86_400_000);

const WORKING = sql.raw(`('dispatched', 'signed', 'in_progress')`);

/** The deltas not folded yet, as rollup rows. */
const pendingRows = sql`
  SELECT e.node, e.dim, e.key, e.day, e.intake, e.effective, e.resolved, e.closed, e.on_time, e.due_judged, e.satisfied,
    e.basically_satisfied, e.unsatisfied, e.resolved_on, e.open, e.overdue
  FROM case_stat_delta d,
    LATERAL case_stat_expand(d.sign, d.rday, d.path, d.dept, d.cat, d.status, d.resolved_day, d.on_time, d.overdue, d.sat) e`;

export class CaseStatsRollupRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Folds the appended deltas into the rollups, unless another connection is folding right now
   * (then its fold covers them, and readers count whatever is left anyway). Returns deltas folded.
   */
  async fold(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(7345001) AS got`.execute(trx);
      if (!lock.rows[0]?.got) return 0;
      const r = await sql<{ folded: unknown }>`SELECT case_stat_fold() AS folded`.execute(trx);
      return n(r.rows[0]?.folded);
    });
  }

  /** Everything counted again from the cases (after a bulk load, or to repair). Needs the table owner. */
  async rebuild(): Promise<number> {
    const r = await sql<{ n: unknown }>`SELECT case_stat_rebuild() AS n`.execute(this.db);
    return n(r.rows[0]?.n);
  }

  /** The figures of grouped() (repository.ts) from the rollups. */
  async grouped(plan: RollupPlan, win: StatsWindow): Promise<GroupedCounts> {
    const from = dayNo(win.from);
    const to = dayNo(win.to);
    const today = dayNo(win.today);
    const total = plan.total;
    const kids = [...new Set([...plan.children.values()].flat())].filter((p) => !total.includes(p));
    const all = [...total, ...kids];
    const dayCond = sql`((day >= ${from} AND day < ${to}) OR (dim = 'a' AND day >= ${today}))`;
    const r = await sql<Record<string, unknown>>`
      SELECT node::text AS node, dim::text AS dim, key,
        sum(intake) FILTER (WHERE day >= ${from} AND day < ${to}) AS intake,
        sum(effective) FILTER (WHERE day >= ${from} AND day < ${to}) AS effective,
        sum(resolved) FILTER (WHERE day >= ${from} AND day < ${to}) AS resolved,
        sum(closed) FILTER (WHERE day >= ${from} AND day < ${to}) AS closed,
        sum(on_time) FILTER (WHERE day >= ${from} AND day < ${to}) AS on_time,
        sum(due_judged) FILTER (WHERE day >= ${from} AND day < ${to}) AS due_judged,
        sum(satisfied) FILTER (WHERE day >= ${from} AND day < ${to}) AS satisfied,
        sum(basically_satisfied) FILTER (WHERE day >= ${from} AND day < ${to}) AS basically_satisfied,
        sum(unsatisfied) FILTER (WHERE day >= ${from} AND day < ${to}) AS unsatisfied,
        sum(intake) FILTER (WHERE day >= ${today}) AS today,
        sum(open) AS open, sum(overdue) AS overdue
      FROM (
        SELECT node, dim, key, day, intake, effective, resolved, closed, on_time, due_judged, satisfied, basically_satisfied,
          unsatisfied, 0 AS open, 0 AS overdue
        FROM case_stat_day WHERE node = ANY(${total}::ltree[]) AND dim = ANY('{a,d,c}'::"char"[]) AND day >= ${from} AND day < ${to}
        UNION ALL
        -- Today's intake when today is not in the period. (Each branch names node, dim and a day
        -- range: the primary key is then walked as ranges, not read over every day of the node.)
        SELECT node, dim, key, day, intake, effective, resolved, closed, on_time, due_judged, satisfied, basically_satisfied,
          unsatisfied, 0, 0
        FROM case_stat_day WHERE node = ANY(${total}::ltree[]) AND dim = 'a' AND day >= ${today} AND NOT (day >= ${from} AND day < ${to})
        UNION ALL
        SELECT node, dim, key, day, intake, effective, resolved, closed, on_time, due_judged, satisfied, basically_satisfied,
          unsatisfied, 0, 0
        FROM case_stat_day WHERE node = ANY(${kids}::ltree[]) AND dim = 'a' AND day >= ${from} AND day < ${to}
        UNION ALL
        SELECT node, dim, key, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, open, overdue
        FROM case_stat_now WHERE node = ANY(${total}::ltree[]) OR (dim = 'a' AND node = ANY(${kids}::ltree[]))
        UNION ALL
        SELECT node, dim, key, day, intake, effective, resolved, closed, on_time, due_judged, satisfied, basically_satisfied,
          unsatisfied, open, overdue
        FROM (${pendingRows}) p
        WHERE (node = ANY(${total}::ltree[]) OR (dim = 'a' AND node = ANY(${kids}::ltree[]))) AND (${dayCond} OR open <> 0 OR overdue <> 0)
        UNION ALL
        -- Past the handling deadline, not flagged yet (found through the small index of 0015).
        SELECT x.node, x.dim, x.key, case_stat_day_of(c.received_at), 0, 0, 0, 0, 0, (c.resolved_at IS NULL)::int, 0, 0, 0, 0, 1
        FROM case_record c,
          LATERAL (
            SELECT subpath(c.path, 0, k) AS node, v.dim, v.key
            FROM generate_series(1, least(3, nlevel(c.path))) k
            CROSS JOIN (VALUES ('a'::"char", ''), ('d'::"char", coalesce(c.lead_department_id::text, '')), ('c'::"char", coalesce(c.category_code, ''))) v(dim, key)
            WHERE v.dim = 'a' OR k <= 2
          ) x
        WHERE c.status IN ${WORKING} AND NOT c.overdue AND NOT c.extension_requested AND c.handle_due_at < ${win.now}
          AND c.path <@ ANY(${all}::ltree[])
          AND (x.node = ANY(${total}::ltree[]) OR (x.dim = 'a' AND x.node = ANY(${kids}::ltree[])))
      ) s
      GROUP BY node, dim, key`.execute(this.db);

    const rows = new Map<string, FigureCounts>();
    for (const row of r.rows) {
      rows.set(`${row.node as string}|${row.dim as string}|${row.key as string}`, countsOf(row));
    }
    const sum = (keys: string[]): FigureCounts => {
      const out = zeroCounts();
      for (const k of keys) add(out, rows.get(k));
      return out;
    };
    const out: GroupedCounts = { total: sum(total.map((t) => `${t}|a|`)), units: new Map(), departments: new Map(), categories: new Map() };
    for (const [id, nodes] of plan.children) if (nodes.length) out.units.set(id, sum(nodes.map((p) => `${p}|a|`)));
    for (const [k, counts] of rows) {
      const [node, dim, key] = k.split('|') as [string, string, string];
      if (!total.includes(node)) continue;
      const target = dim === 'd' ? (key ? out.departments : null) : dim === 'c' ? out.categories : null;
      if (!target) continue;
      const acc = target.get(key) ?? zeroCounts();
      add(acc, counts);
      target.set(key, acc);
    }
    return out;
  }

  /** Received and resolved per Shanghai day in [from, to), keyed by day number (as daily()). */
  async daily(plan: RollupPlan, win: Pick<StatsWindow, 'from' | 'to'>): Promise<Map<number, { intake: number; resolved: number }>> {
    const from = dayNo(win.from);
    const to = dayNo(win.to);
    const r = await sql<{ day: number; intake: unknown; resolved: unknown }>`
      SELECT day, sum(intake) AS intake, sum(resolved_on) AS resolved FROM (
        SELECT day, intake, resolved_on FROM case_stat_day
        WHERE node = ANY(${plan.total}::ltree[]) AND dim = 'a' AND day >= ${from} AND day < ${to}
        UNION ALL
        SELECT day, intake, resolved_on FROM (${pendingRows}) p
        WHERE node = ANY(${plan.total}::ltree[]) AND dim = 'a' AND day >= ${from} AND day < ${to}
      ) s GROUP BY day`.execute(this.db);
    return new Map(r.rows.map((row) => [Number(row.day), { intake: n(row.intake), resolved: n(row.resolved) }]));
  }
}


function add(acc: FigureCounts, c: FigureCounts | undefined): void {
  if (!c) return;
  for (const k of Object.keys(acc) as (keyof FigureCounts)[]) acc[k] += c[k];
}
