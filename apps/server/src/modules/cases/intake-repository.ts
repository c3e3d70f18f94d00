import { type Kysely, type Selectable, sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import type { CaseRecordTable } from '../../db/schema-cases.js';
import { type AuditAppendRow, auditAppendSql } from '../audit/statement.js';

/** Everything one intake writes; values are JSON-able (jsonb columns as objects, times as Date). */
export interface IntakeWrite {
  caseId: string;
  /** From prepareIntakes (intake-prepare.ts). */
  number: string;
  /** case_record columns but id, number and search_vector. */
  values: Record<string, unknown>;
  searchDoc: string;
  /** case_event columns but id and case_id, in timeline order. */
  events: Record<string, unknown>[];
  idempotency: { caller: string; key: string; requestHash: string } | null;
  photos: { ids: string[]; uploader: string | null };
  /** The audit record appended after the case's writes; null to append outside the statement. */
  audit: AuditAppendRow | null;
}

/** Why no number was taken: the checks the write itself repeats, asked first so a refusal costs no number. */
export interface NumberAllocation {
  number: string | null;
  usedKey: boolean;
  knownSource: boolean;
  photosGone: boolean;
}

export type CreatedCase = Selectable<CaseRecordTable>;

/** Raised inside the statement (gz_check) when a photo was no longer attachable. */
export const photosGoneReason = 'gz:case_photos_not_attachable';

/**
 * The rest of the intake as ONE statement: idempotency record, photos, the case, its timeline and
 * (standard suite) its audit record. Run outside a transaction it commits by itself, so the audit
 * chain head, which every intake must lock, is held only from the append (after the case's writes)
 * to the end of this statement and its commit, never across a round trip to the server. The checks
 * prepareIntakes made are enforced again here against races: a used Idempotency-Key makes it write
 * nothing (answers null: the caller replays the first result), a photo gone aborts it (gz_check),
 * a known source number hits the unique index.
 */
export async function writeIntake(db: Kysely<DB>, w: IntakeWrite): Promise<(CreatedCase & { audit_seq: number | null }) | null> {
  const idem = w.idempotency
    ? sql`INSERT INTO idempotency_record (caller, key, request_hash, resource_id)
          VALUES (${w.idempotency.caller}, ${w.idempotency.key}, ${w.idempotency.requestHash}, ${w.caseId}::uuid)
          ON CONFLICT (caller, key) DO NOTHING RETURNING 1`
    : sql`SELECT 1`;
  const withPhotos = w.photos.ids.length > 0;
  const uploader = w.photos.uploader ? sql`uploaded_by = ${w.photos.uploader}::uuid` : sql`uploaded_by IS NULL`;
  const photos = withPhotos
    ? sql`, ph AS (UPDATE case_photo SET case_id = ${w.caseId}::uuid
          WHERE id = ANY(${w.photos.ids}::uuid[]) AND case_id IS NULL AND ${uploader} AND EXISTS (SELECT 1 FROM idem) RETURNING 1)`
    : sql``;
  // A used key (nothing written) is not a missing photo.
  const photoCheck = withPhotos
    ? sql`AND gz_check(NOT EXISTS (SELECT 1 FROM idem) OR (SELECT count(*) FROM ph) = ${w.photos.ids.length}, ${photosGoneReason})`
    : sql``;
  const cols = Object.keys(w.values);
  const eventCols = [...new Set(w.events.flatMap((e) => Object.keys(e)))];
  // Foreign keys are checked when the statement ends: the timeline may go in before its case.
  const r = await sql<CreatedCase & { audit_seq: number | null }>`
    ${prepared}WITH idem AS (${idem})${photos},
    e AS (
      INSERT INTO case_event (case_id, ${sql.join(eventCols.map((c) => sql.id(c)))})
      SELECT ${w.caseId}::uuid, ${sql.join(eventCols.map((c) => sql`x.${sql.id(c)}`))}
      FROM jsonb_populate_recordset(NULL::case_event, ${JSON.stringify(w.events)}::jsonb) AS x
      WHERE EXISTS (SELECT 1 FROM idem) ${photoCheck}
      RETURNING 1
    ),
    c AS (
      INSERT INTO case_record (id, number, search_vector, ${sql.join(cols.map((c) => sql.id(c)))})
      SELECT ${w.caseId}::uuid, ${w.number}, to_tsvector('simple', ${w.searchDoc}), ${sql.join(cols.map((c) => sql`r.${sql.id(c)}`))}
      FROM jsonb_populate_record(NULL::case_record, ${JSON.stringify(w.values)}::jsonb) AS r
      WHERE (SELECT count(*) FROM e) > 0
      RETURNING *
    )
    SELECT c.*, ${w.audit ? auditAppendSql(w.audit) : sql`NULL::bigint`} AS audit_seq FROM c`.execute(db);
  return r.rows[0] ?? null;
}
