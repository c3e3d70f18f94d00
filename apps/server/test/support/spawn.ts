// Spawned server and CLI processes, for tests that need the real entry points.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliBin = fileURLToPath(new URL('../../bin/gongzhi.mjs', import.meta.url));
export const serverMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: ours without database or Gongzhi settings, plus the given ones. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('GONGZHI_')));
  return { ...base, GONGZHI_LOG_LEVEL: 'warn', ...env };
}

/** Runs a node script to its end. */
export function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const runCli = (args: string[], env: Record<string, string>, timeoutMs?: number) => runNode(cliBin, args, env, timeoutMs);

/** The last JSON object a command printed on stdout (the CLI prints one per command). */
export function lastJson<T = Record<string, unknown>>(stdout: string): T {
  const start = stdout.lastIndexOf('\n{', stdout.length - 2);
  return JSON.parse(stdout.slice(start < 0 ? 0 : start).trim()) as T;
}

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `dist/main.js` on a free port and waits until /api/health answers. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [serverMain], { cwd: repoRoot, env: childEnv({ PORT: '0', HOST: '127.0.0.1', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const stop = async () => {
    if (!done) child.kill('SIGTERM');
    return exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done) throw new Error(`server exited before it was ready:\n${out}`);
    const port = /http:\/\/localhost:(\d+)\//.exec(out)?.[1];
    if (port) {
      const baseUrl = `http://127.0.0.1:${port}`;
      const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
      if (ok) return { child, baseUrl, output: () => out, stop };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`server did not become ready in ${timeoutMs} ms:\n${out}`);
}
