import { COMMON_WORD, RARE_WORD } from './texts.mjs';
import { log, percentile } from './util.mjs';

/** The list queries a dispatcher's workbench and a district admin's search actually send. */
function queries() {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const q = encodeURIComponent;
  return [
    { name: 'no filter', qs: '' },
    { name: 'status', qs: 'status=in_progress' },
    { name: 'category + date range', qs: `category=B0101&from=${q(iso(now - 90 * 86_400_000))}&to=${q(iso(now))}` },
    { name: 'overdue', qs: 'overdue=true' },
    { name: `text common (${COMMON_WORD})`, qs: `q=${q(COMMON_WORD)}` },
    { name: `text rare (${RARE_WORD})`, qs: `q=${q(RARE_WORD)}` },
    { name: `text + status`, qs: `q=${q(COMMON_WORD)}&status=in_progress,signed,dispatched` },
    { name: 'due soonest', qs: 'sort=due_asc&status=dispatched,signed,in_progress' },
    // Filters whose rows are rare or recent: without their own index each walked most of the table.
    { name: 'supervised (督办)', qs: 'supervised=true' },
    { name: 'rare type (表扬)', qs: 'type=praise' },
    { name: 'channel (接待)', qs: 'channel=reception' },
    { name: 'red warning, deadline first', qs: 'warning=red&sort=due_asc' },
    { name: 'deadline first, any status', qs: 'sort=due_asc' },
    { name: 'two statuses, deadline first', qs: 'sort=due_asc&status=resolved,verified' },
    { name: 'two statuses, oldest first', qs: 'sort=received_asc&status=resolved,verified' },
    { name: '30 days, deadline first', qs: `sort=due_asc&from=${q(iso(now - 30 * 86_400_000))}` },
    { name: 'second page (cursor)', qs: '', page: 2 },
    { name: 'text second page (cursor)', qs: `q=${q(COMMON_WORD)}`, page: 2 },
  ];
}

async function get(base, auth, qs) {
  const t = performance.now();
  const r = await fetch(`${base}/api/cases${qs ? `?${qs}` : ''}`, { headers: { cookie: auth.cookie } });
  const body = await r.json();
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`GET /api/cases?${qs}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

/** Each query `runs` times in turn (after one untimed warm-up each); p50/p95 per query. */
export async function runList({ base, auth, runs }) {
  const qs = queries();
  const times = qs.map(() => []);
  const items = qs.map(() => 0);
  const cursors = [];
  for (const [i, q] of qs.entries()) {
    // The cursor of page 1 is taken once: page 2 is what a user clicks next.
    if (q.page === 2) {
      const first = await get(base, auth, q.qs);
      cursors[i] = first.body.nextCursor;
    }
    const r = await get(base, auth, withCursor(q, cursors[i]));
    items[i] = r.body.items.length;
  }
  for (let run = 0; run < runs; run++) {
    for (const [i, q] of qs.entries()) times[i].push((await get(base, auth, withCursor(q, cursors[i]))).ms);
  }
  const out = qs.map((q, i) => ({ name: q.name, p50Ms: percentile(times[i], 50), p95Ms: percentile(times[i], 95), maxMs: percentile(times[i], 100), items: items[i], runs }));
  for (const o of out) log(`    ${o.name.padEnd(28)} p50 ${o.p50Ms} ms  p95 ${o.p95Ms} ms  (${o.items} items)`);
  return out;
}

function withCursor(q, cursor) {
  if (q.page !== 2) return q.qs;
  if (!cursor) return q.qs;
  const c = `cursor=${encodeURIComponent(cursor)}`;
  return q.qs ? `${q.qs}&${c}` : c;
}

/** How many cases each text query matches in the whole table, to read the timings against. */
export async function textMatches(db, tokens) {
  // Segmented the way the server segments a query, so the counts are what the API searches for.
  const rows = await db.query(
    `SELECT (SELECT count(*) FROM case_record WHERE search_vector @@ plainto_tsquery('simple', $1))::int AS common,
            (SELECT count(*) FROM case_record WHERE search_vector @@ plainto_tsquery('simple', $2))::int AS rare`,
    [tokens(COMMON_WORD).join(' '), tokens(RARE_WORD).join(' ')],
  );
  return { [COMMON_WORD]: rows[0].common, [RARE_WORD]: rows[0].rare };
}
