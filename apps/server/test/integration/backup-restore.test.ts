import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { loginAs } from '../support/auth.js';
import { createCase, pointIn } from '../support/cases.js';
import { rowCounts } from '../support/db-state.js';
import { addResidents } from '../support/residents.js';
import { lastJson, runCli } from '../support/spawn.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();
// Each step spawns the real command line (and the embedded engine's PGlite): generous limits for a
// busy machine; no timing is asserted.
const slow = { timeout: 180_000 };

/**
 * `gongzhi backup` and `gongzhi restore` through the real command line, on the engine this project
 * runs: a seeded database with encrypted rows and audit records round-trips into a fresh one with
 * the same rows and audit chain; and every refusal leaves its target as it was.
 */
describe.skipIf(!testDbAvailable())(`backup and restore (${kind})`, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'gongzhi-backup-'));
  const sourceDir = path.join(work, 'source');
  const targetDir = path.join(work, 'target');
  const file = path.join(work, 'gongzhi.tar');
  let source: TestApp | undefined;
  let target: TestDb | undefined;
  let sourceEnv: Record<string, string>;
  let targetEnv: Record<string, string>;

  const state = async (env: Record<string, string>) => {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.GONGZHI_DATA_DIR! });
    try {
      const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head`.execute(database.db);
      return { counts: await rowCounts(database.db), head: { seq: Number(head.rows[0]!.seq), hash: head.rows[0]!.hash } };
    } finally {
      await database.close();
    }
  };
  let before: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    // The source keeps its keys in its own data folder on both engines (not in memory), as a server does.
    source = await startTestApp({ GONGZHI_DATA_DIR: sourceDir });
    const dispatcher = await loginAs(source.app, 'dispatcher.xinhua');
    const where = await pointIn(source, '310105004001001');
    for (let i = 0; i < 3; i++) {
      const r = await createCase(source.app, dispatcher, {
        channel: 'hotline_12345',
        categoryCode: 'B0101',
        description: `热线反映第${i}处暴露垃圾`,
        location: where,
        reporter: { name: '张小明', phone: `1391234567${i}`, contactConsent: true },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await addResidents(source, '310105004001', [
      { name: '李阿姨', phone: '13812345678', verifiedDaysAgo: 3 },
      { name: '王伯伯', phone: null, verifiedDaysAgo: null },
    ]);
    // Stopped like a server before a backup: the embedded folder's lock is released.
    await source.app.close();
    await source.database.close();
    sourceEnv = { ...(source.testDb.databaseUrl ? { DATABASE_URL: source.testDb.databaseUrl } : {}), GONGZHI_DATA_DIR: sourceDir };
    before = await state(sourceEnv);
    expect(before.head.seq).toBeGreaterThan(3);

    // The target: a new empty database (PostgreSQL) or a new data folder (embedded); the keys copied to it.
    mkdirSync(path.join(targetDir, 'keys'), { recursive: true });
    copyFileSync(path.join(sourceDir, 'keys', 'keyring.json'), path.join(targetDir, 'keys', 'keyring.json'));
    if (kind === 'postgres') target = await createTestDb();
    targetEnv = { ...(target ? { DATABASE_URL: target.databaseUrl! } : {}), GONGZHI_DATA_DIR: targetDir };
  }, 240_000);
  afterAll(async () => {
    await source?.testDb.drop();
    await target?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backup writes the file and prints the manifest: every table, the audit head, no keys', slow, async () => {
    const r = await runCli(['backup', file], sourceEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('备份不含加密密钥');
    const out = lastJson<{ engine: string; tables: Record<string, number>; audit: unknown; keys: { included: boolean; sealedValues: number } }>(r.stdout);
    expect(out.engine).toBe(kind);
    expect(out.audit).toEqual(before.head);
    expect(out.keys.included).toBe(false);
    expect(out.keys.sealedValues).toBeGreaterThanOrEqual(3 * 2 + 2 * 2);
    const publicTables = Object.fromEntries(Object.entries(out.tables).filter(([t]) => !t.includes('.')));
    expect(publicTables).toEqual(before.counts);
    expect(Object.keys(out.tables).some((t) => t.startsWith('pgboss.'))).toBe(true);
    expect(readFileSync(file).includes(Buffer.from('13912345670'))).toBe(false); // personal data is sealed in the file too
  });

  it('restore refuses a target without the keys, before touching it', slow, async () => {
    const keyless = path.join(work, 'keyless');
    const r = await runCli(['restore', file], { ...targetEnv, GONGZHI_DATA_DIR: keyless });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('找不到密钥');
    expect(existsSync(keyless)).toBe(false);
  });

  it('restore into a fresh database gives the same rows and audit chain; audit verify passes', slow, async () => {
    const r = await runCli(['restore', file], targetEnv);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson<{ restored: boolean; replaced: boolean; keyCheck: string[]; pendingMigrations: string[] }>(r.stdout);
    expect(out).toMatchObject({ restored: true, replaced: false, pendingMigrations: [] });
    expect(out.keyCheck).toEqual(expect.arrayContaining(['case_record.reporter_phone', 'resident.id_number']));
    expect(await state(targetEnv)).toEqual(before);
    const verify = await runCli(['audit', 'verify'], targetEnv);
    expect(verify.code, verify.stderr).toBe(0);
    expect(lastJson(verify.stdout)).toMatchObject({ ok: true, records: before.head.seq, lastSeq: before.head.seq });
  });

  it('refuses a non-empty target without --force, and a damaged or truncated file even with it; the target stays as it was', slow, async () => {
    const again = await runCli(['restore', file], targetEnv);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(kind === 'postgres' ? /不是空的/ : /已有数据库/);
    expect(again.stderr).toContain('--force');

    const damaged = path.join(work, 'damaged.tar');
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(damaged, bytes);
    const bad = await runCli(['restore', '--force', damaged], targetEnv);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('已损坏');

    const cut = path.join(work, 'cut.tar');
    copyFileSync(file, cut);
    truncateSync(cut, Math.floor(bytes.length / 2));
    const short = await runCli(['restore', '--force', cut], targetEnv);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('不完整');

    expect(await state(targetEnv)).toEqual(before);
  });

  it('refuses a backup of the other engine', slow, async () => {
    // Checked from the manifest before any connection: the other engine's target is never opened.
    const otherDir = path.join(work, 'other-engine');
    const env = kind === 'postgres' ? { GONGZHI_DATA_DIR: otherDir } : { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', GONGZHI_DATA_DIR: otherDir };
    const r = await runCli(['restore', file], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('两种数据库的备份不能互相恢复');
    expect(existsSync(otherDir)).toBe(false);
  });

  it('--force replaces a changed target with the backup (the embedded one keeps the old database aside)', slow, async () => {
    const database = await openDatabase({ databaseUrl: targetEnv.DATABASE_URL, dataDir: targetDir });
    try {
      await database.db.insertInto('app_meta').values({ key: 'after_backup', value: JSON.stringify(1), updated_at: new Date() }).execute();
    } finally {
      await database.close();
    }
    const r = await runCli(['restore', '--force', file], targetEnv);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson<{ replaced: boolean; movedAside: string | null }>(r.stdout);
    expect(out.replaced).toBe(true);
    expect(await state(targetEnv)).toEqual(before);
    if (kind === 'embedded') {
      expect(out.movedAside).toMatch(/pglite\.before-restore-/);
      expect(readdirSync(targetDir).filter((f) => f.startsWith('pglite'))).toHaveLength(2);
    }
  });

  it.runIf(kind === 'embedded')('backup refuses while another process holds the embedded data folder', slow, async () => {
    // The lock of a live process (this test's): what a running server leaves.
    writeFileSync(path.join(sourceDir, 'gongzhi.lock'), String(process.pid));
    try {
      const r = await runCli(['backup', path.join(work, 'locked.tar')], sourceEnv);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('正被另一个进程');
      expect(r.stderr).toContain('请在服务器停止时备份');
      expect(existsSync(path.join(work, 'locked.tar'))).toBe(false);
    } finally {
      rmSync(path.join(sourceDir, 'gongzhi.lock'), { force: true });
    }
  });
});
