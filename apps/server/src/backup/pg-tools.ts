import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql), found on PATH or in Debian's and
 * RHEL's versioned folders; the newest one wins. pg_dump refuses a server newer than itself, and
 * pg_restore an archive from a newer pg_dump, so the version is checked here with a message that
 * says what to install instead of pg_dump's own.
 */
export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

export interface FoundTool {
  path: string;
  major: number;
  version: string;
}

function candidates(name: PgTool): string[] {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const root of ['/usr/lib/postgresql', '/usr/local/pgsql']) {
    try {
      for (const v of readdirSync(root)) dirs.push(path.join(root, v, 'bin'));
    } catch {
      // not there
    }
  }
  try {
    for (const d of readdirSync('/usr')) if (/^pgsql-\d+$/.test(d)) dirs.push(path.join('/usr', d, 'bin'));
  } catch {
    // not there
  }
  return [...new Set(dirs.map((d) => path.join(d, name)))];
}

function probe(file: string): FoundTool | null {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return null;
  }
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /(\d+)(?:\.(\d+))?/.exec(r.stdout ?? '');
  return r.status === 0 && m ? { path: file, major: Number(m[1]), version: r.stdout.trim() } : null;
}

const installHint = (major: number) => `Debian/Ubuntu: apt-get install postgresql-client-${major}；或把对应版本的 bin 目录加入 PATH`;

/** The newest `name` here; at least `minMajor` when given. Throws a Chinese message saying what to install. */
export function findPgTool(name: PgTool, minMajor?: number): FoundTool {
  const found = candidates(name)
    .map(probe)
    .filter((t): t is FoundTool => t !== null)
    .sort((a, b) => b.major - a.major);
  const best = found[0];
  const want = minMajor ?? 15;
  if (!best) {
    throw new Error(`找不到 ${name}：备份与恢复 PostgreSQL 需要 PostgreSQL 客户端程序（${installHint(want)}）。\n${name} not found: install the PostgreSQL client programs.`);
  }
  if (minMajor !== undefined && best.major < minMajor) {
    throw new Error(
      `${name} 版本过旧：找到 ${best.version}（${best.path}），需要 ${minMajor} 或更新（${installHint(minMajor)}）。\n` +
        `${name} ${best.major} is older than the required ${minMajor}.`,
    );
  }
  return best;
}

/**
 * libpq arguments for a connection URL. The password goes through PGPASSWORD, not the command
 * line, where any user of the machine could read it in the process list.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv; database: string } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = {};
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return { dbname: url.toString(), env, database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres' };
}

export interface Exited {
  code: number | null;
  stderr: string;
}

/** Starts a tool; `done` settles when it has exited and its stderr is read (last 8 kB kept). */
export function startTool(tool: FoundTool, args: string[], env: NodeJS.ProcessEnv, stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe']): { child: ChildProcess; done: Promise<Exited> } {
  const child = spawn(tool.path, args, { env: { ...process.env, ...env }, stdio: stdio as ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-8192);
  });
  const done = new Promise<Exited>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }));
  });
  return { child, done };
}
