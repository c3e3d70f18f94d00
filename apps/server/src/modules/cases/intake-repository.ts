import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseRecordTable } from '../../db/schema-cases.js';

/** Everything one intake writes; values are JSON-able (jsonb columns as objects, times as Date). */
export interface IntakeWrite {
  caseId: string;
  /** The Shanghai date of receipt, YYYY-MM-DD: the day whose counter numbers the case. */
  day: string;
  /** case_record columns but id, number and search_vector. */
  values: Record<string, unknown>;
  searchDoc: string;
  /** case_event columns but id and case_id, in timeline order. */
  events: Record<string, unknown>[];
  idempotency: { caller: string; key: string; requestHash: string } | null;
  photos: { ids: string[]; uploader: string | null };
  /** The audit append placed after the case's writes, given the number the statement took; null to append outside. */
  audit: ((number: RawBuilder<string>) => RawBuilder<number> | null) | null;
}

export type CreatedCase = Selectable<CaseRecordTable>;

/** Raised inside the statement (gz_check) when a photo was no longer attachable. */
export const photosGoneReason = 'gz:case_photos_not_attachable';

/**
 * The whole intake as ONE statement: idempotency record, photos, the day's number, the case, its
 * timeline and (standard suite) its audit record. Run outside a transaction it commits by itself,
 * so the two rows every intake must lock, the day counter and the audit chain head, are held only
 * for the rest of this statement and its commit, never across a round trip to the server. The
 * counter is taken after the idempotency and photo checks; the chain head after the case insert.
 * Answers null when the Idempotency-Key was already used (the caller replays the first result).
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
  const photoCheck = withPhotos ? sql`AND gz_check((SELECT count(*) FROM ph) = ${w.photos.ids.length}, ${photosGoneReason})` : sql``;
  const cols = Object.keys(w.values);
  const colList = sql.join(cols.map((c) => sql.id(c)));
  const fromRecord = sql.join(cols.map((c) => sql`r.${sql.id(c)}`));
  const eventCols = [...new Set(w.events.flatMap((e) => Object.keys(e)))];
  const audit = w.audit?.(sql<string>`c.number`) ?? sql`NULL::bigint`;
  const compactDay = w.day.replaceAll('-', '');
  const r = await sql<CreatedCase & { audit_seq: number | null }>`
    WITH idem AS (${idem})${photos},
    n AS (
      INSERT INTO case_day_counter (day, last) SELECT ${w.day}::date, 1 WHERE EXISTS (SELECT 1 FROM idem) ${photoCheck}
      ON CONFLICT (day) DO UPDATE SET last = case_day_counter.last + 1
      RETURNING last
    ),
    c AS (
      INSERT INTO case_record (id, number, search_vector, ${colList})
      SELECT ${w.caseId}::uuid, ${compactDay} || lpad(n.last::text, 6, '0'), to_tsvector('simple', ${w.searchDoc}), ${fromRecord}
      FROM n, jsonb_populate_record(NULL::case_record, ${JSON.stringify(w.values)}::jsonb) AS r
      RETURNING *
    ),
    e AS (
      INSERT INTO case_event (case_id, ${sql.join(eventCols.map((c) => sql.id(c)))})
      SELECT c.id, ${sql.join(eventCols.map((c) => sql`x.${sql.id(c)}`))}
      FROM c, jsonb_populate_recordset(NULL::case_event, ${JSON.stringify(w.events)}::jsonb) AS x
      RETURNING 1
    )
    SELECT c.*, (SELECT count(*) FROM e) AS events_written, ${audit} AS audit_seq FROM c`.execute(db);
  return r.rows[0] ?? null;
}
