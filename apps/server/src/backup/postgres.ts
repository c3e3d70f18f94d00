import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import type { Config } from '../config.js';
import { ensureAppRole } from '../db/app-role.js';
import { openDatabase } from '../db/database.js';
import { type OpenedBackup, payloadStream, writeArchive } from './archive.js';
import { checkProbes, readProbes } from './keys.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { auditHead, buildManifest, collectFacts, compareWithManifest, type Manifest, qualified, tableCounts } from './manifest.js';
import { findPgTool, libpqConnection, startTool } from './pg-tools.js';

/**
 * PostgreSQL: pg_dump's custom format of the whole database (schemas `public` and `pgboss`), made
 * from a snapshot this process exports, so the manifest's row counts and audit head describe
 * exactly what the dump holds even while the servers keep writing.
 */
export async function backupPostgres(config: Config, fd: number): Promise<Manifest> {
  const conn = libpqConnection(config.databaseUrl!);
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const serverMajor = Math.floor(Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000);
    const pgDump = findPgTool('pg_dump', serverMajor);
    await client.query('begin isolation level repeatable read read only');
    const snapshot = String((await client.query('select pg_export_snapshot() as s')).rows[0].s);
    const facts = await collectFacts(client, config.crypto);
    let manifest: Manifest | undefined;
    await writeArchive(
      fd,
      'database.pgdump',
      async (out) => {
        // Owners and grants stay in the archive; the restore decides what to apply (--no-owner).
        const tool = startTool(pgDump, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${conn.dbname}`], conn.env, ['ignore', 'pipe', 'pipe']);
        const [exit] = await Promise.all([tool.done, pipeline(tool.child.stdout!, out)]);
        if (exit.code !== 0) throw new Error(`pg_dump 失败 (exit ${exit.code}): ${exit.stderr}`);
      },
      (payload) => (manifest = buildManifest('postgres', pgDump.version, facts, { ...payload, format: 'pg_dump-custom' })),
    );
    await client.query('commit');
    return manifest!;
  } finally {
    await client.end();
  }
}

interface TargetState {
  relations: number;
  auditRecords: number | null;
  otherSessions: number;
}

async function targetState(databaseUrl: string): Promise<TargetState> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rel = await client.query(`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`);
    const audit = (await client.query(`select to_regclass('public.audit_log')::text as t`)).rows[0].t
      ? Number((await client.query('select count(*)::bigint as n from public.audit_log')).rows[0].n)
      : null;
    let others = 0;
    // A session that has just disconnected can linger for a moment: look again before refusing.
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
      const sessions = await client.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      others = Number(sessions.rows[0].n);
      if (others === 0) break;
    }
    return { relations: Number(rel.rows[0].n), auditRecords: audit, otherSessions: others };
  } finally {
    await client.end();
  }
}

/** Refuses the restore unless the row counts and audit head inside the transaction equal the manifest's. */
function countCheck(m: Manifest): string {
  const lines = Object.entries(m.tables).map(
    ([t, n]) => `  SELECT count(*) INTO n FROM ${qualified(t)}; IF n <> ${n} THEN RAISE EXCEPTION 'gongzhi restore: table % has % rows, the backup manifest says %', ${pg.escapeLiteral(t)}, n, ${n}; END IF;`,
  );
  if (m.audit) {
    lines.push(
      `  IF NOT EXISTS (SELECT 1 FROM public.audit_head WHERE id = 1 AND seq = ${m.audit.seq} AND hash = ${pg.escapeLiteral(m.audit.hash)}) THEN RAISE EXCEPTION 'gongzhi restore: the audit head differs from the backup manifest'; END IF;`,
    );
  }
  return `DO $gongzhi_check$ DECLARE n bigint; BEGIN\n${lines.join('\n')}\nEND $gongzhi_check$;\n`;
}

export interface PgRestoreResult {
  database: string;
  replaced: boolean;
  grantsApplied: boolean;
  keyCheck: string[];
}

/**
 * Restores into the database of DATABASE_URL in ONE transaction: pg_restore turns the archive into
 * a script, psql runs it between our BEGIN and COMMIT with ON_ERROR_STOP, and COMMIT is sent only
 * after pg_restore has finished cleanly and the restored counts match the manifest. Any failure
 * leaves the target as it was. With `force`, the same transaction first drops the schemas
 * `public` and `pgboss`, so nothing of the old database survives next to the restored one.
 *
 * Owners and grants of the source are not replayed (--no-owner --no-privileges): the restoring
 * login (the schema owner, as for `migrate`) owns everything, and `gongzhi_app`'s rights are granted
 * afresh as `migrate` does. The audit trail's append-only triggers are created by the archive after
 * its rows are loaded (pg_dump puts triggers after data), so loading it is not blocked by them.
 */
export async function restorePostgres(config: Config, opened: OpenedBackup, m: Manifest, opts: { force: boolean; cipher: FieldCipher | null }): Promise<PgRestoreResult> {
  const url = config.databaseUrl!;
  const conn = libpqConnection(url);
  const state = await targetState(url);
  if (state.otherSessions > 0) {
    throw new Error(
      `目标数据库 ${conn.database} 还有 ${state.otherSessions} 个其他连接：请先停止连接它的共治服务器和其他程序，再恢复。\n` +
        `The target database has ${state.otherSessions} other connections: stop the servers first.`,
    );
  }
  if (state.relations > 0 && !opts.force) {
    throw new Error(
      `目标数据库 ${conn.database} 不是空的（${state.relations} 个表或序列${state.auditRecords !== null ? `，${state.auditRecords} 条审计记录` : ''}）：恢复会替换其中的全部数据。` +
        '确认要替换，请加 --force（同一事务内先删除 public 与 pgboss 两个模式再恢复，失败则不改变任何数据）；或恢复到一个新建的空数据库。\n' +
        'The target database is not empty: add --force to replace it, or restore into a new empty database.',
    );
  }
  const dumpMajor = Number(/(\d+)(?:\.\d+)?/.exec(m.tool)?.[1] ?? 15);
  const pgRestore = findPgTool('pg_restore', dumpMajor);
  const psql = findPgTool('psql');

  const runner = startTool(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--no-password', '-f', '-', `--dbname=${conn.dbname}`], conn.env, ['pipe', 'ignore', 'pipe']);
  const stdin = runner.child.stdin!;
  stdin.on('error', () => undefined); // psql gone early: its exit code and stderr tell why
  stdin.write('BEGIN;\n');
  if (state.relations > 0) stdin.write('DROP SCHEMA IF EXISTS pgboss CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n');
  const script = startTool(
    pgRestore,
    // --no-comments: COMMENT ON EXTENSION needs the extension's owner, who may be a DBA; the schema has no other comments.
    ['--no-owner', '--no-privileges', '--no-comments', '--no-tablespaces', '--file=-'],
    {},
    ['pipe', 'pipe', 'pipe'],
  );
  const feed = pipeline(payloadStream(opened), script.child.stdin!);
  const copy = pipeline(script.child.stdout!, stdin, { end: false });
  const [scriptExit] = await Promise.all([script.done, feed.catch(() => undefined), copy.catch(() => undefined)]);
  if (scriptExit.code !== 0) {
    // No COMMIT was sent: ending psql abandons the transaction.
    runner.child.kill('SIGTERM');
    const psqlExit = await runner.done;
    // psql failing first (login, a statement) makes pg_restore fail on a closed pipe: name the first cause.
    const cause = psqlExit.code ? psqlExit.stderr : scriptExit.stderr;
    throw new Error(`恢复失败，目标数据库未改变：${cause}\nThe restore failed; the target database is unchanged.`);
  }
  stdin.end(`\n${countCheck(m)}COMMIT;\n`);
  const exit = await runner.done;
  if (exit.code !== 0) {
    throw new Error(`恢复失败，事务已回滚，目标数据库未改变：${exit.stderr}\nThe restore failed and was rolled back; the target database is unchanged.`);
  }

  // Rights of the runtime role, as `migrate` grants them.
  const database = await openDatabase({ databaseUrl: url, dataDir: config.dataDir, poolSize: 1 });
  let grantsApplied: boolean;
  try {
    grantsApplied = await ensureAppRole(database.db);
  } finally {
    await database.close();
  }
  const after = await verifyRestored(url, m, opts.cipher);
  return { database: conn.database, replaced: state.relations > 0, grantsApplied, keyCheck: after };
}

/** Counts and audit head once more from outside the transaction, and the keys against the restored rows. */
async function verifyRestored(url: string, m: Manifest, cipher: FieldCipher | null): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const diff = compareWithManifest(m, await tableCounts(client), await auditHead(client));
    if (diff) throw new Error(`恢复后的数据库与备份清单不符：${diff}`);
    const probes = await readProbes(client);
    const failures = cipher ? checkProbes(cipher, probes) : [];
    if (failures.length > 0) {
      throw new Error(`数据已恢复，但当前密钥无法读取其中的个人信息：${failures.join('；')}。请提供备份时的密钥后再启动服务器。`);
    }
    return probes.map((p) => p.field);
  } finally {
    await client.end();
  }
}
