import { type Kysely, sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { NaturalBatcher } from '../../lib/natural-batcher.js';
import { auditAppendJoined } from '../audit/statement.js';
import type { AuditEntry, AuditWriter } from '../audit/writer.js';
import { type CreatedCase, type IntakeWrite, photosGoneReason, writeIntake } from './intake-repository.js';

export type WrittenCase = (CreatedCase & { audit_seq: number | null }) | null;

/**
 * Several intakes' writes as ONE statement (PostgreSQL, audit appended in the statement): the
 * same writes as writeIntake for each, with the same guards per case — a used Idempotency-Key
 * writes nothing for that case (its answer is null), a photo no longer attachable aborts the whole
 * statement (gz_check; the caller then retries each case alone to learn which). Every case's audit
 * record is chained in the final SELECT, one gz_audit_append per written case.
 */
export async function writeIntakeBatch(db: Kysely<DB>, ws: IntakeWrite[]): Promise<Map<string, WrittenCase>> {
  const noKey = ws.filter((w) => !w.idempotency).map((w) => w.caseId);
  const keyed = ws.filter((w) => w.idempotency).map((w) => ({ caller: w.idempotency!.caller, key: w.idempotency!.key, request_hash: w.idempotency!.requestHash, resource_id: w.caseId }));
  const photos = ws.flatMap((w) => w.photos.ids.map((photo_id) => ({ case_id: w.caseId, photo_id, uploader: w.photos.uploader })));
  const events = ws.flatMap((w) => w.events.map((e) => ({ ...e, case_id: w.caseId })));
  const values = ws.map((w) => ({ ...w.values, id: w.caseId, number: w.number }));
  const docs = ws.map((w) => ({ id: w.caseId, doc: w.searchDoc }));
  const cols = [...new Set(ws.flatMap((w) => Object.keys(w.values)))];
  const eventCols = [...new Set(ws.flatMap((w) => w.events.flatMap((e) => Object.keys(e))))];

  const ph = photos.length
    ? sql`, ph AS (UPDATE case_photo p SET case_id = x.case_id
          FROM jsonb_to_recordset(${JSON.stringify(photos)}::jsonb) AS x(case_id uuid, photo_id uuid, uploader uuid)
          WHERE p.id = x.photo_id AND p.case_id IS NULL AND p.uploaded_by IS NOT DISTINCT FROM x.uploader AND x.case_id IN (SELECT id FROM ok)
          RETURNING x.case_id),
        want AS (SELECT count(*) AS n FROM jsonb_to_recordset(${JSON.stringify(photos)}::jsonb) AS x(case_id uuid) WHERE x.case_id IN (SELECT id FROM ok))`
    : sql``;
  const photoCheck = photos.length ? sql`AND gz_check((SELECT count(*) FROM ph) = (SELECT n FROM want), ${photosGoneReason})` : sql``;
  const audit = auditAppendJoined(ws.flatMap((w) => (w.audit ? [{ ...w.audit, case_id: w.caseId }] : [])));

  const r = await sql<CreatedCase & { audit_seq: number | null }>`
    ${prepared}WITH idem AS (
      INSERT INTO idempotency_record (caller, key, request_hash, resource_id)
      SELECT i.caller, i.key, i.request_hash, i.resource_id
      FROM jsonb_to_recordset(${JSON.stringify(keyed)}::jsonb) AS i(caller text, key text, request_hash text, resource_id uuid)
      ON CONFLICT (caller, key) DO NOTHING RETURNING resource_id
    ),
    ok AS (SELECT unnest(${noKey}::uuid[]) AS id UNION ALL SELECT resource_id FROM idem)${ph},
    e AS (
      INSERT INTO case_event (case_id, ${sql.join(eventCols.map((c) => sql.id(c)))})
      SELECT x.case_id, ${sql.join(eventCols.map((c) => sql`x.${sql.id(c)}`))}
      FROM jsonb_populate_recordset(NULL::case_event, ${JSON.stringify(events)}::jsonb) AS x
      WHERE x.case_id IN (SELECT id FROM ok) ${photoCheck}
      RETURNING 1
    ),
    c AS (
      INSERT INTO case_record (id, number, search_vector, ${sql.join(cols.map((c) => sql.id(c)))})
      SELECT r.id, r.number, to_tsvector('simple', d.doc), ${sql.join(cols.map((c) => sql`r.${sql.id(c)}`))}
      FROM jsonb_populate_recordset(NULL::case_record, ${JSON.stringify(values)}::jsonb) AS r
      JOIN jsonb_to_recordset(${JSON.stringify(docs)}::jsonb) AS d(id uuid, doc text) ON d.id = r.id
      WHERE r.id IN (SELECT id FROM ok) AND (SELECT count(*) FROM e) > 0
      RETURNING *
    )
    SELECT c.*, ${audit.call} AS audit_seq FROM c ${audit.join} ON a.case_id = c.id`.execute(db);
  const out = new Map<string, WrittenCase>(ws.map((w) => [w.caseId, null]));
  for (const row of r.rows) out.set(row.id, row);
  return out;
}

interface Pending {
  write: IntakeWrite;
  /** Appended in Node in the same transaction when the write carries no audit statement (国密, embedded). */
  audit: AuditEntry;
}

/**
 * Group commit for intakes. Every intake must take the audit chain's head, so their writes run one
 * after another anyway; instead of one statement (PostgreSQL, standard suite) or one transaction
 * (embedded database, 国密 suite: the audit records are chained in Node) and one commit each, the
 * writes that arrive while one runs go together in the next (NaturalBatcher).
 */
export class IntakeWriteBatcher {
  private readonly batcher: NaturalBatcher<Pending, WrittenCase>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditWriter,
  ) {
    this.batcher = new NaturalBatcher((batch) => (batch.length === 1 ? this.writeAlone(batch[0]!).then((r) => [r]) : this.writeTogether(batch)));
  }

  get stats() {
    return this.batcher.stats;
  }

  write(w: IntakeWrite, audit: AuditEntry): Promise<WrittenCase> {
    return this.batcher.submit({ write: w, audit });
  }

  private writeAlone(p: Pending): Promise<WrittenCase> {
    if (p.write.audit) return writeIntake(this.db, p.write);
    return this.db.transaction().execute(async (trx) => {
      const created = await writeIntake(trx, p.write);
      if (created) await this.audit.append(p.audit, trx);
      return created;
    });
  }

  private async writeTogether(batch: Pending[]): Promise<WrittenCase[]> {
    const writes = batch.map((p) => p.write);
    const rows = writes.every((w) => w.audit)
      ? await writeIntakeBatch(this.db, writes)
      : await this.db.transaction().execute(async (trx) => {
          const r = await writeIntakeBatch(trx, writes.map((w) => ({ ...w, audit: null })));
          // Chained in the order the intakes arrived, as one after another would have been.
          await this.audit.appendMany(batch.filter((p) => r.get(p.write.caseId)).map((p) => p.audit), trx);
          return r;
        });
    return writes.map((w) => rows.get(w.caseId) ?? null);
  }
}

// One group-commit queue per running app: every intake route shares the audit chain's head.
const batchers = new WeakMap<object, IntakeWriteBatcher>();
export function intakeBatcherOf(ctx: { db: Kysely<DB>; audit: AuditWriter }): IntakeWriteBatcher {
  let b = batchers.get(ctx);
  if (!b) batchers.set(ctx, (b = new IntakeWriteBatcher(ctx.db, ctx.audit)));
  return b;
}
