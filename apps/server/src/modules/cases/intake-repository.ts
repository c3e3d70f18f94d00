import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseRecordTable } from '../../db/schema-cases.js';

/** Everything one intake writes; values are JSON-able (jsonb columns as objects, times as Date). */
export interface IntakeWrite {
  caseId: string;
  /** From allocateNumber. */
  number: string;
  /** case_record columns but id, number and search_vector. */
  values: Record<string, unknown>;
  searchDoc: string;
  /** case_event columns but id and case_id, in timeline order. */
  events: Record<string, unknown>[];
  idempotency: { caller: string; key: string; requestHash: string } | null;
  photos: { ids: string[]; uploader: string | null };
  /** The audit append placed after the case's writes; null to append outside the statement. */
  audit: RawBuilder<number> | null;
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
 * The day's next number (YYYYMMDD + 6 digits), in a statement of its own that commits without
 * waiting for the disk (synchronous_commit off for this one transaction): the day's counter row is
 * locked for microseconds, not for a whole intake. Safe: the case that carries the number commits
 * synchronously later, which flushes the log up to and including this increment, so no number in a
 * stored case can be handed out again after a crash. A number whose intake then fails (a race the
 * write catches, a crash) is skipped: numbers are unique and daily, with rare gaps. The refusals the
 * write would make (key already used, source number known, photo gone) are checked first and take
 * no number.
 */
export async function allocateNumber(
  db: Kysely<DB>,
  a: { day: string; idempotency: { caller: string; key: string } | null; source: { channel: string; ref: string } | null; photos: { ids: string[]; uploader: string | null } },
): Promise<NumberAllocation> {
  const usedKey = a.idempotency
    ? sql`EXISTS (SELECT 1 FROM idempotency_record WHERE caller = ${a.idempotency.caller} AND key = ${a.idempotency.key})`
    : sql`false`;
  const knownSource = a.source ? sql`EXISTS (SELECT 1 FROM case_record WHERE channel = ${a.source.channel} AND source_ref = ${a.source.ref})` : sql`false`;
  const uploader = a.photos.uploader ? sql`uploaded_by = ${a.photos.uploader}::uuid` : sql`uploaded_by IS NULL`;
  const photosGone = a.photos.ids.length
    ? sql`(SELECT count(*) FROM case_photo WHERE id = ANY(${a.photos.ids}::uuid[]) AND case_id IS NULL AND ${uploader}) <> ${a.photos.ids.length}`
    : sql`false`;
  const r = await sql<{ used_key: boolean; known_source: boolean; photos_gone: boolean; last: number | null }>`
    WITH g AS (SELECT ${usedKey} AS used_key, ${knownSource} AS known_source, ${photosGone} AS photos_gone,
                      set_config('synchronous_commit', 'off', true) AS async_commit),
    n AS (
      INSERT INTO case_day_counter (day, last) SELECT ${a.day}::date, 1 FROM g WHERE NOT (used_key OR known_source OR photos_gone)
      ON CONFLICT (day) DO UPDATE SET last = case_day_counter.last + 1
      RETURNING last
    )
    SELECT g.used_key, g.known_source, g.photos_gone, (SELECT last FROM n) AS last FROM g`.execute(db);
  const row = r.rows[0]!;
  return {
    number: row.last == null ? null : `${a.day.replaceAll('-', '')}${String(row.last).padStart(6, '0')}`,
    usedKey: row.used_key,
    knownSource: row.known_source,
    photosGone: row.photos_gone,
  };
}

/**
 * The rest of the intake as ONE statement: idempotency record, photos, the case, its timeline and
 * (standard suite) its audit record. Run outside a transaction it commits by itself, so the audit
 * chain head, which every intake must lock, is held only from the append (after the case's writes)
 * to the end of this statement and its commit, never across a round trip to the server. The checks
 * allocateNumber made are enforced again here against races: a used Idempotency-Key makes it write
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
    WITH idem AS (${idem})${photos},
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
    SELECT c.*, ${w.audit ?? sql`NULL::bigint`} AS audit_seq FROM c`.execute(db);
  return r.rows[0] ?? null;
}
