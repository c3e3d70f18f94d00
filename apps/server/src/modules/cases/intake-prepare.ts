import { type Kysely, sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { NaturalBatcher } from '../../lib/natural-batcher.js';
import type { NumberAllocation } from './intake-repository.js';
import { OPEN_FOR_DUPLICATES } from './repository.js';

/** What an intake asks before its write: the day's number (with the refusals that take none) and a likely duplicate. */
export interface PrepareItem {
  day: string;
  idempotency: { caller: string; key: string } | null;
  source: { channel: string; ref: string } | null;
  photos: { ids: string[]; uploader: string | null };
  duplicate: { lng: number; lat: number; radiusM: number; since: Date; text: string; minSimilarity: number };
}

export interface Prepared {
  alloc: NumberAllocation;
  duplicate: { id: string; number: string; sim: number } | null;
}

/**
 * The reads before several intakes' writes as ONE statement: for each, whether its key is used,
 * its source number known or a photo gone (those take no number), the day's next numbers for the
 * rest (YYYYMMDD + 6 digits), and the most similar open case within the radius and window.
 * The statement commits without waiting for the disk (synchronous_commit off for this one
 * transaction), so the day's counter row is locked for microseconds, not for a whole intake. Safe:
 * the case carrying a number commits synchronously later, which flushes the log up to and including
 * this increment, so no number in a stored case can be handed out again after a crash. A number
 * whose intake then fails (a race the write catches, a crash) is skipped: numbers are unique and
 * daily, with rare gaps. Numbers follow the items' order within a day.
 */
export async function prepareIntakes(db: Kysely<DB>, items: PrepareItem[]): Promise<Prepared[]> {
  const r = await prepareStatement(items).execute(db);
  return r.rows.map((row) => ({
    alloc: {
      number: row.last == null ? null : `${items[row.ord]!.day.replaceAll('-', '')}${String(row.last).padStart(6, '0')}`,
      usedKey: row.used_key,
      knownSource: row.known_source,
      photosGone: row.photos_gone,
    },
    duplicate: row.dup_id ? { id: row.dup_id, number: row.dup_number!, sim: Number(row.dup_sim) } : null,
  }));
}

/** The statement of prepareIntakes (exported so a test can read its plan). */
export function prepareStatement(items: PrepareItem[]) {
  const rows = items.map((it, ord) => {
    const d = it.duplicate;
    return {
      ord,
      day: it.day,
      caller: it.idempotency?.caller ?? null,
      key: it.idempotency?.key ?? null,
      channel: it.source?.channel ?? null,
      ref: it.source?.ref ?? null,
      photo_ids: it.photos.ids,
      uploader: it.photos.uploader,
      lng: d.lng,
      lat: d.lat,
      dlat: d.radiusM / 111_320,
      dlng: d.radiusM / (111_320 * Math.cos((d.lat * Math.PI) / 180)),
      radius: d.radiusM,
      since: d.since.toISOString(),
      txt: d.text,
      min_sim: d.minSimilarity,
    };
  });
  // The box test and the literal status list match the partial GiST index case_record_open_point.
  const open = sql.join(OPEN_FOR_DUPLICATES.map((s) => sql.lit(s)));
  return sql<{ ord: number; used_key: boolean; known_source: boolean; photos_gone: boolean; last: number | null; dup_id: string | null; dup_number: string | null; dup_sim: number | null }>`
    ${prepared}WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(ord int, day date, caller text, key text, channel text, ref text,
        photo_ids uuid[], uploader uuid, lng float8, lat float8, dlat float8, dlng float8, radius float8, since timestamptz, txt text, min_sim float4)
    ),
    g AS (
      SELECT x.ord, x.day, ik.hit IS NOT NULL AS used_key, ks.hit IS NOT NULL AS known_source,
        (cardinality(x.photo_ids) > 0 AND (SELECT count(*) FROM case_photo p WHERE p.id = ANY(x.photo_ids) AND p.case_id IS NULL
           AND p.uploaded_by IS NOT DISTINCT FROM x.uploader) <> cardinality(x.photo_ids)) AS photos_gone,
        set_config('synchronous_commit', 'off', true) AS async_commit
      FROM x
      -- Probes by key, one per item. (As EXISTS in the select list the planner may hash the whole
      -- idempotency table for each batch instead: it guesses 100 items and a small table.)
      LEFT JOIN LATERAL (SELECT 1 AS hit FROM idempotency_record i WHERE x.key IS NOT NULL AND i.caller = x.caller AND i.key = x.key LIMIT 1) ik ON true
      LEFT JOIN LATERAL (SELECT 1 AS hit FROM case_record c WHERE x.ref IS NOT NULL AND c.channel = x.channel AND c.source_ref = x.ref LIMIT 1) ks ON true
    ),
    want AS (SELECT ord, day, row_number() OVER (PARTITION BY day ORDER BY ord) AS k FROM g WHERE NOT (used_key OR known_source OR photos_gone)),
    need AS (SELECT day, count(*)::int AS n FROM want GROUP BY day),
    n AS (
      INSERT INTO case_day_counter (day, last) SELECT day, n FROM need
      ON CONFLICT (day) DO UPDATE SET last = case_day_counter.last + excluded.last
      RETURNING day, last
    )
    SELECT g.ord, g.used_key, g.known_source, g.photos_gone,
      (SELECT n.last - need.n + w.k FROM want w JOIN need ON need.day = w.day JOIN n ON n.day = w.day WHERE w.ord = g.ord)::int AS last,
      d.id AS dup_id, d.number AS dup_number, d.sim AS dup_sim
    FROM g JOIN x ON x.ord = g.ord
    LEFT JOIN LATERAL (
      SELECT cand.id, cand.number, cand.sim FROM (
        SELECT c.id, c.number, c.received_at, similarity(c.title || ' ' || c.description, x.txt) AS sim
        FROM (
          SELECT c.* FROM case_record c
          WHERE c.status IN (${open}) AND c.merged_into_id IS NULL AND c.received_at >= x.since
            AND point(c.lng, c.lat) <@ box(point(x.lng - x.dlng, x.lat - x.dlat), point(x.lng + x.dlng, x.lat + x.dlat))
          ORDER BY c.received_at DESC LIMIT 200
        ) c
        -- The box's corners are beyond the radius: leave them out before the costly text comparison.
        WHERE 2 * 6371008 * asin(sqrt(sin(radians(c.lat - x.lat) / 2) ^ 2
              + cos(radians(x.lat)) * cos(radians(c.lat)) * sin(radians(c.lng - x.lng) / 2) ^ 2)) <= x.radius
      ) cand
      WHERE cand.sim >= x.min_sim
      ORDER BY cand.sim DESC, cand.received_at DESC LIMIT 1
    ) d ON true
    ORDER BY g.ord`;
}

// One queue per running app: the day's counter row is shared by every intake.
const preparers = new WeakMap<object, NaturalBatcher<PrepareItem, Prepared>>();
export function intakePreparerOf(ctx: { db: Kysely<DB> }): NaturalBatcher<PrepareItem, Prepared> {
  let b = preparers.get(ctx);
  if (!b) preparers.set(ctx, (b = new NaturalBatcher((items) => prepareIntakes(ctx.db, items))));
  return b;
}
