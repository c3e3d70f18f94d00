// The district dashboard at scale (issue 7): the indicators the staff console's 统计分析 page asks
// for (GET /api/case-stats/overview, the district admin's default view: the district, the last 30
// days), timed over HTTP against a running server; the server's resident memory beside them.
//
// Library: runDashboard({ base, auth, runs, serverPid }).
// Standalone (after `npm run build`):
//   node bench/lib/dashboard.mjs --db gz_city [--cases 10000000] [--runs 200] [--port 3971] [--from D --to D]
// loads the database up to --cases with the bench's bulk loader if it holds fewer (creating it if
// needed, kept afterwards), starts a server on it, measures, prints one JSON document on stdout.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bulkLoad } from './bulk.mjs';
import { createTarget, login, openDb, startServer } from './server.mjs';
import { log, parseArgs, percentile, round } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** Resident memory of a process in MiB, from /proc (null where there is none). */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * Query strings of the page: its default view (30 days), as the page and the big screen ask.
 * `period` ({ from, to }, Shanghai days) pins the 30 days instead (a database whose cases end
 * before today: a bulk load still running, or one made earlier and kept).
 */
function views(period) {
  const p = period ? `from=${period.from}&to=${period.to}` : '';
  return {
    // DashboardsPage.tsx: caseStatsApi.overview({ unit, from, to }) — the default leaves all three out.
    'district, 30 days (dashboard page)': p ? `?${p}` : '',
    // screen/api.ts: overview with top=8 (then feed and points, timed separately below).
    'district, 30 days, top 8 (big screen)': `?top=8${p ? `&${p}` : ''}`,
    // A 街镇's view, from the rollups too.
    '新华路街道, 30 days': `?unit=310105004${p ? `&${p}` : ''}`,
  };
}

async function timeGet(base, auth, url, runs) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await fetch(base + url, { headers: { cookie: auth.cookie } });
    const body = await r.arrayBuffer();
    if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status} ${Buffer.from(body).toString().slice(0, 300)}`);
    times.push(performance.now() - t0);
    bytes = body.byteLength;
  }
  return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99), maxMs: round(Math.max(...times)), bytes };
}

/**
 * `runs` requests of the district dashboard's indicators (one overview request is everything the
 * page shows: the figures, by 街镇, by department, by category, the 30-day trend, today's intake),
 * after `warmupS` seconds of warm-up requests. p50/p95/p99 of the page's request; the others for reference; the
 * server's VmRSS after the runs (and the most seen while sampling between requests).
 */
export async function runDashboard({ base, auth, runs = 100, serverPid, period, warmupS = 10 }) {
  // Warm-up by time, not count: a server just started runs its first deadline scan meanwhile.
  const until = Date.now() + warmupS * 1000;
  do await fetch(`${base}/api/case-stats/overview`, { headers: { cookie: auth.cookie } }).then((r) => r.arrayBuffer());
  while (Date.now() < until);
  let peak = 0;
  const sample = serverPid ? setInterval(() => (peak = Math.max(peak, rssMb(serverPid) ?? 0)), 200) : null;
  try {
    const out = {};
    let first = true;
    for (const [name, q] of Object.entries(views(period))) {
      out[name] = await timeGet(base, auth, `/api/case-stats/overview${q}`, first ? runs : Math.ceil(runs / 4));
      first = false;
    }
    // A year of the district (from the rollups); the screen's other two requests (over the cases).
    const from = new Date(Date.now() + 8 * 3600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
    out['district, 366 days'] = await timeGet(base, auth, `/api/case-stats/overview?from=${from}`, Math.ceil(runs / 4));
    out['big screen feed'] = await timeGet(base, auth, '/api/case-stats/feed?limit=30', Math.ceil(runs / 4));
    out['big screen points'] = await timeGet(base, auth, '/api/case-stats/points', Math.ceil(runs / 4));
    const page = out['district, 30 days (dashboard page)'];
    const rss = serverPid ? rssMb(serverPid) : null;
    return { runs, p50Ms: page.p50Ms, p95Ms: page.p95Ms, p99Ms: page.p99Ms, rssMb: rss, rssPeakMb: serverPid ? round(Math.max(peak, rss ?? 0)) : null, period: period ?? 'default (the last 30 days)', views: out };
  } finally {
    if (sample) clearInterval(sample);
  }
}

/**
 * bulkLoad (bulk.mjs) with the statistics insert trigger off, then one rollup rebuild: with the
 * trigger on, every bulk row appends a delta and the first dashboard read would fold millions of
 * them. `db` as openDb gives it (the table owner). Also for run.mjs after its own bulk load:
 * `await rebuildRollups(db)` when the load ran with the trigger on.
 */
export async function loadWithRollups(db, opts) {
  await db.query('ALTER TABLE case_record DISABLE TRIGGER case_stat_insert');
  let bulk;
  try {
    bulk = await bulkLoad(db, opts);
  } finally {
    await db.query('ALTER TABLE case_record ENABLE TRIGGER case_stat_insert');
  }
  return { ...bulk, rollupRebuildSeconds: await rebuildRollups(db) };
}

/** Recounts the rollups from the cases (migration 0015's case_stat_rebuild) and vacuums them; seconds taken. */
export async function rebuildRollups(db) {
  const t0 = Date.now();
  await db.query('SELECT case_stat_rebuild()');
  for (const t of ['case_stat_delta', 'case_stat_day', 'case_stat_now']) await db.query(`VACUUM ANALYZE ${t}`);
  return Math.round((Date.now() - t0) / 1000);
}

async function main() {
  const arg = parseArgs(process.argv.slice(2), process.env);
  const adminUrl = arg('admin-url', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = arg('db', 'gz_city');
  const cases = Number(arg('cases', 10_000_000));
  const runs = Number(arg('runs', 200));
  const port = Number(arg('port', 3971));
  const period = arg('from', undefined) ? { from: arg('from'), to: arg('to') } : undefined;
  // The data folder holding the keys the database was seeded with (its personal data is sealed with them).
  const dataDir = arg('data-dir', undefined);
  const logFile = arg('log', path.join(root, 'bench', 'out', `server-dashboard-${name}.log`));
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const target = await createTarget('postgres', adminUrl, name);
  // A kept database that holds enough cases is measured as it is (the server migrates it on start).
  const count = async () => {
    const db = await openDb(target, 1);
    try {
      return (await db.query('SELECT count(*)::int AS n FROM case_record'))[0].n;
    } catch {
      return 0; // no schema yet
    } finally {
      await db.close();
    }
  };
  let have = exists ? await count() : 0;
  let bulk = null;
  let server;
  if (have < cases) {
    // First start: migrations (the rollups are backfilled by 0015) and the demo seed.
    server = await startServer(target, { port, logFile, ...(dataDir ? { dataDir } : {}) });
    await server.stop();
    const db = await openDb(target, 1);
    try {
      log(`bulk load ${have} → ${cases} cases`);
      bulk = await loadWithRollups(db, { total: cases, batch: 50_000 });
      have = cases;
    } finally {
      await db.close();
    }
  }
  server = await startServer(target, { port, logFile, ...(dataDir ? { dataDir } : {}) });
  try {
    const auth = await login(server.base, 'district.admin', arg('password', 'Changning@2025'));
    const out = await runDashboard({ base: server.base, auth, runs, serverPid: server.pid, period });
    const doc = { bench: 'district dashboard', db: name, cases: have, bulk, target: { p95Ms: 100, rssMb: 400 }, ...out };
    doc.pass = out.p95Ms < 100 && (out.rssPeakMb ?? 0) < 400;
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    log(`failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
