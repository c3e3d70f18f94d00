import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Progress goes to stderr: stdout carries only the final JSON document. */
export const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of unsorted numbers, in ms rounded to 0.1. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return Math.round(s[i] * 10) / 10;
}

export const round = (v, d = 1) => (v == null ? null : Math.round(v * 10 ** d) / 10 ** d);

/** What the figures depend on: the machine, and how busy it was (other work on the same 2 cores skews them). */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memGb: round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((v) => round(v, 2)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export const loadavg = () => os.loadavg().map((v) => round(v, 2));

/** `--name value` / `--name=value` arguments, falling back to BENCH_NAME in the environment. */
export function parseArgs(argv, env) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = 'true';
  }
  const get = (name, dflt) => out[name] ?? env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`] ?? dflt;
  return get;
}

/** Run `fn` once per slot, `concurrency` at a time, until `until()` says stop. */
export async function closedLoop(concurrency, until, fn) {
  const workers = Array.from({ length: concurrency }, async (_, w) => {
    while (!until()) await fn(w);
  });
  await Promise.all(workers);
}

/** CPU seconds (user + system) a process has used, from /proc; null where there is no /proc. */
function procCpuS(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}

/** PostgreSQL backends serving one database on this machine (local server only). */
function backendsOf(dbName) {
  if (!dbName) return [];
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.includes(` ${dbName} `)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * CPU used by the server process, the database backends of the bench database and this process
 * between start() and stop(): what a case costs, less skewed by other load than rates are.
 */
export function cpuMeter(serverPid, dbName) {
  const snap = () => {
    const pg = new Map(backendsOf(dbName).map((p) => [p, procCpuS(p)]));
    return { server: serverPid ? procCpuS(serverPid) : null, pg, self: process.cpuUsage() };
  };
  const a = snap();
  return () => {
    const b = snap();
    let pg = 0;
    for (const [p, s] of b.pg) pg += s - (a.pg.get(p) ?? 0);
    const self = (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6;
    return { serverS: b.server == null ? null : round(b.server - a.server, 2), postgresS: dbName ? round(pg, 2) : null, loadGeneratorS: round(self, 2) };
  };
}

/**
 * Memory of a process from /proc/<pid>/status, in MiB: `rssMb` now (VmRSS) and `peakRssMb`, the
 * high-water mark since it started (VmHWM). Null fields where there is no /proc (not Linux).
 */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => {
      const m = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
      return m ? round(Number(m[1]) / 1024) : null;
    };
    return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
  } catch {
    return { rssMb: null, peakRssMb: null };
  }
}
