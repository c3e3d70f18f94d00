import type { LedgerResult, LedgerRow } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { auditRows } from '../support/accounts.js';
import { type FixtureUnits, fixtureHouseholds, NB_A, SUB_XINHUA, writeLedgerFixture } from '../support/ledger-fixture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();

describe.skipIf(!testDbAvailable())(`ledgers (${kind})`, () => {
  let t: TestApp;
  let fx: FixtureUnits;
  let staff: Session;
  let dispatcher: Session;
  let otherDispatcher: Session;
  let admin: Session;
  let grid: Session;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await writeLedgerFixture(t.ctx.db, t.ctx.cipher);
    staff = await loginAs(t.app, 'staff.xinhua');
    dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
    otherDispatcher = await loginAs(t.app, 'dispatcher.hongqiao');
    admin = await loginAs(t.app, 'district.admin');
    grid = await loginAs(t.app, 'grid.xinhua');
  });
  afterAll(async () => t?.close());

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const ledger = async (s: Session, id: string, unit: string, extra = '') => {
    const res = await get(s, `/api/ledgers/${id}?unit=${unit}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as LedgerResult;
  };
  const row = (l: LedgerResult, name: string): LedgerRow['cells'] => {
    const r = l.main.rows.find((x) => x.cells.name === name);
    if (!r) throw new Error(`no row ${name} in ${l.main.rows.map((x) => x.cells.name).join(',')}`);
    return r.cells;
  };
  /** Every count column of the 合计 row is the sum of the rows. */
  const expectTotalsAreSums = (l: LedgerResult) => {
    for (const c of l.main.columns.filter((c) => c.kind === 'count')) {
      const sum = l.main.rows.reduce((s, r) => s + Number(r.cells[c.key] ?? 0), 0);
      expect(Number(l.main.totals![c.key]), c.header).toBeCloseTo(sum, 5);
    }
    expect(l.main.totals!.name).toBe('合计');
  };

  it('lists the eight ledgers with Chinese and English names', async () => {
    const res = await get(staff, '/api/ledgers');
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { id: string; name: string; nameEn: string }[] }).items;
    expect(items.map((i) => i.name)).toEqual([
      '实有人口统计表', '户籍与常住对照表', '老年人口（60+/80+/独居）台账', '特殊群体台账', '小区基本情况表', '楼栋加装电梯情况表', '群租整治台账', '居民区基本情况汇总表',
    ]);
    expect(items.every((i) => i.nameEn.length > 0)).toBe(true);
    expect((await get(grid, '/api/ledgers')).statusCode).toBe(403);
  });

  it('实有人口统计表 of 居委 A: one row per compound, hand-counted figures, totals', async () => {
    const l = await ledger(staff, 'population', NB_A);
    const [a1, a2] = fx.compounds.A;
    expect(l.unit.code).toBe(NB_A);
    expect(l.main.columns[0]!.header).toBe('小区');
    expect(l.main.rows.every((r) => r.unit === null)).toBe(true);
    expect(row(l, a1!.name)).toMatchObject({ households: 4, residents: 7, male: 3, female: 4, age0: 1, age18: 2, age60: 2, age80: 2, hukou: 3, lives: 5 });
    expect(row(l, a2!.name)).toMatchObject({ households: 1, residents: 3, male: 2, female: 1, age0: 1, age18: 1, age60: 1, age80: 0, hukou: 3, lives: 3 });
    // The moved-out and the deceased are not counted.
    expect(l.main.totals).toMatchObject({ households: 5, residents: 10, male: 5, female: 5, age0: 2, age18: 3, age60: 3, age80: 2, hukou: 6, lives: 8 });
    expectTotalsAreSums(l);
    expect(l.ancestors.map((a) => a.code)).toEqual([]); // staff may open nothing above their 居委
  });

  it('户籍与常住对照表 and 老年人口台账: figures, rate from the sums, masked lists of persons', async () => {
    const h = await ledger(staff, 'hukou-residence', NB_A);
    expect(h.main.totals).toMatchObject({ residents: 10, hukou: 6, lives: 8, both: 4, hukouOnly: 2, livesOnly: 4, bothRate: 40 });
    expectTotalsAreSums(h);

    const e = await ledger(staff, 'elderly', NB_A);
    expect(e.main.totals).toMatchObject({ residents: 10, elderly60: 5, elderlyRate: 50, age60: 3, age80: 2, alone: 2 });
    expectTotalsAreSums(e);
    const over80 = e.lists.find((x) => x.key === 'persons80')!;
    const alone = e.lists.find((x) => x.key === 'personsAlone')!;
    expect(over80.rows.map((r) => r.cells.age).sort()).toEqual([81, 85]);
    expect(alone.rows.map((r) => r.cells.age).sort()).toEqual([70, 79]);
    // Masked: the surname and a star, the ID number with its middle hidden; never the plain value.
    for (const r of [...over80.rows, ...alone.rows]) {
      expect(String(r.cells.name)).toMatch(/\*/);
      expect(String(r.cells.idNumber)).toMatch(/^\d{3,6}\*+[\dX]{2,4}$/);
      expect(typeof r.cells.building).toBe('string');
    }
    expect(JSON.stringify(e)).not.toContain('张老伯');
    expect(e.plain).toBe(false);
  });

  it('特殊群体台账 counts per tag through the tag tokens, lists tags without decrypting', async () => {
    const l = await ledger(staff, 'special-groups', NB_A);
    expect(l.main.totals).toMatchObject({
      special: 6, very_old: 2, disabled: 1, living_alone_elderly: 2, left_behind_child: 1, low_income: 1, key_attention: 1, veteran: 0, serious_illness: 0,
    });
    expect(l.main.columns.find((c) => c.key === 'disabled')!.header).toBe('残疾');
    expectTotalsAreSums(l);
    const list = l.lists.find((x) => x.key === 'personsSpecial')!;
    expect(list.rows).toHaveLength(6);
    expect(list.rows.map((r) => r.cells.tags).sort()).toContain('高龄、残疾');
  });

  it('群租整治台账, 小区基本情况表 and 楼栋加装电梯情况表 at 居委 level', async () => {
    const g = await ledger(staff, 'group-rentals', NB_A);
    expect(g.main.totals).toMatchObject({ total: 3, found: 1, rectifying: 1, rectified: 1, rectifiedRate: 33.3 });
    const list = g.lists.find((x) => x.key === 'groupRentals')!;
    expect(list.rows.map((r) => [r.cells.status, r.cells.foundOn, r.cells.rectifiedOn])).toEqual([
      ['已发现', '2025-03-01', null],
      ['已整治', '2024-05-01', '2024-09-01'],
      ['整治中', '2025-06-01', null],
    ]);

    const c = await ledger(staff, 'compounds', NB_A);
    const [a1, a2] = fx.compounds.A;
    expect(row(c, a1!.name)).toMatchObject({ committee: '有', households: 4, residents: 7, buildings: a1!.buildingIds.length });
    expect(row(c, a2!.name)).toMatchObject({ committee: '无', households: 1, residents: 3 });
    expect(typeof row(c, a1!.name).type).toBe('string');

    const e = await ledger(staff, 'elevators', NB_A);
    const n = a1!.buildingIds.length;
    expect(row(e, a1!.name)).toMatchObject({ buildings: n, tall: n, tallNoLift: n, done: 1, intent: n > 1 ? 1 : 0, approved: 0 });
    expectTotalsAreSums(e);
    expect(e.lists.find((x) => x.key === 'elevatorBuildings')!.rows.filter((r) => r.cells.compound === a1!.name)).toHaveLength(n);
  });

  it('rolls up to the 街镇 and the district: rows are children with drill-down codes, totals are sums', async () => {
    const s = await ledger(dispatcher, 'population', SUB_XINHUA);
    expect(s.main.columns[0]!.header).toBe('居民区');
    const a = s.main.rows.find((r) => r.unit?.code === NB_A)!;
    const b = s.main.rows.find((r) => r.unit?.code === fx.nb.B.code)!;
    expect(a.cells).toMatchObject({ residents: 10, households: 5 });
    expect(b.cells).toMatchObject({ residents: 2, households: 1, age0: 1, age60: 1 });
    expect(s.main.rows.every((r) => r.unit?.level === 'neighborhood')).toBe(true);
    expect(s.main.totals).toMatchObject({ residents: 12, households: 6 });
    expectTotalsAreSums(s);

    const d = await ledger(admin, 'special-groups', '310105');
    expect(d.main.columns[0]!.header).toBe('街镇');
    expect(d.main.rows).toHaveLength(10);
    expect(d.main.rows.find((r) => r.unit?.code === SUB_XINHUA)!.cells).toMatchObject({ special: 7, veteran: 1 });
    expect(d.main.rows.find((r) => r.unit?.code === fx.nb.C.parentCode)!.cells).toMatchObject({ special: 1, serious_illness: 1 });
    expect(d.main.totals).toMatchObject({ special: 8 });
    expectTotalsAreSums(d);

    const sum = await ledger(admin, 'neighborhood-summary', SUB_XINHUA);
    expect(sum.main.rows.find((r) => r.unit?.code === NB_A)!.cells).toMatchObject({ residents: 10, party: 2, elderly60: 5, special: 6, neighborhoods: 1 });
    expectTotalsAreSums(sum);
    const own = await ledger(staff, 'neighborhood-summary', NB_A);
    expect(own.main.rows).toHaveLength(1);
    expect(own.main.rows[0]!.cells).toMatchObject({ residents: 10, households: 5, compounds: expect.any(Number) });
    expect((await ledger(dispatcher, 'elderly', NB_A)).ancestors.map((x) => x.code)).toEqual([SUB_XINHUA]);
  });

  it('answers 404 outside the caller’s scope, 403 without ledger.read, 400 for bad input', async () => {
    expect((await get(otherDispatcher, `/api/ledgers/population?unit=${NB_A}`)).statusCode).toBe(404);
    expect((await get(staff, `/api/ledgers/population?unit=${SUB_XINHUA}`)).statusCode).toBe(404);
    expect((await get(staff, `/api/ledgers/population.xlsx?unit=310105`)).statusCode).toBe(404);
    expect((await get(admin, `/api/ledgers/population?unit=310105999999`)).statusCode).toBe(404);
    expect((await get(grid, `/api/ledgers/population?unit=${NB_A}`)).statusCode).toBe(403);
    const bad = await get(staff, `/api/ledgers/nonsense?unit=${NB_A}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await get(staff, `/api/ledgers/population?unit=31010500400100`)).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/ledgers/population?unit=${NB_A}` })).statusCode).toBe(401);
  });

  it('plain values need a reason and the reveal permission, and write one audit record', async () => {
    const noReason = await get(staff, `/api/ledgers/elderly?unit=${NB_A}&plain=true`);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('REASON_REQUIRED');
    expect((await get(grid, `/api/ledgers/elderly?unit=${NB_A}&plain=true&reason=x`)).statusCode).toBe(403);
    const before = (await auditRows(t, 'personal_data.reveal', 'elderly')).length;
    const l = await ledger(staff, 'elderly', NB_A, `&plain=true&reason=${encodeURIComponent('高温天气上门走访')}`);
    expect(l.plain).toBe(true);
    const names = l.lists.flatMap((x) => x.rows.map((r) => r.cells.name));
    expect(names).toEqual(expect.arrayContaining(['张老伯', '李阿婆', '王阿姨', '陈老汉']));
    expect(l.lists[0]!.rows.every((r) => /^\d{17}[\dX]$/.test(String(r.cells.idNumber)))).toBe(true);
    const audits = await auditRows(t, 'personal_data.reveal', 'elderly');
    expect(audits.length).toBe(before + 1);
    const last = audits.at(-1)!;
    expect(last.outcome).toBe('success');
    expect(last.detail).toMatchObject({ ledger: 'elderly', unit: NB_A, persons: 4, reason: '高温天气上门走访', plain: true });
    expect(last.actor_name).toBe('staff.xinhua');
  });

  it('exports Excel with a title row, Chinese headers frozen, the 合计 row and list sheets; audited', async () => {
    const res = await get(staff, `/api/ledgers/elderly.xlsx?unit=${NB_A}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('老年人口');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell(1, 1).value)).toMatch(/老年人口（60\+\/80\+\/独居）台账$/);
    expect(String(sheet.getCell(2, 1).value)).toMatch(/统计日期：\d{4}-\d{2}-\d{2}.*个人信息已脱敏/);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['小区', '在册人口', '60 岁及以上', '老龄化率（%）', '60–79 岁', '80 岁及以上', '独居老人']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(2).value).toBe(10);
    expect(last.getCell(3).value).toBe(5);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(8);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['80 岁及以上老人名单', '独居老人名单', '说明']));
    const list = wb.getWorksheet('80 岁及以上老人名单')!;
    expect((list.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['序号', '姓名（脱敏）', '身份证号（脱敏）']);
    const text = wb.worksheets.flatMap((s) => s.getSheetValues().flat().map(String)).join(' ');
    expect(text).not.toContain('张老伯');
    const audit = (await auditRows(t, 'ledger.export', 'elderly')).at(-1)!;
    expect(audit.detail).toMatchObject({ unit: NB_A, format: 'xlsx', persons: 4 });
  });

  it('de-identified export: no identifiers, every quasi-identifier combination covers ≥ k people, notes and audit', async () => {
    expect((await get(staff, `/api/residents/deidentified.xlsx?unit=${NB_A}&k=2`)).statusCode).toBe(403);
    expect((await get(admin, `/api/residents/deidentified.xlsx?unit=${NB_A}&k=1`)).statusCode).toBe(400);
    const total = fixtureHouseholds.flatMap((h) => h.people).filter((p) => (p.status ?? 'active') === 'active').length;
    for (const k of [2, 5]) {
      const res = await get(admin, `/api/residents/deidentified.xlsx?unit=310105&k=${k}`);
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const data = wb.getWorksheet('去标识化数据')!;
      expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(['出生年份段', '性别', '居民区', '小区', '户籍在本址', '实际居住', '政治面貌', '住房状况', '特殊群体标签数']);
      const rows = data.getSheetValues().slice(2).filter(Boolean) as unknown[][];
      const classes = new Map<string, number>();
      for (const r of rows) classes.set(`${r[1]}|${r[2]}|${r[3]}|${r[4]}`, (classes.get(`${r[1]}|${r[2]}|${r[3]}|${r[4]}`) ?? 0) + 1);
      for (const [key, n] of classes) expect(n, key).toBeGreaterThanOrEqual(k);
      const notes = new Map((wb.getWorksheet('说明')!.getSheetValues().slice(1).filter(Boolean) as unknown[][]).map((r) => [String(r[1]), r[2]]));
      expect(notes.get('要求的 k')).toBe(k);
      const suppressed = Number(notes.get('抑制人数（未发布的行数）'));
      expect(rows.length + suppressed).toBe(total);
      expect(Number(res.headers['x-suppressed'])).toBe(suppressed);
      if (k === 2) expect(rows.length).toBeGreaterThan(0); // something is released, so the check above is not vacuous
      if (rows.length > 0) expect(Number(notes.get('实际达到的 k'))).toBeGreaterThanOrEqual(k);
      expect(String(notes.get('采用的泛化方式'))).toContain('出生年份');
      const text = JSON.stringify(wb.worksheets.map((s) => s.getSheetValues()));
      for (const p of fixtureHouseholds.flatMap((h) => h.people)) expect(text).not.toContain(p.name);
      expect(text).not.toMatch(/\d{17}[\dX]|1390000\d{4}|L\d0\d/);
      const audit = (await auditRows(t, 'data.deidentified_export')).at(-1)!;
      expect(audit.detail).toMatchObject({ unit: '310105', k, suppressed, released: rows.length });
    }
  });
});
