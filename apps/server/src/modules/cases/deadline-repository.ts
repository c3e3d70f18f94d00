import type { CaseStatus } from '@gongzhi/contracts';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Warning } from './deadlines.js';
import type { NoticeDraft, WatchedCase } from './deadline-rules.js';

/** What each pass of the job looks for; each matches one partial index of 0006_case_deadlines.sql. */
export type WatchPass = 'yellow' | 'red' | 'sign' | 'supervise' | 'escalate';

// Predicates written out as constants, exactly as in the index definitions, so the planner can
// prove the partial index applies (it cannot through bound parameters).
const OPEN = sql.raw(`c.status IN ('dispatched', 'signed', 'in_progress')`);
const PASSES: Record<WatchPass, { key: string; where: RawBuilder<unknown>; bound: '<' | '<=' }> = {
  yellow: { key: 'warn_at', where: sql`${OPEN} AND c.warning = 'none' AND NOT c.extension_requested`, bound: '<=' },
  red: { key: 'handle_due_at', where: sql`${OPEN} AND c.warning <> 'red' AND NOT c.extension_requested`, bound: '<' },
  sign: { key: 'sign_due_at', where: sql`c.status = 'dispatched' AND c.sign_overdue_for IS DISTINCT FROM c.sign_due_at`, bound: '<' },
  supervise: { key: 'handle_due_at', where: sql`${OPEN} AND c.warning = 'red' AND NOT c.supervised AND NOT c.extension_requested`, bound: '<' },
  escalate: { key: 'escalate_at', where: sql`${OPEN} AND c.warning = 'red' AND NOT c.extension_requested AND c.escalate_at IS NOT NULL`, bound: '<=' },
};

export interface WatchKey {
  t: Date;
  id: string;
}

interface WatchRow {
  id: string;
  number: string;
  title: string;
  version: number;
  status: CaseStatus;
  path: string;
  sub_code: string | null;
  lead_department_id: string | null;
  assist_department_ids: string[];
  warn_at: Date | null;
  handle_due_at: Date | null;
  sign_due_at: Date | null;
  warning: Warning;
  overdue: boolean;
  supervised: boolean;
  escalation_level: number;
  escalate_at: Date | null;
  key: Date;
}

/** SQL of the deadline job. Plain objects out; no version bump on its own columns (not transitions). */
export class DeadlineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One batch of a pass: cases whose key moment is reached, in key order after `after` (keyset). */
  async watched(pass: WatchPass, now: Date, after: WatchKey | null, limit: number): Promise<{ cases: WatchedCase[]; last: WatchKey | null }> {
    const p = PASSES[pass];
    const key = sql.ref(`c.${p.key}`);
    const from = after ? sql`AND (${key}, c.id) > (${after.t}, ${after.id}::uuid)` : sql``;
    const r = await sql<WatchRow>`
      SELECT c.id, c.number, c.title, c.version, c.status, c.path::text AS path, s.code AS sub_code,
             c.lead_department_id, c.assist_department_ids, c.warn_at, c.handle_due_at, c.sign_due_at,
             c.warning, c.overdue, c.supervised, c.escalation_level, c.escalate_at, ${key} AS key
        FROM case_record c
        LEFT JOIN jurisdiction_unit s ON s.id = c.subdistrict_id
       WHERE ${p.where} AND ${key} ${sql.raw(p.bound)} ${now} ${from}
       ORDER BY ${key}, c.id
       LIMIT ${limit}`.execute(this.db);
    const cases = r.rows.map(toWatched);
    const lastRow = r.rows.at(-1);
    return { cases, last: lastRow ? { t: lastRow.key, id: lastRow.id } : null };
  }

  /**
   * Applies warnings computed from a read of the case, only where the case is still at the version
   * read (a transition in between may have moved its deadlines) and the warning still differs.
   * Answers the ids changed.
   */
  async applyWarnings(changes: { id: string; version: number; warning: Warning; overdue: boolean; escalateAt: Date | null }[]): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    const r = await sql<{ id: string }>`
      UPDATE case_record c
         SET warning = u.warning, overdue = u.overdue, escalate_at = u.escalate_at, updated_at = now()
        FROM unnest(${changes.map((x) => x.id)}::uuid[], ${changes.map((x) => x.version)}::int[], ${changes.map((x) => x.warning)}::text[],
                    ${changes.map((x) => x.overdue)}::boolean[], ${changes.map((x) => x.escalateAt)}::timestamptz[])
             AS u(id, version, warning, overdue, escalate_at)
       WHERE c.id = u.id AND c.version = u.version AND NOT c.extension_requested
         AND (c.warning, c.overdue) IS DISTINCT FROM (u.warning, u.overdue)
      RETURNING c.id`.execute(this.db);
    return new Set(r.rows.map((x) => x.id));
  }

  /** Remembers the signing deadlines reported, where they are still the case's. Answers the ids marked. */
  async markSignReported(items: { id: string; signDueAt: Date }[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const r = await sql<{ id: string }>`
      UPDATE case_record c SET sign_overdue_for = u.due
        FROM unnest(${items.map((x) => x.id)}::uuid[], ${items.map((x) => x.signDueAt)}::timestamptz[]) AS u(id, due)
       WHERE c.id = u.id AND c.sign_due_at = u.due AND c.status = 'dispatched'
      RETURNING c.id`.execute(this.db);
    return new Set(r.rows.map((x) => x.id));
  }

  /** Inserts notices; one per dedupe key, ever. Answers how many were new. */
  async insertNotices(notices: NoticeDraft[]): Promise<number> {
    if (notices.length === 0) return 0;
    const r = await sql`
      INSERT INTO case_notification (case_id, kind, department_id, path, message, dedupe_key)
      SELECT u.case_id, u.kind, u.department_id, u.path::ltree, u.message, u.dedupe_key
        FROM unnest(${notices.map((n) => n.caseId)}::uuid[], ${notices.map((n) => n.kind)}::text[], ${notices.map((n) => n.departmentId)}::uuid[],
                    ${notices.map((n) => n.path)}::text[], ${notices.map((n) => n.message)}::text[], ${notices.map((n) => n.dedupeKey)}::text[])
             AS u(case_id, kind, department_id, path, message, dedupe_key)
      ON CONFLICT (dedupe_key) DO NOTHING`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * Claims an escalation: moves escalate_at from the moment read to the next one, if no other
   * scan did first and the case is still overdue and open. True when this caller owns it.
   */
  async claimEscalation(id: string, from: Date, next: Date): Promise<boolean> {
    const r = await sql`
      UPDATE case_record c SET escalate_at = ${next}
       WHERE c.id = ${id} AND c.escalate_at = ${from} AND ${OPEN} AND c.warning = 'red' AND NOT c.extension_requested`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Gives a claim back when the escalation itself could not be made (the next scan tries again). */
  async releaseEscalation(id: string, claimed: Date, back: Date): Promise<void> {
    await sql`UPDATE case_record SET escalate_at = ${back} WHERE id = ${id} AND escalate_at = ${claimed}`.execute(this.db);
  }
}

function toWatched(r: WatchRow): WatchedCase {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    version: Number(r.version),
    status: r.status,
    path: r.path,
    subCode: r.sub_code,
    leadDepartmentId: r.lead_department_id,
    assistDepartmentIds: r.assist_department_ids ?? [],
    warnAt: r.warn_at,
    handleDueAt: r.handle_due_at,
    signDueAt: r.sign_due_at,
    warning: r.warning,
    overdue: r.overdue,
    supervised: r.supervised,
    escalationLevel: Number(r.escalation_level),
    escalateAt: r.escalate_at,
  };
}
