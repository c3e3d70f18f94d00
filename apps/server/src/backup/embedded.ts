import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { checkDataDir, ensureDir } from '../data-dir.js';
import { lockDataDir } from '../db/data-lock.js';
import { createPglite, pgliteDir } from '../db/database.js';
import { type OpenedBackup, payloadStream, writeArchive } from './archive.js';
import { checkProbes, readProbes } from './keys.js';
import { auditHead, buildManifest, collectFacts, compareWithManifest, type Manifest, tableCounts } from './manifest.js';

/**
 * The embedded database: PGlite's own dump of its data folder (`dumpDataDir`), a gzip tarball of
 * PostgreSQL's files taken while no statement runs, after a CHECKPOINT. pg_dump cannot be used
 * (PGlite is PostgreSQL 18, the system's pg_dump 15 refuses it), and a physical copy keeps every
 * schema, sequence and trigger exactly. It needs the data folder's lock: a running server holds
 * it, so the backup is taken with the server stopped (a few seconds for an office's database).
 */

function pgliteVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve('@electric-sql/pglite'));
    for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return `@electric-sql/pglite ${pkg.version}`;
    }
  } catch {
    // unknown
  }
  return '@electric-sql/pglite';
}

function lockOrExplain(dataDir: string, what: string): () => void {
  try {
    return lockDataDir(dataDir);
  } catch (err) {
    throw new Error(`无法${what}：${(err as Error).message}\n（内嵌数据库同一时间只能由一个进程打开：请在服务器停止时${what}。）`);
  }
}

const hasDatabase = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

export async function backupEmbedded(config: Config, fd: number): Promise<Manifest> {
  const dir = pgliteDir(config.dataDir);
  if (!hasDatabase(dir)) throw new Error(`数据目录 ${config.dataDir} 中没有内嵌数据库（${dir}）：请检查 GONGZHI_DATA_DIR。\nNo embedded database in the data folder.`);
  const unlock = lockOrExplain(config.dataDir, '备份');
  try {
    const pgl = await createPglite(dir);
    try {
      // Everything written so far into the data files: a smaller WAL to carry and replay.
      await pgl.query('CHECKPOINT');
      const facts = await collectFacts(pgl, config.crypto);
      const blob = await pgl.dumpDataDir('gzip');
      let manifest: Manifest | undefined;
      await writeArchive(
        fd,
        'pglite-data.tar.gz',
        async (out) => {
          await pipeline(Readable.fromWeb(blob.stream() as import('node:stream/web').ReadableStream), out);
        },
        (payload) => (manifest = buildManifest('embedded', pgliteVersion(), facts, { ...payload, format: 'pglite-datadir-tgz' })),
      );
      return manifest!;
    } finally {
      await pgl.close();
    }
  } finally {
    unlock();
  }
}

export interface EmbeddedRestoreResult {
  dataDir: string;
  replaced: boolean;
  /** Where the database that was there before now is (with --force); never deleted. */
  movedAside: string | null;
  keyCheck: string[];
}

/**
 * Unpacks into a staging folder beside the target, opens it there and checks row counts, audit
 * head and keys; only then is the old database (if any, with --force) renamed aside — never deleted —
 * and the staging folder renamed into place. A failure at any step leaves the data folder as it was.
 * The key file (`keys/`) is not touched: it is not in the backup.
 */
export async function restoreEmbedded(config: Config, opened: OpenedBackup, m: Manifest, opts: { force: boolean; cipher: FieldCipher | null }): Promise<EmbeddedRestoreResult> {
  checkDataDir(config.dataDir);
  const unlock = lockOrExplain(config.dataDir, '恢复');
  try {
    const target = pgliteDir(config.dataDir);
    const occupied = existsSync(target) && readdirSync(target).length > 0;
    if (occupied && !opts.force) {
      throw new Error(
        `数据目录 ${config.dataDir} 中已有数据库（${target}）：恢复会替换它。确认要替换，请加 --force（原数据库会改名保留，不会删除）；或用 GONGZHI_DATA_DIR 指定一个新的空目录。\n` +
          'The data folder already holds a database: add --force to replace it (the old one is kept aside), or restore into a new folder.',
      );
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const staging = `${target}.restoring-${stamp}`;
    ensureDir(staging);
    let keyCheck: string[];
    try {
      const chunks: Buffer[] = [];
      for await (const c of payloadStream(opened)) chunks.push(c as Buffer);
      let pgl;
      try {
        pgl = await createPglite(staging, { loadDataDir: new Blob(chunks) });
      } catch (err) {
        throw new Error(`无法打开备份中的内嵌数据库（备份由 ${m.tool}、PostgreSQL ${m.serverVersion} 制作）：${(err as Error).message}`);
      }
      try {
        const diff = compareWithManifest(m, await tableCounts(pgl), await auditHead(pgl));
        if (diff) throw new Error(`恢复出的数据库与备份清单不符：${diff}`);
        const probes = await readProbes(pgl);
        const failures = opts.cipher ? checkProbes(opts.cipher, probes) : [];
        if (failures.length > 0) throw new Error(`当前密钥无法读取恢复出的个人信息：${failures.join('；')}`);
        keyCheck = probes.map((p) => p.field);
      } finally {
        await pgl.close();
      }
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    let movedAside: string | null = null;
    if (occupied) {
      movedAside = `${target}.before-restore-${stamp}`;
      renameSync(target, movedAside);
    } else if (existsSync(target)) {
      rmSync(target, { recursive: true, force: true }); // an empty folder
    }
    renameSync(staging, target);
    return { dataDir: config.dataDir, replaced: occupied, movedAside, keyCheck };
  } finally {
    unlock();
  }
}
