#!/usr/bin/env node
// `npm run bench`: the case engine's speed targets (issue 4, "Speed") against a real server
// process, on PostgreSQL and/or embedded PGlite. One JSON document on stdout; progress on stderr.
// Options (flag or BENCH_* environment variable): see docs/operations.md, "Benchmarks".
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bulkLoad } from './lib/bulk.mjs';
import { buildImportFile, postImport, runLedgers, runSearch, seedDistrict } from './lib/community.mjs';
import { rawInsertRate, runIntake, unitPoints } from './lib/intake.mjs';
import { runList, textMatches } from './lib/list.mjs';
import { createTarget, login, openDb, postgresAnswers, startServer } from './lib/server.mjs';
import { leafCategories } from './lib/texts.mjs';
import { loadavg, log, machineInfo, parseArgs, round } from './lib/util.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = parseArgs(process.argv.slice(2), process.env);
const num = (name, dflt) => Number(arg(name, String(dflt)));

const TARGETS = {
  postgres: { intakePerSec: 1000, intakeP99Ms: 100, listP95Ms: 150, listCases: 1_000_000 },
  embedded: { intakePerSec: 150, intakeP99Ms: null, listP95Ms: 150, listCases: 1_000_000 },
};
const PASSWORD = arg('password', 'Changning@2025');
// Who posts the cases: the district's 12345 desk (district.admin holds case.import and case.create
// district-wide; the 12345 feed covers the whole district) or one 街镇's dispatcher. The district
// spreads cases over 37 km², which keeps the duplicate check's neighbourhood near real density;
// one 街镇 at hundreds of cases a second piles ~17 times more open cases into every 100 m box.
const CALLERS = {
  district: { user: 'district.admin', unit: '310105' },
  dispatcher: { user: 'dispatcher.xinhua', unit: '310105004' },
};

async function dbKinds(adminUrl) {
  const want = arg('db', 'auto');
  if (want === 'embedded' || want === 'postgres') return [want];
  if (want === 'both') return ['postgres', 'embedded'];
  const pgUp = await postgresAnswers(adminUrl);
  if (!pgUp) log(`no PostgreSQL at ${adminUrl.replace(/\/\/[^@]*@/, '//')}: embedded only`);
  return pgUp ? ['postgres', 'embedded'] : ['embedded'];
}

/** Numbers unique, one case.create audit record per case, and the chain intact. */
async function intakeChecks(db) {
  const [c] = await db.query('SELECT count(*)::int AS cases, count(DISTINCT number)::int AS numbers FROM case_record');
  const [a] = await db.query("SELECT (SELECT seq FROM audit_head)::int AS head, (SELECT count(*) FROM audit_log)::int AS records, (SELECT count(*) FROM audit_log WHERE action = 'case.create')::int AS case_audits");
  const { verifyChain } = await import(path.join(root, 'apps/server/dist/modules/audit/verify.js'));
  const v = await verifyChain(db.db);
  return { cases: c.cases, uniqueNumbers: c.numbers === c.cases, caseAuditRecords: a.case_audits, auditChainOk: v.ok && a.head === a.records, auditRecords: a.records };
}

/** Intake over HTTP, then (server stopped: PGlite is single-process) the checks and the raw insert rate. */
async function intakePhase(kind, target, o, logFile) {
  const concurrency = kind === 'postgres' ? o.concurrency : o.concurrencyEmbedded;
  const server = await startServer(target, { port: o.port, poolSize: o.pool, logFile, profileDir: o.profile ? path.join(o.runDir, `prof-${kind}`) : undefined });
  let intake;
  try {
    const who = CALLERS[o.caller];
    if (!who) throw new Error(`--caller must be one of ${Object.keys(CALLERS).join(', ')}`);
    const auth = await login(server.base, who.user, PASSWORD);
    const points = await unitPoints(server.base, auth, who.unit, 2000, o.seed);
    intake = await runIntake({ base: server.base, auth, points, cats: o.cats, concurrency, durationS: o.duration, warmupS: o.warmup, seed: o.seed, serverPid: server.pid, dbName: target.name });
    intake.loadavg = loadavg();
    intake.serverPoolSize = o.pool ?? 'server default';
    intake.caller = `${who.user} (points inside ${who.unit})`;
    log(`  intake: ${intake.casesPerSec} cases/s, p50 ${intake.p50Ms} p95 ${intake.p95Ms} p99 ${intake.p99Ms} ms, ${intake.errors} errors; CPU ms/case ${JSON.stringify(intake.cpuMsPerCase)}`);
  } finally {
    await server.stop();
  }
  const db = await openDb(target, concurrency);
  try {
    intake.check = await intakeChecks(db);
    log(`  checks: ${JSON.stringify(intake.check)}`);
    log(`raw insert ${o.rawDuration} s at ${concurrency}`);
    const rawInsert = await rawInsertRate(db, { concurrency, durationS: o.rawDuration, cats: o.cats, seed: o.seed, dbName: target.name });
    log(`  raw: ${rawInsert.insertsPerSec} inserts/s; CPU ms/insert ${JSON.stringify(rawInsert.cpuMsPerInsert)}`);
    return { intake, rawInsert };
  } finally {
    await db.close();
  }
}

/** Bulk load to the list size, then time the list queries over HTTP as a dispatcher and a district admin. */
async function listPhase(kind, target, o, logFile) {
  const listCases = kind === 'postgres' ? o.listPostgres : o.listEmbedded;
  log(`bulk load to ${listCases} cases`);
  const bdb = await openDb(target, 1);
  let bulk;
  let matches;
  try {
    bulk = await bulkLoad(bdb, { total: listCases, seed: o.seed });
    const { searchQueryTokens } = await import(path.join(root, 'apps/server/dist/modules/cases/text/segment.js'));
    matches = await textMatches(bdb, searchQueryTokens);
  } finally {
    await bdb.close();
  }
  const server = await startServer(target, { port: o.port, poolSize: o.pool, logFile });
  try {
    const list = { cases: listCases, bulk, textMatches: matches, runsPerQuery: o.listRuns, loadavg: loadavg(), roles: {} };
    const t = TARGETS[kind];
    if (listCases < t.listCases) list.note = `smaller than the target's ${t.listCases.toLocaleString('en')} cases (set --list-${kind})`;
    for (const [role, user] of [['dispatcher (新华路街道)', 'dispatcher.xinhua'], ['district admin', 'district.admin']]) {
      log(`  list as ${user}`);
      const auth = await login(server.base, user, PASSWORD);
      list.roles[role] = await runList({ base: server.base, auth, runs: o.listRuns });
    }
    return list;
  } finally {
    await server.stop();
  }
}

const COMMUNITY_TARGETS = { importRows: 100_000, importSeconds: 60, ledgerSeconds: 3, exactSearchP95Ms: 20, nameSearchP95Ms: 100 };

/** The buildings of one neighborhood, for the import file's addresses. */
async function neighborhoodBuildings(target, code) {
  const db = await openDb(target, 1);
  try {
    return await db.query(
      `SELECT c.name AS compound, b.name, b.floors FROM building b JOIN compound c ON c.id = b.compound_id
       JOIN jurisdiction_unit n ON n.id = c.neighborhood_id WHERE n.code = $1 ORDER BY b.code`,
      [code],
    );
  } finally {
    await db.close();
  }
}

/** 社区云 at district scale on PostgreSQL: seed, import 100k rows over HTTP, search, ledgers. */
async function communityPhase(o) {
  const target = await createTarget('postgres', o.adminUrl, o.communityReuse);
  const logFile = path.join(o.runDir, 'server-community.log');
  log(`== community: database ${target.name}; server log ${logFile}`);
  const out = { targets: COMMUNITY_TARGETS, loadavgAtStart: loadavg() };
  try {
    log('seed --scale district (minutes on a fresh database)');
    out.seed = await seedDistrict(target, o.communityDataDir);
    log(`  seed: ${JSON.stringify(out.seed)}`);
    const server = await startServer(target, { port: o.port, logFile, dataDir: o.communityDataDir });
    try {
      const auth = await login(server.base, 'district.admin', PASSWORD);
      const template = await fetch(`${server.base}/api/residents/import-template.xlsx`, { headers: { cookie: auth.cookie } });
      if (!template.ok) throw new Error(`template: HTTP ${template.status}`);
      const buildings = await neighborhoodBuildings(target, o.importNeighborhood);
      log(`build a ${o.importRows}-row xlsx over ${buildings.length} buildings of ${o.importNeighborhood}`);
      // On a reused database the same file would only meet itself (all rows unchanged): new people each run.
      const importSeed = o.communityReuse ? o.seed + (Date.now() % 1_000_000) : o.seed;
      const file = await buildImportFile({ templateBytes: Buffer.from(await template.arrayBuffer()), buildings, rows: o.importRows, seed: importSeed });
      log(`  ${(file.bytes.length / 1048576).toFixed(1)} MiB; POST /api/residents/imports`);
      out.import = { rows: o.importRows, fileMiB: round(file.bytes.length / 1048576), ...(await postImport(server.base, auth, o.importNeighborhood, file.bytes)) };
      out.import.rowsPerSec = Math.round((o.importRows / out.import.ms) * 1000);
      log(`  import: ${JSON.stringify(out.import)}`);
      out.search = await runSearch(server.base, auth, { people: file.people, neighborhood: o.importNeighborhood, runs: o.searchRuns });
      out.ledgers = await runLedgers(server.base, auth, { unit: '310105', runs: o.ledgerRuns });
    } finally {
      await server.stop();
    }
    const t = COMMUNITY_TARGETS;
    const worstLedger = Math.max(...Object.values(out.ledgers).map((l) => l.jsonMaxMs));
    out.verdict = {
      importPass: out.import.ms < t.importSeconds * 1000 && out.import.accepted + out.import.updated >= o.importRows * 0.99,
      worstLedgerMs: worstLedger,
      ledgerPass: worstLedger < t.ledgerSeconds * 1000,
      exactSearchPass: out.search['id number (district)'].p95Ms < t.exactSearchP95Ms && out.search['phone (district)'].p95Ms < t.exactSearchP95Ms,
      nameSearchPass: out.search['name (neighborhood)'].p95Ms < t.nameSearchP95Ms,
    };
    out.loadavgAtEnd = loadavg();
    return out;
  } finally {
    if (o.keep || o.communityReuse) log(`kept ${target.name}`);
    else await target.drop();
  }
}

async function benchOne(kind, o) {
  const out = { kind, loadavgAtStart: loadavg() };
  const target = await createTarget(kind, o.adminUrl, o.reuse);
  const logFile = path.join(o.runDir, `server-${kind}.log`);
  log(`== ${kind}: ${target.url ? `database ${target.name}` : `data folder ${target.dataDir}`}; server log ${logFile}`);
  try {
    if (!o.skipIntake) {
      const r = await intakePhase(kind, target, o, logFile);
      out.intake = r.intake;
      out.rawInsertPerSec = r.rawInsert.insertsPerSec;
      out.rawInsert = r.rawInsert;
    }
    if (!o.skipList) out.list = await listPhase(kind, target, o, logFile);
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

async function main() {
  const adminUrl = arg('admin-url', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const { seedTaxonomy } = await import(path.join(root, 'apps/server/dist/modules/cases/taxonomy.js'));
  const runDir = path.join(root, 'bench', 'out');
  mkdirSync(runDir, { recursive: true });
  const o = {
    adminUrl,
    runDir,
    cats: leafCategories(seedTaxonomy),
    duration: num('duration', 30),
    warmup: num('warmup', 5),
    caller: arg('caller', 'district'),
    concurrency: num('concurrency', 32),
    concurrencyEmbedded: num('concurrency-embedded', 8),
    pool: arg('pool', undefined) ? num('pool', 10) : undefined,
    rawDuration: num('raw-duration', 10),
    listPostgres: num('list-postgres', 1_000_000),
    listEmbedded: num('list-embedded', 100_000),
    listRuns: num('list-runs', 50),
    skipList: arg('skip-list', 'false') === 'true',
    skipIntake: arg('skip-intake', 'false') === 'true',
    reuse: arg('reuse', undefined),
    keep: arg('keep', 'false') === 'true',
    profile: arg('profile', 'false') === 'true',
    port: num('port', 3901),
    seed: num('seed', 20251128),
    // cases | community | all
    suite: arg('suite', 'all'),
    communityReuse: arg('community-reuse', undefined),
    // Keys of the community database (sealed values and blind indexes): kept with it for --community-reuse.
    communityDataDir: arg('community-data-dir', path.join(runDir, 'community-data')),
    importRows: num('import-rows', 100_000),
    importNeighborhood: arg('import-neighborhood', '310105004001'),
    searchRuns: num('search-runs', 200),
    ledgerRuns: num('ledger-runs', 3),
  };
  const kinds = await dbKinds(adminUrl);
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    } catch {
      return null;
    }
  })();
  const doc = { bench: 'gongzhi case engine and 社区云', at: new Date().toISOString(), commit, machine: machineInfo(), options: { ...o, cats: o.cats.length, adminUrl: undefined, runDir: undefined }, results: {} };
  if (o.suite === 'cases' || o.suite === 'all') for (const kind of kinds) doc.results[kind] = await benchOne(kind, o);
  if (o.suite === 'community' || o.suite === 'all') {
    if (kinds.includes('postgres')) doc.results.community = await communityPhase(o);
    else doc.results.community = { skipped: 'the 社区云 figures are asked at district scale on PostgreSQL; none answers here' };
  }
  doc.machine.loadavgAtEnd = loadavg();
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

main().catch((err) => {
  log(`failed: ${err?.stack ?? err}`);
  process.exit(1);
});
