import { readdirSync } from 'node:fs';
import type { CryptoSuite } from '../crypto/digest.js';
import type { DatabaseKind } from '../db/database.js';
import { migrationsDir } from '../paths.js';
import { version } from '../version.js';
import type { PayloadInfo } from './archive.js';
import { type KeyFacts, keyFacts } from './keys.js';

/** A connection to read from: pg.Client and PGlite both answer `query(text, params)` with `{ rows }`. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export const FORMAT = 'gongzhi-backup';
export const FORMAT_VERSION = 1;

/** What `manifest.json` in a backup file says. Everything in it is read from the same snapshot as the payload. */
export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  engine: DatabaseKind;
  createdAt: string;
  appVersion: string;
  /** `server_version` of the database dumped (PGlite: its PostgreSQL). */
  serverVersion: string;
  /** pg_dump's `--version` (PostgreSQL) or the PGlite package version (embedded). */
  tool: string;
  database: string;
  migrations: { count: number; latest: string | null; names: string[] };
  /** Row count of every table of schemas `public` and `pgboss` (`pgboss.` prefixed). */
  tables: Record<string, number>;
  audit: { seq: number; hash: string } | null;
  keys: KeyFacts;
  payload: PayloadInfo & { format: 'pg_dump-custom' | 'pglite-datadir-tgz' };
}

export type Facts = Omit<Manifest, 'format' | 'formatVersion' | 'engine' | 'createdAt' | 'appVersion' | 'tool' | 'payload'>;

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
export const tableKey = (schema: string, name: string) => (schema === 'public' ? name : `${schema}.${name}`);
export const qualified = (key: string) => {
  const [schema, name] = key.includes('.') ? (key.split('.', 2) as [string, string]) : ['public', key];
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
};

const exists = async (q: Queryable, table: string) => (await q.query(`select to_regclass($1)::text as t`, [table])).rows[0]?.t != null;

/** Row counts of the application's tables and pg-boss's (partitions counted, their parents not). */
export async function tableCounts(q: Queryable): Promise<Record<string, number>> {
  const tables = await q.query(`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname in ('public', 'pgboss') order by 1, 2`);
  const out: Record<string, number> = {};
  for (const t of tables.rows as { schema: string; name: string }[]) {
    const key = tableKey(t.schema, t.name);
    const r = await q.query(`select count(*)::bigint as n from ${qualified(key)}`);
    out[key] = Number(r.rows[0].n);
  }
  return out;
}

export async function auditHead(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  if (!(await exists(q, 'public.audit_head'))) return null;
  const r = await q.query('select seq, hash from public.audit_head where id = 1');
  return r.rows[0] ? { seq: Number(r.rows[0].seq), hash: String(r.rows[0].hash) } : null;
}

/** Everything the manifest says about the database, read through one connection (one snapshot on PostgreSQL). */
export async function collectFacts(q: Queryable, suite: CryptoSuite): Promise<Facts> {
  const names = (await exists(q, 'public.schema_migration'))
    ? (await q.query('select name from public.schema_migration order by name')).rows.map((r) => String(r.name))
    : [];
  return {
    serverVersion: String((await q.query('show server_version')).rows[0].server_version),
    database: String((await q.query('select current_database() as d')).rows[0].d),
    migrations: { count: names.length, latest: names.at(-1) ?? null, names },
    tables: await tableCounts(q),
    audit: await auditHead(q),
    keys: await keyFacts(q, suite),
  };
}

export function buildManifest(engine: DatabaseKind, tool: string, facts: Facts, payload: Manifest['payload']): Manifest {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, engine, createdAt: new Date().toISOString(), appVersion: version, tool, ...facts, payload };
}

/** Migrations this build of the server knows (file names without `.sql`, as kysely records them). */
export const codeMigrations = (): string[] =>
  readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));

const engineName = (k: DatabaseKind) => (k === 'postgres' ? 'PostgreSQL 服务器 (DATABASE_URL)' : '内嵌数据库 PGlite (GONGZHI_DATA_DIR)');

/**
 * Checks a manifest before anything is touched: that it is ours and of a format we read, that it
 * fits the engine this command runs against, and that its schema is not newer than this code.
 * Returns the migrations the restored database will still need (an older backup).
 */
export function checkManifest(raw: Record<string, unknown>, engine: DatabaseKind): { manifest: Manifest; pending: string[] } {
  if (raw.format !== FORMAT || typeof raw.formatVersion !== 'number') throw new Error('备份文件的清单不是共治备份清单 (not a Gongzhi backup manifest)');
  if (raw.formatVersion > FORMAT_VERSION) {
    throw new Error(`备份文件格式版本 ${raw.formatVersion} 比本程序支持的 ${FORMAT_VERSION} 新：请用更新版本的共治恢复 (the backup was made by a newer Gongzhi)`);
  }
  const m = raw as unknown as Manifest;
  if (m.engine !== engine) {
    throw new Error(
      `这是${engineName(m.engine)}的备份，当前命令连接的是${engineName(engine)}：两种数据库的备份不能互相恢复。` +
        `${m.engine === 'postgres' ? '请设置 DATABASE_URL 指向目标 PostgreSQL 数据库' : '请取消 DATABASE_URL，用 GONGZHI_DATA_DIR 指定内嵌数据库目录'}后再恢复。\n` +
        `This is a backup of the ${m.engine} database; this command runs against the ${engine} one.`,
    );
  }
  const known = codeMigrations();
  const unknown = m.migrations.names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `备份来自更新版本的共治（数据库结构 ${m.migrations.latest}，应用版本 ${m.appVersion}），本程序不认识迁移 ${unknown.join(', ')}：请先升级共治再恢复。\n` +
        'The backup has a newer database schema than this code: upgrade Gongzhi first.',
    );
  }
  return { manifest: m, pending: known.filter((n) => !m.migrations.names.includes(n)) };
}

/** Compares restored counts and audit head with the manifest; the first difference as a message, or null. */
export function compareWithManifest(m: Manifest, tables: Record<string, number>, audit: Manifest['audit']): string | null {
  for (const [t, n] of Object.entries(m.tables)) {
    if (tables[t] !== n) return `表 ${t} 恢复后有 ${tables[t] ?? '（缺失）'} 行，备份清单为 ${n} 行`;
  }
  for (const t of Object.keys(tables)) if (!(t in m.tables)) return `恢复后多出备份清单中没有的表 ${t}`;
  if (JSON.stringify(audit) !== JSON.stringify(m.audit)) return `审计链头 ${JSON.stringify(audit)} 与备份清单 ${JSON.stringify(m.audit)} 不符`;
  return null;
}
