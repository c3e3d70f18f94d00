// The case engine on one database kind (issue 4, "Speed"; issue 7's mixed load): intake over HTTP,
// the raw insert rate beside it, bulk load to the scale's case count, list queries, mixed load.
import path from 'node:path';
import { bulkLoad } from './bulk.mjs';
import { rawInsertRate, runIntake, unitPoints } from './intake.mjs';
import { runList, textMatches } from './list.mjs';
import { mixedPools, runBare, runMixed } from './mixed.mjs';
import { runs } from './options.mjs';
import { communitySteps, neighborhoodBuildings } from './community-phase.mjs';
import { createTarget, login, openDb, startBare, startServer } from './server.mjs';
import { loadavg, log } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');

export const TARGETS = {
  postgres: { intakePerSec: 1000, intakeP99Ms: 100, listP95Ms: 150, listCases: 1_000_000 },
  embedded: { intakePerSec: 150, intakeP99Ms: null, listP95Ms: 150, listCases: 1_000_000 },
};

// Who posts the cases: the district's 12345 desk (district.admin holds case.import and case.create
// district-wide; the 12345 feed covers the whole district) or one 街镇's dispatcher. The district
// spreads cases over 37 km², which keeps the duplicate check's neighbourhood near real density;
// one 街镇 at hundreds of cases a second piles ~17 times more open cases into every 100 m box.
const CALLERS = {
  district: { user: 'district.admin', unit: '310105' },
  dispatcher: { user: 'dispatcher.xinhua', unit: '310105004' },
};

/** Numbers unique, one case.create audit record per case, and the chain intact. */
async function intakeChecks(db) {
  const [c] = await db.query('SELECT count(*)::int AS cases, count(DISTINCT number)::int AS numbers FROM case_record');
  const [a] = await db.query("SELECT (SELECT seq FROM audit_head)::int AS head, (SELECT count(*) FROM audit_log)::int AS records, (SELECT count(*) FROM audit_log WHERE action = 'case.create')::int AS case_audits");
  const { verifyChain } = await import(path.join(root, 'apps/server/dist/modules/audit/verify.js'));
  const v = await verifyChain(db.db);
  return { cases: c.cases, uniqueNumbers: c.numbers === c.cases, caseAuditRecords: a.case_audits, auditChainOk: v.ok && a.head === a.records, auditRecords: a.records };
}

/** Intake over HTTP on a running server. */
async function intakePhase(kind, target, server, o) {
  const concurrency = kind === 'postgres' ? o.concurrency : o.concurrencyEmbedded;
  const who = CALLERS[o.caller];
  if (!who) throw new Error(`--caller must be one of ${Object.keys(CALLERS).join(', ')}`);
  const auth = await login(server.base, who.user, o.password);
  const points = await unitPoints(server.base, auth, who.unit, 2000, o.seed);
  const intake = await runIntake({ base: server.base, auth, points, cats: o.cats, concurrency, durationS: o.duration, amount: o.intakeRequests, warmupS: o.warmup, seed: o.seed, serverPid: server.pid, dbName: target.name });
  intake.loadavg = loadavg();
  intake.serverPoolSize = o.pool ?? 'server default';
  intake.caller = `${who.user} (points inside ${who.unit})`;
  log(`  intake: ${intake.casesPerSec} cases/s, p50 ${intake.p50Ms} p95 ${intake.p95Ms} p99 ${intake.p99Ms} ms, ${intake.errors} errors; CPU ms/case ${JSON.stringify(intake.cpuMsPerCase)}`);
  return intake;
}

/**
 * From the bench process (PGlite: with the server stopped), one database session: the intake checks and the raw insert rate (when
 * intake ran), the bulk load to the list size, the text-match counts, and (--quick) the buildings
 * the community import addresses.
 */
async function offlinePhase(kind, target, o, intake, load) {
  const concurrency = kind === 'postgres' ? o.concurrency : o.concurrencyEmbedded;
  const listCases = kind === 'postgres' ? o.listPostgres : o.listEmbedded;
  const db = await openDb(target, concurrency);
  try {
    const out = { listCases };
    if (intake) {
      intake.check = await intakeChecks(db);
      log(`  checks: ${JSON.stringify(intake.check)}`);
      log(`raw insert ${o.rawDuration} s at ${concurrency}`);
      out.rawInsert = await rawInsertRate(db, { concurrency, durationS: o.rawDuration, cats: o.cats, seed: o.seed, dbName: target.name });
      log(`  raw: ${out.rawInsert.insertsPerSec} inserts/s; CPU ms/insert ${JSON.stringify(out.rawInsert.cpuMsPerInsert)}`);
    }
    if (!load) return out;
    log(`bulk load to ${listCases.toLocaleString('en')} cases`);
    out.bulk = await bulkLoad(db, { total: listCases, seed: o.seed });
    const { searchQueryTokens } = await import(path.join(root, 'apps/server/dist/modules/cases/text/segment.js'));
    out.matches = await textMatches(db, searchQueryTokens);
    if (o.communityOnCases) out.buildings = await neighborhoodBuildings(db, o.importNeighborhood);
    return out;
  } finally {
    await db.close();
  }
}

/**
 * The server's settings for the case database. --quick: its demo population (for the community
 * steps run on it) and no demo cases (the bulk load makes the cases; generating 1,200 with their
 * timelines only slows the start).
 */
const serverEnv = (o) => (o.communityOnCases ? { GONGZHI_DEMO_RESIDENTS: String(o.demoResidents), GONGZHI_DEMO_CASES: '0' } : {});

/** The list queries over HTTP as a dispatcher and a district admin. */
async function listPhase(kind, server, loaded, o) {
  const list = { cases: loaded.listCases, bulk: loaded.bulk, textMatches: loaded.matches, runsPerQuery: o.listRuns, loadavg: loadavg(), roles: {} };
  const t = TARGETS[kind];
  if (loaded.listCases < t.listCases) list.note = `smaller than the target's ${t.listCases.toLocaleString('en')} cases (set --list-${kind})`;
  for (const [role, user] of [['dispatcher (新华路街道)', 'dispatcher.xinhua'], ['district admin', 'district.admin']]) {
    log(`  list as ${user}`);
    const auth = await login(server.base, user, o.password);
    list.roles[role] = await runList({ base: server.base, auth, runs: o.listRuns });
  }
  return list;
}

/** Mixed traffic as district.admin, with the bare-Fastify baseline measured just before it. */
async function mixedPhase(kind, server, target, o) {
  const bare = await startBare(o.barePort);
  let baseline;
  try {
    log(`baseline: bare Fastify route, ${o.mixedConnections} connections, ${o.bareDuration} s`);
    baseline = await runBare({ base: bare.base, connections: o.mixedConnections, durationS: o.bareDuration, amount: o.bareRequests });
    log(`  bare: ${baseline.requestsPerSec} req/s, p50 ${baseline.p50Ms} p99 ${baseline.p99Ms} ms`);
  } finally {
    await bare.stop();
  }
  const auth = await login(server.base, 'district.admin', o.password);
  const pools = await mixedPools(server.base, auth, { want: Math.max(o.mixedConnections * 4, 400) });
  const points = await unitPoints(server.base, auth, '310105', 2000, o.seed);
  const args = { base: server.base, auth, pools, points, cats: o.cats, connections: o.mixedConnections, serverPid: server.pid, dbName: target.name };
  if (o.warmup > 0 && !o.mixedRequests) {
    log(`mixed warm-up ${o.warmup} s`);
    const w = await runMixed({ ...args, durationS: o.warmup, seed: o.seed + 7 });
    log(`  warm-up: ${w.requests} requests, ${w.errors} errors`);
  }
  log(`mixed load: ${o.mixedConnections} connections, ${o.mixedDuration} s (${pools.read.length} cases to read, ${pools.actionable.length} to act on)`);
  const mixed = await runMixed({ ...args, durationS: o.mixedDuration, amount: o.mixedRequests, seed: o.seed });
  mixed.loadavg = loadavg();
  log(`  mixed: ${mixed.requestsPerSec} req/s, p50 ${mixed.p50Ms} p95 ${mixed.p95Ms} p99 ${mixed.p99Ms} ms, ${mixed.errors} errors; server RSS ${mixed.serverMemory?.rssMb} MiB`);
  return { ...mixed, baseline };
}

/**
 * One database kind: intake, then checks, raw inserts and the bulk load from the bench process,
 * then the list, the mixed load, `afterLoad` (run.mjs's dashboard hook) and, with --quick, the
 * community steps, all on the same data.
 */
export async function benchOne(kind, o, { afterLoad } = {}) {
  const out = { kind, loadavgAtStart: loadavg() };
  const target = await createTarget(kind, o.adminUrl, o.reuse);
  const logFile = path.join(o.runDir, `server-${kind}.log`);
  log(`== ${kind}: ${target.url ? `database ${target.name}` : `data folder ${target.dataDir}`}; server log ${logFile}`);
  try {
    const start = () => startServer(target, { port: o.port, poolSize: o.pool, logFile, env: serverEnv(o), profileDir: o.profile ? path.join(o.runDir, `prof-${kind}`) : undefined });
    // PGlite is single-process: the server stops while the bench opens the database. PostgreSQL
    // keeps it with --quick (a start is much of a quick run); a full run stops it so that its
    // deadline scans do not meet a million-row load with the indexes dropped.
    const keepUp = kind === 'postgres' && o.quick;
    let server = null;
    try {
      const wantList = runs(o, 'cases') && !o.skipList;
      const community = o.communityOnCases && runs(o, 'community') && kind === o.communityKind;
      const load = wantList || runs(o, 'mixed') || runs(o, 'dashboard') || community;
      // The first start migrates and seeds the database, intake or not.
      server = await start();
      if (runs(o, 'cases') && !o.skipIntake) out.intake = await intakePhase(kind, target, server, o);
      if (!keepUp) {
        await server.stop();
        server = null;
      }
      const loaded = out.intake || load ? await offlinePhase(kind, target, o, out.intake, load) : null;
      if (loaded?.rawInsert) [out.rawInsertPerSec, out.rawInsert] = [loaded.rawInsert.insertsPerSec, loaded.rawInsert];
      if (load) {
        server ??= await start();
        if (wantList) out.list = await listPhase(kind, server, loaded, o);
        if (runs(o, 'mixed')) out.mixed = await mixedPhase(kind, server, target, o);
        if (afterLoad) out.dashboard = await afterLoad({ kind, target, server, cases: loaded.listCases, o });
        if (community) out.community = { kind, note: 'quick: on the case database and its demo population', ...(await communitySteps(server, loaded.buildings, o)) };
      }
    } finally {
      await server?.stop();
    }
    out.targets = verdict(kind, out, kind === 'postgres' ? o.listPostgres : o.listEmbedded);
  } finally {
    if (o.keep || o.reuse) log(`kept ${target.url ?? target.dataDir}`);
    else await target.drop();
  }
  return out;
}

function verdict(kind, r, listCases) {
  const t = TARGETS[kind];
  const intakeRate = r.intake ? r.intake.casesPerSec >= t.intakePerSec : null;
  const intakeP99 = !r.intake || t.intakeP99Ms == null ? null : r.intake.p99Ms < t.intakeP99Ms;
  const worst = r.list ? Math.max(...Object.values(r.list.roles).flat().map((q) => q.p95Ms)) : null;
  return {
    intake: r.intake ? { casesPerSecTarget: t.intakePerSec, p99MsTarget: t.intakeP99Ms, ratePass: intakeRate, p99Pass: intakeP99, pass: intakeRate && intakeP99 !== false && r.intake.errors === 0 } : null,
    list: r.list ? { p95MsTarget: t.listP95Ms, worstP95Ms: worst, pass: worst < t.listP95Ms, atTargetSize: listCases >= t.listCases } : null,
  };
}
