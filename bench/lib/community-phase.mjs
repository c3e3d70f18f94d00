// 社区云 (issue 6, "Speed") on its own database: seed the population of the scale, import rows
// from Excel over HTTP, search residents through blind indexes, every ledger for the district.
import path from 'node:path';
import { buildImportFile, postImport, runLedgers, runSearch, seedPopulation } from './community.mjs';
import { createTarget, login, openDb, startServer } from './server.mjs';
import { loadavg, log, round } from './util.mjs';

export const COMMUNITY_TARGETS = { importRows: 100_000, importSeconds: 60, ledgerSeconds: 3, exactSearchP95Ms: 20, nameSearchP95Ms: 100 };

/** The buildings of one neighborhood, for the import file's addresses (`db`: a target, or an open lib/server.mjs openDb). */
export async function neighborhoodBuildings(db, code) {
  const open = db.query ? null : await openDb(db, 1);
  try {
    return await (open ?? db).query(
      `SELECT c.name AS compound, b.name, b.floors FROM building b JOIN compound c ON c.id = b.compound_id
       JOIN jurisdiction_unit n ON n.id = c.neighborhood_id WHERE n.code = $1 ORDER BY b.code`,
      [code],
    );
  } finally {
    await open?.close();
  }
}

/**
 * Import, search and ledgers against a running server whose database holds a population (its own
 * at full size; with --quick, the case database's demo population). Returns the results and verdict.
 */
export async function communitySteps(server, buildings, o) {
  const out = {};
  const auth = await login(server.base, 'district.admin', o.password);
  const template = await fetch(`${server.base}/api/residents/import-template.xlsx`, { headers: { cookie: auth.cookie } });
  if (!template.ok) throw new Error(`template: HTTP ${template.status}`);
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
  const t = COMMUNITY_TARGETS;
  const worstLedger = Math.max(...Object.values(out.ledgers).map((l) => l.jsonMaxMs));
  out.verdict = {
    importPass: out.import.ms < t.importSeconds * 1000 && out.import.accepted + out.import.updated >= o.importRows * 0.99,
    worstLedgerMs: worstLedger,
    ledgerPass: worstLedger < t.ledgerSeconds * 1000,
    exactSearchPass: out.search['id number (district)'].p95Ms < t.exactSearchP95Ms && out.search['phone (district)'].p95Ms < t.exactSearchP95Ms,
    nameSearchPass: out.search['name (neighborhood)'].p95Ms < t.nameSearchP95Ms,
  };
  return out;
}

/**
 * On its own database with the population of the scale (PostgreSQL: the issue asks the figures at
 * district scale there). PGlite keeps its keys in its own data folder; PostgreSQL's go to --community-data-dir.
 */
export async function communityPhase(kind, o) {
  const target = await createTarget(kind, o.adminUrl, o.communityReuse);
  const dataDir = target.dataDir ?? o.communityDataDir;
  const logFile = path.join(o.runDir, 'server-community.log');
  log(`== community (${kind}): ${target.name ?? target.dataDir}; server log ${logFile}`);
  const out = { kind, targets: COMMUNITY_TARGETS, loadavgAtStart: loadavg() };
  try {
    log(`seed --scale ${o.population}${o.population === 'district' ? ' (minutes on a fresh database)' : ` (${o.demoResidents} residents)`}`);
    out.seed = await seedPopulation(target, dataDir, { scale: o.population, residents: o.population === 'demo' ? o.demoResidents : undefined });
    log(`  seed: ${JSON.stringify(out.seed)}`);
    const buildings = await neighborhoodBuildings(target, o.importNeighborhood);
    const server = await startServer(target, { port: o.port, logFile, dataDir: target.url ? dataDir : undefined });
    try {
      Object.assign(out, await communitySteps(server, buildings, o));
    } finally {
      await server.stop();
    }
    out.loadavgAtEnd = loadavg();
    return out;
  } finally {
    if (o.keep || o.communityReuse) log(`kept ${target.name ?? target.dataDir}`);
    else await target.drop();
  }
}
