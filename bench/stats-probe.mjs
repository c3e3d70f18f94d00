// One-off probe (not part of `npm run bench`): case statistics timings on PostgreSQL with many cases.
import { bulkLoad } from './lib/bulk.mjs';
import { createTarget, login, openDb, startServer } from './lib/server.mjs';

const total = Number(process.env.PROBE_CASES ?? 1_000_000);
const target = await createTarget('postgres', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const port = 3391;
let srv = await startServer(target, { port, poolSize: 4, logFile: '/tmp/wt-screen-dev/probe-server.log', env: { GONGZHI_DEMO_CASES: '0' } });
await srv.stop();
const db = await openDb(target);
await bulkLoad(db, { total });
// The bulk rows carry no resolution time: give resolved ones one, as the loop would.
await db.query(`UPDATE case_record SET resolved_at = received_at + (1 + random() * 10) * interval '1 day'
  WHERE status IN ('resolved','verified','followed_up','closed')`);
await db.query(`UPDATE case_record SET satisfaction = CASE WHEN random() < .9 THEN 'satisfied' ELSE 'basically_satisfied' END WHERE status = 'closed'`);
await db.query('VACUUM ANALYZE case_record');
await db.close();
srv = await startServer(target, { port, poolSize: 4, logFile: '/tmp/wt-screen-dev/probe-server.log', env: { GONGZHI_DEMO_CASES: '0' } });
const base = `http://127.0.0.1:${port}`;
const out = {};
for (const user of ['district.admin', 'dispatcher.xinhua']) {
  const s = await login(base, user, 'Changning@2025');
  for (const q of ['/api/case-stats/overview', '/api/case-stats/overview?from=' + new Date(Date.now() - 365 * 864e5).toISOString().slice(0, 10), '/api/case-stats/feed', '/api/case-stats/points']) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await fetch(base + q, { headers: { cookie: s.cookie } });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${q} ${r.status}`);
      times.push(Math.round(performance.now() - t0));
    }
    out[`${user} ${q.replace(/from=.*/, 'from=365d')}`] = times;
  }
}
console.log(JSON.stringify({ cases: total, ms: out }, null, 1));
await srv.stop();
await target.drop();
