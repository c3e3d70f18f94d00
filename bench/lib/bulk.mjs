import path from 'node:path';
import { caseText, RARE_TEXT, rng } from './texts.mjs';
import { log } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');

const OPEN = "('received','dispatched','signed','in_progress','returned')";

/**
 * One batch of `$1` cases made in SQL from the document pool (bench_doc) and the grids (bench_grid):
 * in batch `$8` of `$9` time slices over `$4` days back from now (oldest first, each slice inserted in
 * time order, as a table filled by daily work is laid out on disk), statuses by age, deadlines, overdue flags, daily numbers that
 * continue the day counters, 督办 on a third of the overdue cases, and the times and ratings the statistics
 * read (signed, resolved, closed, satisfaction). Bulk rows get no timeline or audit records: the list and the dashboards read neither.
 */
const BATCH_SQL = `
WITH src AS (
  SELECT now() - interval '1 hour' - (1 - ($8::int + random()) / $9::int) * ($4::int * interval '1 day') AS received_at,
         1 + floor(random() * $2::int)::int AS doc_i, 1 + floor(random() * $3::int)::int AS grid_i,
         1 + floor(random() * $5::int)::int AS dept_i, random() AS rs, random() AS rch, random() AS rdue,
         random() < 0.0002 AS rare, random() - 0.5 AS jx, random() - 0.5 AS jy, random() AS rres, random() AS rsat, random() AS rsup
  FROM generate_series(1, $1::int)
), shaped AS (
  SELECT src.*, (received_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
    CASE WHEN received_at > now() - interval '20 days' THEN
      CASE WHEN rs < .05 THEN 'received' WHEN rs < .2 THEN 'dispatched' WHEN rs < .35 THEN 'signed' WHEN rs < .7 THEN 'in_progress'
           WHEN rs < .85 THEN 'resolved' WHEN rs < .9 THEN 'verified' WHEN rs < .95 THEN 'followed_up' ELSE 'closed' END
    ELSE CASE WHEN rs < .88 THEN 'closed' WHEN rs < .91 THEN 'cancelled' WHEN rs < .96 THEN 'followed_up' ELSE 'in_progress' END
    END AS status,
    received_at + (1 + floor(rdue * 15)) * interval '1 day' AS due
  FROM src
), timed AS (
  -- Resolution about 9 times in 10 before the deadline, as the statistics' on-time rate expects.
  SELECT shaped.*, CASE WHEN status IN ('resolved','verified','followed_up','closed')
    THEN least(received_at + rres * 1.1 * (due - received_at), now() - interval '5 minutes') END AS resolved
  FROM shaped
), numbered AS (
  SELECT s.*, coalesce(c.last, 0) + row_number() OVER (PARTITION BY s.day ORDER BY s.received_at) AS seq
  FROM timed s LEFT JOIN case_day_counter c ON c.day = s.day
), ins AS (
  INSERT INTO case_record (number, channel, type, category_code, title, description, address, lng, lat,
    subdistrict_id, neighborhood_id, grid_id, path, status, lead_department_id, received_at, dispatched_at,
    sign_due_at, handle_due_at, warn_at, warning, overdue, search_vector, updated_at,
    signed_at, resolved_at, closed_at, satisfaction, rated_at, supervised)
  SELECT to_char(n.day, 'YYYYMMDD') || lpad(n.seq::text, 6, '0'),
    CASE WHEN rch < .55 THEN 'hotline_12345' WHEN rch < .8 THEN 'grid_patrol' WHEN rch < .95 THEN 'resident_app' WHEN rch < .98 THEN 'iot_alarm' ELSE 'reception' END,
    d.type, d.category_code, d.title, CASE WHEN rare THEN $6 || d.description ELSE d.description END, d.address,
    g.lng + jx * 0.002, g.lat + jy * 0.002, g.sub_id, g.nb_id, g.id, g.path, n.status,
    CASE WHEN n.status = 'received' THEN NULL ELSE dp.id END, n.received_at,
    CASE WHEN n.status = 'received' THEN NULL ELSE n.received_at + interval '10 minutes' END,
    n.received_at + interval '2 hours', n.due, n.received_at + 0.75 * (n.due - n.received_at),
    CASE WHEN n.status IN ${OPEN} AND n.due < now() THEN 'red'
         WHEN n.status IN ${OPEN} AND n.received_at + 0.75 * (n.due - n.received_at) < now() THEN 'yellow' ELSE 'none' END,
    n.status IN ${OPEN} AND n.due < now(),
    CASE WHEN rare THEN to_tsvector('simple', $7) || d.vec ELSE d.vec END, n.received_at,
    CASE WHEN n.status IN ('received','dispatched','cancelled') THEN NULL ELSE n.received_at + interval '40 minutes' END,
    n.resolved, CASE WHEN n.status = 'closed' THEN n.resolved + interval '1 day' END,
    CASE WHEN n.status IN ('followed_up','closed') THEN CASE WHEN rsat < .92 THEN 'satisfied' ELSE 'basically_satisfied' END END,
    CASE WHEN n.status IN ('followed_up','closed') THEN n.resolved + interval '20 hours' END,
    -- 督办: about a third of the overdue cases, as the supervision job would have flagged them.
    n.status IN ${OPEN} AND n.due < now() AND n.rsup < .3
  FROM numbered n JOIN bench_doc d ON d.i = n.doc_i JOIN bench_grid g ON g.i = n.grid_i JOIN bench_dept dp ON dp.i = n.dept_i
  ORDER BY n.received_at
  RETURNING 1
), counters AS (
  INSERT INTO case_day_counter (day, last) SELECT day, max(seq) FROM numbered GROUP BY day
  ON CONFLICT (day) DO UPDATE SET last = excluded.last
)
SELECT count(*)::int AS n FROM ins`;

/** Secondary indexes are dropped during the load and rebuilt after it: far faster than maintaining them row by row. */
async function secondaryIndexes(db) {
  return db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'case_record'
    AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'case_record'::regclass)`);
}

/** Cases per data scale (`--scale`): city is the dashboards' 10 million. */
export const CASES_AT_SCALE = { tiny: 2_000, demo: 100_000, district: 1_000_000, city: 10_000_000 };

/**
 * Tops the case table up to `total` rows, or to the size of `scale` (a key of CASES_AT_SCALE) when
 * `total` is not given. `docs` distinct texts are segmented once and reused.
 */
export async function bulkLoad(db, { total: wanted, scale, docs = 3000, spanDays = 730, seed = 7, batch: batchSize }) {
  const total = wanted ?? CASES_AT_SCALE[scale];
  if (!Number.isFinite(total)) throw new Error(`bulkLoad: give a total or a scale (${Object.keys(CASES_AT_SCALE).join(', ')})`);
  // Bigger statements amortise the per-batch work (counters, planning) at 10 million rows.
  const batch = batchSize ?? (total > 2_000_000 ? 50_000 : 20_000);
  const [{ n: have }] = await db.query('SELECT count(*)::int AS n FROM case_record');
  const need = total - have;
  if (need <= 0) return { loaded: 0, seconds: 0 };
  const t0 = Date.now();
  const { searchDocument } = await import(path.join(root, 'apps/server/dist/modules/cases/text/segment.js'));
  const { seedTaxonomy } = await import(path.join(root, 'apps/server/dist/modules/cases/taxonomy.js'));
  const { leafCategories } = await import('./texts.mjs');
  const cats = leafCategories(seedTaxonomy);
  const r = rng(seed);
  const texts = Array.from({ length: docs }, () => caseText(r, cats));
  await db.query('DROP TABLE IF EXISTS bench_doc, bench_grid, bench_dept');
  await db.query('CREATE TABLE bench_doc (i int PRIMARY KEY, title text, description text, address text, category_code text, type text, vec tsvector)');
  await db.query(
    `INSERT INTO bench_doc SELECT i, t, d, a, c, ty, to_tsvector('simple', s)
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(i, t, d, a, c, ty, s)`,
    [
      texts.map((_, i) => i + 1),
      texts.map((t) => t.title),
      texts.map((t) => t.description),
      texts.map((t) => t.address),
      texts.map((t) => t.categoryCode),
      texts.map((t) => t.type),
      texts.map((t) => searchDocument(`${t.title} ${t.description} ${t.address}`)),
    ],
  );
  await db.query(`CREATE TABLE bench_grid AS SELECT row_number() OVER (ORDER BY g.code)::int AS i, g.id, g.path, coalesce(g.seed_lng, g.center_lng) AS lng,
      coalesce(g.seed_lat, g.center_lat) AS lat, n.id AS nb_id, n.parent_id AS sub_id
    FROM jurisdiction_unit g JOIN jurisdiction_unit n ON n.id = g.parent_id WHERE g.level = 'grid'`);
  await db.query('CREATE TABLE bench_dept AS SELECT row_number() OVER (ORDER BY code)::int AS i, id FROM department');
  const [{ n: grids }] = await db.query('SELECT count(*)::int AS n FROM bench_grid');
  const [{ n: depts }] = await db.query('SELECT count(*)::int AS n FROM bench_dept');
  // A small top-up (--quick) is faster with the indexes kept than with all of them rebuilt.
  const indexes = need > 50_000 ? await secondaryIndexes(db) : [];
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.indexname}`);
  await db.query('SELECT setseed(0.42)');
  const rareDescription = `${RARE_TEXT}。`;
  let loaded = 0;
  const batches = Math.ceil(need / batch);
  for (let b = 0; loaded < need; b++) {
    const size = Math.min(batch, need - loaded);
    const [{ n }] = await db.query(BATCH_SQL, [size, docs, grids, spanDays, depts, rareDescription, searchDocument(RARE_TEXT), b, batches]);
    loaded += n;
    const s = (Date.now() - t0) / 1000;
    if (b % 10 === 9 || loaded >= need) log(`  bulk: ${have + loaded} / ${total} cases (${Math.round(loaded / s)} rows/s)`);
  }
  if (indexes.length) log(`  bulk: rebuilding ${indexes.length} indexes`);
  await db.query("SET maintenance_work_mem = '256MB'");
  for (const ix of indexes) await db.query(ix.indexdef);
  await db.query('DROP TABLE bench_doc, bench_grid, bench_dept');
  await db.query('VACUUM ANALYZE case_record');
  await db.query('VACUUM ANALYZE case_day_counter');
  return { loaded, seconds: Math.round((Date.now() - t0) / 1000), docs, spanDays, indexesRebuilt: indexes.length };
}
