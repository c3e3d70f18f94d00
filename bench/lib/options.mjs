// Options of `npm run bench`: a data scale preset (--scale demo|district|city), the quick and tiny
// sizes, then any single option given as a flag or a BENCH_* variable (see docs/operations.md).
import path from 'node:path';
import { CASES_AT_SCALE } from './bulk.mjs';
import { leafCategories } from './texts.mjs';
import { parseArgs } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** Figures at full length; the scale decides only how much data there is. */
const FULL = {
  duration: 30, warmup: 5, rawDuration: 10, listRuns: 50,
  mixedDuration: 60, mixedConnections: 200, bareDuration: 10,
  geoPoints: 1_000_000, geoRounds: 3, turfPoints: 2000, geoGrids: 0,
  searchRuns: 200, ledgerRuns: 3,
  // Requests instead of seconds (0: by time), for --tiny.
  intakeRequests: 0, mixedRequests: 0, bareRequests: 0,
};

const SCALES = {
  // The server's demo data: demo population, 100k cases (PGlite 20k).
  demo: { ...FULL, listPostgres: CASES_AT_SCALE.demo, listEmbedded: 20_000, population: 'demo', demoResidents: 35_000, importRows: 10_000 },
  // What issues 4 and 6 name: 1M cases, the district's 693k residents, a 100k-row import.
  district: { ...FULL, listPostgres: CASES_AT_SCALE.district, listEmbedded: 100_000, population: 'district', importRows: 100_000 },
  // The dashboards' figure: 10M cases on PostgreSQL (PGlite stays at the district's 100k).
  city: { ...FULL, listPostgres: CASES_AT_SCALE.city, listEmbedded: 100_000, population: 'district', importRows: 100_000 },
};

/** --quick: every benchmark at the smallest size that still measures something (< 3 min here). */
const QUICK = {
  duration: 4, warmup: 1, rawDuration: 2, listRuns: 3, listPostgres: 5_000, listEmbedded: 5_000,
  mixedDuration: 10, mixedConnections: 200, bareDuration: 4,
  geoPoints: 200_000, geoRounds: 2, turfPoints: 300,
  population: 'demo', demoResidents: 1_000, importRows: 1_000, searchRuns: 20, ledgerRuns: 1,
};

/** --tiny (with --quick): only that every benchmark still runs, for the test in `npm test`. */
const TINY = {
  ...QUICK, duration: 1, warmup: 0, rawDuration: 1, listRuns: 1, listPostgres: 500, listEmbedded: 500,
  mixedDuration: 2, mixedConnections: 10, bareDuration: 1, geoPoints: 5_000, geoRounds: 1, turfPoints: 20, geoGrids: 100,
  demoResidents: 100, importRows: 30, searchRuns: 2, ledgerRuns: 1,
  // Counted, not timed: a busy machine may answer nothing within a second.
  intakeRequests: 12, mixedRequests: 60, bareRequests: 200,
};

export async function benchOptions(argv, env) {
  const arg = parseArgs(argv, env);
  const flag = (name) => arg(name, 'false') === 'true';
  const scale = arg('scale', 'district');
  if (!SCALES[scale]) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const quick = flag('quick') || flag('tiny');
  const tiny = flag('tiny');
  const preset = tiny ? { ...SCALES[scale], ...TINY } : quick ? { ...SCALES[scale], ...QUICK } : SCALES[scale];
  const kebab = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  // Any preset value can be overridden by its flag (listPostgres: --list-postgres).
  const num = (key) => Number(arg(kebab(key), String(preset[key])));
  const sized = Object.fromEntries(Object.keys(preset).map((k) => [k, typeof preset[k] === 'number' ? num(k) : arg(kebab(k), preset[k])]));
  const { seedTaxonomy } = await import(path.join(root, 'apps/server/dist/modules/cases/taxonomy.js'));
  const runDir = path.join(root, 'bench', 'out');
  return {
    ...sized,
    scale,
    quick,
    tiny,
    json: arg('json', undefined),
    adminUrl: arg('admin-url', env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    // auto: both databases at full size; quick: PostgreSQL when it answers (else PGlite), one run of each benchmark.
    db: arg('db', 'auto'),
    runDir,
    cats: leafCategories(seedTaxonomy),
    password: arg('password', 'Changning@2025'),
    caller: arg('caller', 'district'),
    concurrency: Number(arg('concurrency', tiny ? '4' : '32')),
    concurrencyEmbedded: Number(arg('concurrency-embedded', tiny ? '4' : '8')),
    pool: arg('pool', undefined) ? Number(arg('pool')) : undefined,
    skipList: flag('skip-list'),
    skipIntake: flag('skip-intake'),
    reuse: arg('reuse', undefined),
    keep: flag('keep'),
    profile: flag('profile'),
    port: Number(arg('port', '3901')),
    barePort: Number(arg('bare-port', '3990')),
    seed: Number(arg('seed', '20251128')),
    // all, or a comma list of: geo, cases, mixed, community, dashboard
    suite: arg('suite', 'all'),
    communityReuse: arg('community-reuse', undefined),
    // Keys of the community database (sealed values and blind indexes): kept with it for --community-reuse.
    communityDataDir: arg('community-data-dir', path.join(runDir, 'community-data')),
    importNeighborhood: arg('import-neighborhood', '310105004001'),
  };
}

/** Whether suite `name` runs: --suite all, or a comma list naming it. */
export const runs = (o, name) => o.suite === 'all' || o.suite.split(',').includes(name);
