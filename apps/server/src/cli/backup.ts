import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openArchive, verifyPayload } from '../backup/archive.js';
import { backupEmbedded, restoreEmbedded } from '../backup/embedded.js';
import { precheckKeys } from '../backup/keys.js';
import { checkManifest, type Manifest } from '../backup/manifest.js';
import { backupPostgres, restorePostgres } from '../backup/postgres.js';
import { keyFileOf } from '../crypto/load.js';

/** What both commands print about a backup (the manifest without its key probes). */
function summary(m: Manifest) {
  return {
    engine: m.engine,
    createdAt: m.createdAt,
    appVersion: m.appVersion,
    serverVersion: m.serverVersion,
    migration: m.migrations.latest,
    rows: Object.values(m.tables).reduce((a, b) => a + b, 0),
    tables: m.tables,
    audit: m.audit,
    keys: { included: false, keyIds: m.keys.keyIds, sealedValues: m.keys.sealedValues },
  };
}

export async function backupCommand(fileArg: string, opts: { force?: boolean }): Promise<void> {
  const config = loadConfig();
  const file = path.resolve(fileArg);
  if (existsSync(file) && !opts.force) throw new Error(`文件 ${file} 已存在：请换一个文件名，或加 --force 覆盖 (the file exists)`);
  const started = performance.now();
  const partial = `${file}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(partial, 'wx', 0o600);
  } catch (err) {
    throw new Error(`无法创建备份文件 ${file}: ${(err as Error).message}`);
  }
  let manifest: Manifest;
  try {
    manifest = config.databaseUrl ? await backupPostgres(config, fd) : await backupEmbedded(config, fd);
    closeSync(fd);
    // Whole or not at all: a reader never sees a half-written file under the final name.
    renameSync(partial, file);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(partial, { force: true });
    throw err;
  }
  const keysAt = config.dataKey ? 'GONGZHI_DATA_KEY、GONGZHI_BLIND_KEY（及 GONGZHI_DATA_KEYS_OLD）' : `密钥文件 ${keyFileOf(config.dataDir)}`;
  process.stderr.write(
    `已备份到 ${file}（${statSync(file).size} 字节）。备份不含加密密钥：请另行保存${keysAt}，与备份文件分开存放；没有密钥，备份中的个人信息无法读取。\n` +
      'Backed up. The file does NOT contain the encryption keys: keep them safe, apart from the backup.\n',
  );
  process.stdout.write(`${JSON.stringify({ file, bytes: statSync(file).size, sha256: manifest.payload.sha256, ...summary(manifest), ms: Math.round(performance.now() - started) })}\n`);
}

export async function restoreCommand(fileArg: string, opts: { force?: boolean; check?: boolean }): Promise<void> {
  const config = loadConfig();
  const file = path.resolve(fileArg);
  const started = performance.now();
  const engine = config.databaseUrl ? 'postgres' : 'embedded';
  // Every check that needs no database comes first, so a refusal never touches the target.
  const opened = openArchive(file);
  const { manifest, pending } = checkManifest(opened.manifest, engine);
  const keys = precheckKeys(config, manifest.keys);
  await verifyPayload(opened, manifest.payload);
  const base = { file, ...summary(manifest), keySource: keys?.source ?? null };
  if (opts.check) {
    process.stderr.write('备份文件完整，清单与当前程序兼容，当前密钥可以读取其中的个人信息；未做任何恢复 (backup checked; nothing restored)\n');
    process.stdout.write(`${JSON.stringify({ ...base, checked: true, pendingMigrations: pending, ms: Math.round(performance.now() - started) })}\n`);
    return;
  }
  const cipher = keys?.cipher ?? null;
  const result =
    engine === 'postgres'
      ? await restorePostgres(config, opened, manifest, { force: Boolean(opts.force), cipher })
      : await restoreEmbedded(config, opened, manifest, { force: Boolean(opts.force), cipher });
  if ('movedAside' in result && result.movedAside) {
    process.stderr.write(`原数据库已改名保留在 ${result.movedAside}，确认恢复无误后可自行删除 (the previous database was kept at this path)\n`);
  }
  if (pending.length > 0) {
    process.stderr.write(`备份的数据库结构早于本程序：请运行 npx gongzhi migrate（或启动服务器）以应用 ${pending.length} 个迁移 (run migrate)\n`);
  }
  process.stderr.write('恢复完成：行数与审计链头与备份清单一致。建议运行 npx gongzhi audit verify 校验整条审计链 (restored; run audit verify)\n');
  process.stdout.write(`${JSON.stringify({ ...base, restored: true, ...result, pendingMigrations: pending, ms: Math.round(performance.now() - started) })}\n`);
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('备份整个数据库到一个文件（PostgreSQL: pg_dump；内嵌: 数据目录快照）；不含密钥 (back up the whole database to a file; keys are not included)')
    .argument('<file>', '备份文件（tar：数据库内容 + manifest.json）')
    .option('--force', '覆盖已有文件 (overwrite an existing file)', false)
    .action(backupCommand);

  program
    .command('restore')
    .description('从备份文件恢复数据库；目标须为空，或加 --force 替换 (restore a backup into an empty database, or replace one with --force)')
    .argument('<file>', 'gongzhi backup 生成的文件')
    .option('--force', '替换非空的目标数据库（PostgreSQL: 同一事务内；内嵌: 原数据库改名保留）(replace a non-empty target)', false)
    .option('--check', '只检查文件、版本与密钥，不恢复 (check the file, versions and keys; restore nothing)', false)
    .action(restoreCommand);
}
