import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NB_A, writeLedgerFixture } from '../support/ledger-fixture.js';
import { lastJson, runCli } from '../support/spawn.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();

describe.skipIf(!testDbAvailable())(`gongzhi ledger (${kind})`, () => {
  let dir: string;
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-ledger-'));
    const dataDir = path.join(dir, 'data');
    // A seeded database on disk (and its key file) that the command opens after the app has let go.
    t = await startTestApp({ GONGZHI_DATA_DIR: dataDir });
    await writeLedgerFixture(t.ctx.db, t.ctx.cipher);
    await t.app.close();
    await t.database.close();
    env = { GONGZHI_DATA_DIR: dataDir, ...(t.testDb.databaseUrl ? { DATABASE_URL: t.testDb.databaseUrl } : {}) };
  });
  afterAll(async () => {
    await t?.testDb.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--list prints the ledger ids and names', async () => {
    const r = await runCli(['ledger', '--list'], env);
    expect(r.code, r.stderr).toBe(0);
    const { ledgers } = lastJson<{ ledgers: { id: string; name: string }[] }>(r.stdout);
    expect(ledgers).toHaveLength(8);
    expect(ledgers[0]).toEqual({ id: 'population', name: '实有人口统计表', nameEn: 'Resident population' });
    expect(ledgers.map((l) => l.id)).toContain('group-rentals');
  });

  it('writes the ledger of a unit to an Excel file and prints a summary', async () => {
    const out = path.join(dir, 'elderly.xlsx');
    const r = await runCli(['ledger', 'elderly', '--unit', NB_A, '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const summary = lastJson<{ ledger: string; totals: Record<string, number>; lists: { key: string; rows: number }[]; out: string }>(r.stdout);
    expect(summary).toMatchObject({ ledger: 'elderly', out, totals: { residents: 10, elderly60: 5, age80: 2, alone: 2 } });
    expect(summary.lists).toEqual([{ key: 'persons80', rows: 2 }, { key: 'personsAlone', rows: 2 }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell(1, 1).value)).toContain('老年人口');
    expect(sheet.getRow(3).getCell(1).value).toBe('小区');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
    expect(wb.getWorksheet('80 岁及以上老人名单')!.getRow(3).getCell(2).value).toBe('姓名（脱敏）');
  });

  it('refuses an unknown ledger, a missing unit and a bad file name with a message', async () => {
    const unknown = await runCli(['ledger', 'nonsense', '--unit', NB_A, '--out', path.join(dir, 'x.xlsx')], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('没有台账 nonsense');
    const noUnit = await runCli(['ledger', 'population', '--unit', '310105999999', '--out', path.join(dir, 'x.xlsx')], env);
    expect(noUnit.code).not.toBe(0);
    expect(noUnit.stderr).toContain('找不到代码为 310105999999');
    const badOut = await runCli(['ledger', 'population', '--unit', NB_A, '--out', path.join(dir, 'x.csv')], env);
    expect(badOut.code).not.toBe(0);
    expect(badOut.stderr).toContain('.xlsx');
    const badCode = await runCli(['ledger', 'population', '--unit', '3101', '--out', path.join(dir, 'x.xlsx')], env);
    expect(badCode.code).not.toBe(0);
    expect(badCode.stderr).toContain('区划代码');
  });
});
