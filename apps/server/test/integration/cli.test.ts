import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { demoPassword } from '../support/auth.js';
import { rowCounts } from '../support/db-state.js';
import { lastJson, runCli, runNode, serverMain, startServer } from '../support/spawn.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();
const migrations = readdirSync(fileURLToPath(new URL('../../migrations/', import.meta.url)))
  .filter((f) => /^\d{4}_.+\.sql$/.test(f))
  .sort()
  .map((f) => f.replace(/\.sql$/, ''));

describe.skipIf(!testDbAvailable())(`operator CLI and server process (${kind})`, () => {
  let dataDir: string;
  let testDb: TestDb | undefined;
  let env: Record<string, string>;

  /** Row counts of the database the commands work on, read between commands (PGlite: only while no process holds it). */
  const counts = async () => {
    const database = await openDatabase(testDb ? { databaseUrl: testDb.databaseUrl, dataDir: 'memory://' } : { dataDir });
    try {
      return await rowCounts(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-cli-'));
    if (kind === 'postgres') testDb = await createTestDb();
    // A small 社区云 population: the CLI seeds it with the demo (35k residents by default).
    const small = { GONGZHI_DEMO_RESIDENTS: '40' };
    env = testDb ? { DATABASE_URL: testDb.databaseUrl!, GONGZHI_DATA_DIR: dataDir, ...small } : { GONGZHI_DATA_DIR: dataDir, ...small };
  });
  afterAll(async () => {
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrate prints the applied migrations as JSON, then nothing left to apply', async () => {
    const r = await runCli(['migrate'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toEqual({ database: kind, applied: migrations });
    expect(migrations[0]).toBe('0001_foundation');
    // Running it again applies nothing: checked below once the server has run on the same database.
  });

  let first: Record<string, unknown>;
  it('seed prints a summary of the Changning demo', async () => {
    const r = await runCli(['seed'], env);
    expect(r.code, r.stderr).toBe(0);
    first = lastJson(r.stdout);
    expect(first).toMatchObject({ alreadySeeded: false, scale: 'demo', units: { district: 1, subdistrict: 10, neighborhood: 189 } });
    const units = first.units as { grid: number };
    expect(units.grid).toBeGreaterThanOrEqual(1000);
    expect(units.grid).toBeLessThanOrEqual(1200);
    expect(first.compounds).toBeGreaterThan(0);
    expect(first.departments).toBeGreaterThan(0);
    expect(first.population).toMatchObject({ alreadySeeded: false });
    expect((first.population as { residents: number }).residents).toBeGreaterThanOrEqual(40);
  });

  it('seed a second time says already seeded and writes nothing', async () => {
    const before = await counts();
    const r = await runCli(['seed'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('already seeded');
    expect(r.stderr).toContain('数据库已有演示数据');
    const { ms: _a, alreadySeeded, population, ...rest } = lastJson(r.stdout);
    const { ms: _b, alreadySeeded: _c, population: firstPopulation, ...firstRest } = first;
    expect(alreadySeeded).toBe(true);
    expect(rest).toEqual(firstRest);
    const { ms: _d, alreadySeeded: again, ...people } = population as Record<string, unknown>;
    const { ms: _e, alreadySeeded: _f, ...firstPeople } = firstPopulation as Record<string, unknown>;
    expect(again).toBe(true);
    expect(people).toEqual(firstPeople);
    const after = await counts();
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      jurisdiction_unit: 1 + 10 + 189 + (first.units as { grid: number }).grid,
      department: first.departments,
      compound: first.compounds,
      building: first.buildings,
      schema_migration: migrations.length,
    });
  });

  it('seed --scale bogus exits non-zero with a Chinese message', async () => {
    const r = await runCli(['seed', '--scale', 'bogus'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('只能是 demo 或 district');
    expect(r.stdout).toBe('');
  });

  it('the server refuses PORT=abc with a config message naming PORT', async () => {
    const r = await runNode(serverMain, [], { ...env, PORT: 'abc' }, 30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('配置有误');
    expect(r.stderr).toMatch(/PORT/);
    expect(r.stderr).not.toMatch(/\bat .+\.js:\d+/); // a message, not a stack trace
  });

  it('the server explains a data folder it cannot create', async () => {
    const r = await runNode(serverMain, [], { GONGZHI_DATA_DIR: '/etc/hostname/data' }, 30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据目录不可写');
    expect(r.stderr).toContain('/etc/hostname/data');
    expect(r.stderr).toContain('GONGZHI_DATA_DIR');
  });

  // The CLI checks the data folder like the server does, instead of printing the raw errno text.
  it('the CLI explains a data folder it cannot create, like the server does', async () => {
    const r = await runCli(['migrate'], { GONGZHI_DATA_DIR: '/etc/hostname/data' }, 30_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('数据目录不可写');
  });

  // Node 20's recursive mkdirSync loops forever on /proc paths; ensureDir() must fail fast instead.
  it('an unwritable data folder (/proc/nope) fails fast with a clear message', async () => {
    const [server, cli] = await Promise.all([
      runNode(serverMain, [], { GONGZHI_DATA_DIR: '/proc/nope' }, 8_000),
      runCli(['migrate'], { GONGZHI_DATA_DIR: '/proc/nope' }, 8_000),
    ]);
    for (const r of [server, cli]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('数据目录不可写');
    }
  });

  it.runIf(kind === 'embedded')('a running server holds the embedded data folder; the CLI works again once it stops', async () => {
    const server = await startServer(env);
    let stopped = false;
    try {
      const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { database: string };
      expect(health.database).toBe('embedded');
      const refused = await runCli(['migrate'], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('正被另一个进程');
      expect(refused.stderr).toContain('in use');
      expect(refused.stderr).toContain(`pid ${server.child.pid}`);
      expect(await server.stop()).toBe(0);
      stopped = true;
    } finally {
      if (!stopped) await server.stop();
    }
    const r = await runCli(['migrate'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toEqual({ database: 'embedded', applied: [] });
  });

  it.runIf(kind === 'postgres')('the server runs on PostgreSQL beside the CLI (no folder lock)', async () => {
    const server = await startServer(env);
    try {
      const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { database: string };
      expect(health.database).toBe('postgres');
      const r = await runCli(['migrate'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(lastJson(r.stdout)).toEqual({ database: 'postgres', applied: [] });
      const login = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'district.admin', password: demoPassword }),
      });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0]!;
      const root = (await (await fetch(`${server.baseUrl}/api/jurisdictions/root`, { headers: { cookie } })).json()) as { counts: { compounds: number } };
      expect(root.counts.compounds).toBe(first.compounds);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
