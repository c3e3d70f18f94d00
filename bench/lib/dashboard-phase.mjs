// The dashboards' figures (issue 7): run by bench/lib/cases.mjs on the database the case phases
// just loaded (--scale city: 10,000,000 cases) with the server up on it.
import { rebuildRollups, runDashboard } from './dashboard.mjs';
import { login, openDb } from './server.mjs';
import { log } from './util.mjs';

/** The issue asks the dashboards on real PostgreSQL: nothing on PGlite. */
export async function dashboardPhase({ kind, target, server, cases, o }) {
  if (kind !== 'postgres') return undefined;
  // The bulk rows went in by SQL with the statistics trigger on: one rebuild instead of letting the
  // first dashboard read fold millions of deltas.
  const db = await openDb(target, 1);
  let rebuildSeconds = 0;
  try {
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM case_stat_delta');
    if (n > 100_000) {
      log(`dashboard: rebuilding the rollups from ${cases ?? '?'} cases (${n} pending deltas)`);
      rebuildSeconds = await rebuildRollups(db);
    }
  } finally {
    await db.close();
  }
  const runs = o.tiny ? 8 : o.quick ? 40 : 200;
  log(`dashboard: ${runs} requests of the district overview`);
  const auth = await login(server.base, 'district.admin', o.password);
  const d = await runDashboard({ base: server.base, auth, runs, serverPid: server.pid, warmupS: o.quick ? 1 : 10 });
  log(`  dashboard: p50 ${d.p50Ms} p95 ${d.p95Ms} p99 ${d.p99Ms} ms; RSS ${d.rssMb} MB (peak ${d.rssPeakMb})`);
  const what = `GET /api/case-stats/overview as district.admin (the dashboard page's request), ${runs} runs over ${cases ?? '?'} cases`;
  return {
    ...d,
    rebuildSeconds,
    figures: [
      { name: 'dashboard.p95', what, value: d.p95Ms, unit: 'ms', target: '< 100' },
      { name: 'dashboard.p99', what, value: d.p99Ms, unit: 'ms', target: null },
      { name: 'dashboard.rss', what: 'server resident memory after the dashboard runs (VmRSS)', value: d.rssMb, unit: 'MB', target: '< 400' },
    ],
  };
}
