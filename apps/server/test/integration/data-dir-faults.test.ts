import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, ftruncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/app-role.js';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { AuditWriter } from '../../src/modules/audit/writer.js';
import { openDatabase } from '../../src/db/database.js';
import { runNode, serverMain, startServer } from '../support/spawn.js';
import { testDbKind } from '../support/test-db.js';

// Embedded only: the data folder is the embedded database's (PostgreSQL keeps its files on its own
// server; its start-up failure is in db-outage.test.ts).
const onEmbedded = testDbKind() === 'embedded';

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });
const can = (cmd: string, args: string[]) => {
  try {
    sh(cmd, args);
    return true;
  } catch {
    return false;
  }
};

/**
 * What this machine lets a test do. We run as root in CI, where chmod stops nothing: a small tmpfs
 * (mount needs CAP_SYS_ADMIN) gives a real read-only remount and a real full disk; without it,
 * `chattr +i` makes the folder immutable (read-only case only); without root, chmod does.
 */
function probeMechanism(base: string): 'tmpfs' | 'chattr' | 'chmod' | null {
  if (process.platform !== 'linux') return null;
  // To try a fallback on a machine that allows more: GONGZHI_TEST_FS_FAULTS=chattr (root) or chmod (not root).
  const forced = process.env.GONGZHI_TEST_FS_FAULTS;
  if (forced === 'chattr' || forced === 'chmod') return forced;
  const root = process.getuid?.() === 0;
  if (!root) return 'chmod';
  const probe = path.join(base, 'probe');
  mkdirSync(probe);
  if (can('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe])) {
    can('umount', [probe]);
    return 'tmpfs';
  }
  if (can('chattr', ['+i', probe])) {
    can('chattr', ['-i', probe]);
    return 'chattr';
  }
  return null;
}

/** sha256 of every file under a folder: "nothing changed" means these are equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Fills the file system holding `file` until it is full; returns the file's size. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

const base = onEmbedded ? mkdtempSync(path.join(tmpdir(), 'gongzhi-faults-')) : '';
const mechanism = onEmbedded ? probeMechanism(base) : null;
if (base && !mechanism) rmSync(base, { recursive: true, force: true });

describe.skipIf(!onEmbedded || !mechanism)(`embedded data folder faults at start (${mechanism ?? 'no mechanism on this machine'})`, () => {
  const mnt = path.join(base, 'mnt');
  const dataDir = path.join(mnt, 'data');
  const env = { GONGZHI_DATA_DIR: dataDir, GONGZHI_SEED_SCALE: 'none' };
  let records = 0;
  let before: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(mnt);
    // Room for the migrated database (~30 MB) with the server's 64 MB free-space margin.
    if (mechanism === 'tmpfs') sh('mount', ['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', mnt]);
    // A database with a short audit chain, written the way the server writes it.
    const { database } = await openMigratedDatabase({ dataDir });
    try {
      const audit = new AuditWriter(database.db, 'standard');
      for (let i = 0; i < 5; i++) await audit.append({ actorId: null, actorName: 'crash-test', actingRole: 'system', action: 'test.write', resourceType: 'test', resourceId: String(i), unitPath: null, ip: null, requestId: null });
      records = (await verifyChain(database.db)).records;
    } finally {
      await database.close();
    }
    before = snapshot(dataDir);
  }, 300_000);

  afterAll(() => {
    if (mechanism === 'tmpfs') {
      can('mount', ['-o', 'remount,rw', mnt]);
      can('umount', ['-l', mnt]);
    }
    if (mechanism === 'chattr') can('chattr', ['-i', dataDir]);
    rmSync(base, { recursive: true, force: true });
  });

  const expectRefused = (r: { code: number | null; stderr: string }, ...words: string[]) => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(dataDir);
    for (const w of words) expect(r.stderr).toContain(w);
    expect(r.stderr).not.toMatch(/\bat .+\.js:\d+/); // a message, not a stack trace
    expect(snapshot(dataDir)).toEqual(before);
  };

  it(`read-only data folder (${mechanism === 'tmpfs' ? 'read-only remount' : mechanism === 'chattr' ? 'chattr +i' : 'chmod 0555'}): refused with a clear message, nothing changed`, async () => {
    if (mechanism === 'tmpfs') sh('mount', ['-o', 'remount,ro', mnt]);
    else if (mechanism === 'chattr') sh('chattr', ['+i', dataDir]);
    else sh('chmod', ['0555', dataDir]);
    try {
      const r = await runNode(serverMain, [], { ...env, PORT: '0' }, 120_000);
      expectRefused(r, '数据目录不可写', 'data folder is not writable', mechanism === 'tmpfs' ? 'read-only file system' : mechanism === 'chattr' ? 'not permitted' : 'permission denied');
    } finally {
      if (mechanism === 'tmpfs') sh('mount', ['-o', 'remount,rw', mnt]);
      else if (mechanism === 'chattr') sh('chattr', ['-i', dataDir]);
      else sh('chmod', ['0755', dataDir]);
    }
  }, 180_000);

  // A full disk needs a file system of its own to fill: a size-limited tmpfs (root with mount rights).
  it.skipIf(mechanism !== 'tmpfs')('disk full (size-limited tmpfs): refused with a clear message when full and when nearly full, nothing changed', async () => {
    const filler = path.join(mnt, 'filler');
    try {
      fillDisk(filler);
      expectRefused(await runNode(serverMain, [], { ...env, PORT: '0' }, 120_000), '磁盘已满', 'disk full');
      // Room for a small write but under the margin: refused by the free-space check, before PGlite writes.
      const fd = openSync(filler, 'r+');
      ftruncateSync(fd, statSync(filler).size - 8 * 1024 * 1024);
      closeSync(fd);
      expectRefused(await runNode(serverMain, [], { ...env, PORT: '0' }, 120_000), '磁盘空间不足', 'disk full');
    } finally {
      rmSync(filler, { force: true });
    }
  }, 180_000);

  it('once writable again the server starts on the same data, and the audit chain is whole', async () => {
    const server = await startServer(env, 240_000);
    expect(await server.stop()).toBe(0);
    const database = await openDatabase({ dataDir });
    try {
      const v = await verifyChain(database.db);
      expect(v).toMatchObject({ ok: true, broken: null });
      expect(v.records).toBeGreaterThanOrEqual(records);
    } finally {
      await database.close();
    }
  }, 300_000);
});
