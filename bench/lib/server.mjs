import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, sleep } from './util.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = (p) => path.join(root, 'apps/server/dist', p);

/** The server's own database opener: the bench reaches the same database the same way the server does. */
export async function openDb(target, poolSize = 4) {
  const { openDatabase } = await import(dist('db/database.js'));
  const { CompiledQuery } = await import('kysely');
  const d = await openDatabase({ databaseUrl: target.url, dataDir: target.dataDir ?? 'memory://', poolSize });
  const query = async (text, params = []) => (await d.db.executeQuery(CompiledQuery.raw(text, params))).rows;
  return { db: d.db, query, close: () => d.close() };
}

/**
 * A fresh database per run: on PostgreSQL a new database on the server (dropped afterwards), on
 * PGlite a new data folder. `adminUrl` must be able to CREATE DATABASE.
 */
export async function createTarget(kind, adminUrl, reuse) {
  if (kind === 'embedded') {
    // --reuse: a data folder kept by an earlier --keep run (the list phase then skips most of the load).
    const dataDir = reuse ?? mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
    return { kind, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = reuse ?? `gz_bench_${process.pid}_${Date.now() % 100000}`;
  const pg = (await import('pg')).default;
  const admin = async (stmt) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(stmt);
    } finally {
      await c.end();
    }
  };
  if (!reuse) await admin(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { kind, url: u.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Whether a PostgreSQL server answers at `url`. */
export async function postgresAnswers(url) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * The server's Node flags exactly as `npm start` and the systemd unit in docs/operations.md give
 * them (a unit test holds the three together): the heap cap that keeps V8 collecting before the
 * old generation grows to four times what is alive (docs/decisions.md).
 */
export const SERVER_NODE_ARGS = ['--max-old-space-size=1024'];

/** Starts `node apps/server/dist/main.js` on the target; its output goes to a log file, not our stdout. */
export async function startServer(target, { port, poolSize, logFile, env = {}, profileDir, dataDir }) {
  const childEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    GONGZHI_LOG_LEVEL: 'warn',
    GONGZHI_SEED_SCALE: 'demo',
    // The case figures need no 社区云 population; the community phase seeds its own at district scale.
    GONGZHI_DEMO_RESIDENTS: '0',
    ...(poolSize ? { GONGZHI_DB_POOL_SIZE: String(poolSize) } : {}),
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.GONGZHI_DATA_DIR;
  if (target.url) childEnv.DATABASE_URL = target.url;
  else childEnv.GONGZHI_DATA_DIR = target.dataDir;
  // The keys the data was sealed with live in the data folder: a PostgreSQL target may name its own.
  if (dataDir) childEnv.GONGZHI_DATA_DIR = dataDir;
  const out = createWriteStream(logFile, { flags: 'a' });
  // --profile: a V8 CPU profile of the server, written when it stops (open in Chrome DevTools).
  const nodeArgs = [...SERVER_NODE_ARGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [])];
  const child = spawn(process.execPath, [...nodeArgs, dist('main.js')], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.on('exit', (code, sig) => (exited = { code, sig }));
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`server exited during start (${JSON.stringify(exited)}); see ${logFile}`);
    if (Date.now() - t0 > 300_000) throw new Error(`server did not answer within 300 s; see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  log(`server pid ${child.pid} up on ${base} in ${Date.now() - t0} ms`);
  return {
    base,
    pid: child.pid,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(t);
      out.end();
    },
  };
}

/** Signs in through the API: a session cookie plus the CSRF header, as the staff console does. */
export async function login(base, username, password) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: HTTP ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('gz_csrf='))?.slice('gz_csrf='.length);
  return { cookie: cookies.join('; '), csrf: decodeURIComponent(csrf ?? '') };
}

/** The baseline's bare Fastify route (bench/lib/bare-server.mjs) in its own process. */
export async function startBare(port) {
  const child = spawn(process.execPath, [path.join(root, 'bench/lib/bare-server.mjs'), String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`bare Fastify server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
