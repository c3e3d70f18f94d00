import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

export type RunningServer = {
  baseUrl: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
  /** Stops the server and starts it again on the same port and data (sessions survive, streams break). */
  restart?: () => Promise<void>;
};

/** A port the OS just handed out, so parallel runs never collide on a fixed one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server (`apps/server/dist/main.js`) on a fresh data folder and waits for
 * /api/health. The first start migrates and seeds the embedded database, which takes a while.
 */
export async function startServer(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
  // GONGZHI_E2E_URL points the tests at a server you already run (e.g. while debugging the UI).
  const external = process.env.GONGZHI_E2E_URL;
  if (external) {
    const url = new URL(external);
    return { baseUrl: url.origin, port: Number(url.port), dataDir: '', stop: async () => {} };
  }
  const port = await freePort();
  const env = { GONGZHI_DEMO_RESIDENTS: '3000', ...opts.env };
  const dataDir = await seededCopy(env, opts.timeoutMs ?? 90_000);
  const main = path.join(repoRoot, 'apps/server/dist/main.js');
  const baseUrl = `http://127.0.0.1:${port}`;
  // Keep the tail of the server's output to explain a failed start.
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-8000));
  const launch = async (timeoutMs: number) => {
    const c = spawn(process.execPath, [main], {
      cwd: repoRoot,
      // A small 社区云 population keeps each server's first start short; a test may ask for more.
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GONGZHI_DATA_DIR: dataDir, GONGZHI_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout!.on('data', keep);
    c.stderr!.on('data', keep);
    try {
      await waitForHealth(baseUrl, c, timeoutMs);
    } catch (err) {
      await stopChild(c, dataDir);
      throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
    }
    return c;
  };

  let child = await launch(opts.timeoutMs ?? 90_000);
  const stop = () => stopChild(child, dataDir);
  const restart = async () => {
    await stopChild(child, null);
    child = await launch(60_000);
  };
  return { baseUrl, port, dataDir, stop, restart };
}

// Settings that change what the first start seeds; the rest only change how the server runs.
const SEED_SETTINGS = /^GONGZHI_(DEMO_CASES|DEMO_RESIDENTS|SEED|SEED_SCALE)$/;

/**
 * A fresh data folder holding the seeded demo for these settings: the first server of a run with
 * given seed settings seeds a template folder (then stops); every server copies one. Seeding took
 * tens of seconds per test file; copying a stopped PGlite folder takes about one.
 */
async function seededCopy(env: Record<string, string>, timeoutMs: number): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gz-e2e-'));
  const root = inject('e2eTemplates');
  if (!root) return dataDir;
  const key = Object.entries(env).filter(([k]) => SEED_SETTINGS.test(k)).sort().map(([k, v]) => `${k.slice(8)}=${v}`).join(',') || 'default';
  const tpl = path.join(root, key.replace(/[^A-Za-z0-9=,_-]/g, '_'));
  if (!existsSync(path.join(tpl, '.complete'))) {
    rmSync(tpl, { recursive: true, force: true });
    const port = await freePort();
    const c = spawn(process.execPath, [path.join(repoRoot, 'apps/server/dist/main.js')], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GONGZHI_DATA_DIR: tpl, GONGZHI_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    c.stderr!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-8000)));
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, c, timeoutMs);
    } catch (err) {
      await stopChild(c, tpl);
      throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
    }
    await stopChild(c, null);
    writeFileSync(path.join(tpl, '.complete'), key);
  }
  cpSync(tpl, dataDir, { recursive: true });
  rmSync(path.join(dataDir, '.complete'), { force: true });
  return dataDir;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy at ${baseUrl} after ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, dataDir: string | null): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // A server stuck in shutdown must not hang the test run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** GET a JSON endpoint of the running server (for comparing the UI with the API); `headers` carry a session. */
export async function apiGet<T>(server: RunningServer, pathAndQuery: string, headers?: Record<string, string>): Promise<T> {
  const res = await fetch(server.baseUrl + pathAndQuery, { headers });
  if (!res.ok) throw new Error(`GET ${pathAndQuery} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
