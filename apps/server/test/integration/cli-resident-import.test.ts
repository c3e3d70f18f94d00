import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { buildingsOf, buildResidentCsv, buildResidentXlsx, type DemoBuilding, goodRow } from '../support/resident-files.js';
import { lastJson, runCli } from '../support/spawn.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();
const code = '310105004001';
type Summary = { accepted: number; updated: number; unchanged: number; rejected: number; rows: { row: number; status: string; reasons: string[] }[] };

describe.skipIf(!testDbAvailable())(`gongzhi import residents (${kind})`, () => {
  let dir: string;
  let testDb: TestDb | undefined;
  let env: Record<string, string>;
  let b: DemoBuilding[];

  /** The database the command writes to, opened between commands (PGlite: one process at a time). */
  const withDb = async <T>(f: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> => {
    const database = await openDatabase(testDb ? { databaseUrl: testDb.databaseUrl, dataDir: 'memory://' } : { dataDir: path.join(dir, 'data') });
    try {
      return await f(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-cli-residents-'));
    if (kind === 'postgres') testDb = await createTestDb();
    env = { GONGZHI_DATA_DIR: path.join(dir, 'data'), GONGZHI_DEMO_CASES: '0', GONGZHI_DEMO_RESIDENTS: '0', ...(testDb ? { DATABASE_URL: testDb.databaseUrl! } : {}) };
    const seeded = await runCli(['seed'], env, 180_000);
    expect(seeded.code, seeded.stderr).toBe(0);
    b = (await withDb((db) => buildingsOf(db, code))).filter((x) => x.floors >= 3);
  }, 240_000);
  afterAll(async () => {
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an .xlsx and prints the per-row JSON summary; the same file again changes nothing', async () => {
    const file = path.join(dir, '居民.xlsx');
    writeFileSync(file, await buildResidentXlsx([goodRow(1, b[0]!), goodRow(2, b[0]!, { 联系电话: '12345' }), goodRow(3, b[1]!)]));
    const r = await runCli(['import', 'residents', file, '--neighborhood', code], env);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson<Summary>(r.stdout);
    expect(s).toMatchObject({ accepted: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(s.rows).toEqual([
      { row: 2, status: 'accepted', reasons: [] },
      { row: 3, status: 'rejected', reasons: [expect.stringMatching(/^联系电话：手机号应为 11 位/)] },
      { row: 4, status: 'accepted', reasons: [] },
    ]);
    expect(r.stderr).toContain('新增 2');
    const audit = await withDb((db) => sql<{ actor_name: string; detail: { accepted: number } }>`select actor_name, detail from audit_log where action = 'resident.import'`.execute(db));
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.actor_name).toMatch(/^cli:/);

    const again = await runCli(['import', 'residents', file, '--neighborhood', code], env);
    expect(lastJson<Summary>(again.stdout)).toMatchObject({ accepted: 0, unchanged: 2, rejected: 1 });
    expect(await withDb(async (db) => Number((await sql<{ n: string }>`select count(*) as n from resident`.execute(db)).rows[0]!.n))).toBe(2);
  });

  it('imports CSV too, and refuses a file with wrong headers with exit code 2 and the reason', async () => {
    const csv = path.join(dir, 'residents.csv');
    writeFileSync(csv, buildResidentCsv([goodRow(4, b[1]!)]));
    const ok = await runCli(['import', 'residents', csv, '--neighborhood', code], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(lastJson<Summary>(ok.stdout)).toMatchObject({ accepted: 1, rejected: 0 });

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, buildResidentCsv([goodRow(5, b[1]!)], { headers: ['姓名', '电话号码', '小区', '楼号', '室号'] }));
    const r = await runCli(['import', 'residents', bad, '--neighborhood', code], env);
    expect(r.code).toBe(2);
    expect(lastJson<{ error: { code: string; message: string } }>(r.stdout).error).toMatchObject({ code: 'IMPORT_HEADERS', message: expect.stringContaining('缺少必需的列：身份证号') });
    expect(r.stderr).toContain('无法识别的列：电话号码');

    const wrong = await runCli(['import', 'residents', csv, '--neighborhood', '3101'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('12 位居民区代码');
  });
});
