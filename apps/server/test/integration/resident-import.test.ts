import ExcelJS from 'exceljs';
import { type KyselyPlugin, sql } from 'kysely';
import { importResidents } from '../../src/modules/resident-import/service.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import {
  buildingsOf,
  buildResidentCsv,
  buildResidentXlsx,
  type DemoBuilding,
  gb18030,
  goodRow,
  idNumber,
  idNumberEndingX,
  type ResidentSampleRow,
  xlsxType,
} from '../support/resident-files.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const xinhuaCode = '310105004001';
const hongqiaoCode = '310105009001';
type Report = { id: string; accepted: number; updated: number; unchanged: number; rejected: number; rows: { row: number; status: string; reasons: string[] }[] };

describe.skipIf(!testDbAvailable())('resident import (采集)', () => {
  let t: TestApp;
  let staff: Session;
  let admin: Session;
  let grid: Session;
  let b: DemoBuilding[];

  const post = (body: Buffer | string, type: string, session: Session | null, neighborhood = xinhuaCode, fileName = 'residents.xlsx') =>
    t.app.inject({
      method: 'POST',
      url: `/api/residents/imports?neighborhood=${neighborhood}&fileName=${encodeURIComponent(fileName)}`,
      payload: body,
      headers: { 'content-type': type, ...(session?.headers ?? {}) },
    });
  const counts = async () => {
    const r = await sql<Record<string, string>>`select
      (select count(*) from resident) as residents, (select count(*) from household) as households,
      (select count(*) from resident_change) as changes, (select count(*) from verification_task) as tasks,
      (select count(*) from resident_import) as imports`.execute(t.ctx.db);
    return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
  };
  const byRow = (r: Report) => new Map(r.rows.map((x) => [x.row, x]));

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_RESIDENT_IMPORT_MAX_ROWS: '500', GONGZHI_RESIDENT_IMPORT_MAX_BYTES: String(256 * 1024) });
    [staff, admin, grid] = await Promise.all(['staff.xinhua', 'district.admin', 'grid.xinhua'].map((u) => loginAs(t.app, u)));
    b = (await buildingsOf(t.ctx.db, xinhuaCode)).filter((x) => x.floors >= 3 && x.unitCount >= 2);
    expect(b.length).toBeGreaterThan(2);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the template: Chinese headers, an example row, drop-down lists and a notes sheet', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/residents/import-template.xlsx', headers: staff.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const [data, notes] = wb.worksheets;
    expect((data!.getRow(1).values as string[]).slice(1, 5)).toEqual(['序号', '姓名', '身份证号', '联系电话']);
    expect(data!.getCell('E2').dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringContaining('户主')] });
    expect(notes!.name).toBe('填写说明');
    expect(notes!.getColumn(1).values).toContain('特殊群体');
    expect((await t.app.inject({ method: 'GET', url: '/api/residents/import-template.xlsx' })).statusCode).toBe(401);
  });

  it('refuses wrong headers with 400 naming missing and unknown columns, writing nothing', async () => {
    const before = await counts();
    const headers = ['姓名', '身份证', '联系电话', '小区', '楼号', '室号', '户籍在本址', '实际居住'];
    const res = await post(await buildResidentXlsx([goodRow(1, b[0]!)], { headers }), xlsxType, staff);
    expect(res.statusCode).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe('IMPORT_HEADERS');
    expect(e.message).toContain('缺少必需的列：身份证号、与户主关系');
    expect(e.message).toContain('无法识别的列：身份证');
    expect(e.details).toMatchObject({ missing: ['身份证号', '与户主关系'], unknown: ['身份证'] });
    expect(await counts()).toEqual(before);
  });

  let first: Report;
  let rowsOfFirst: ResidentSampleRow[];
  it('imports good rows and rejects each bad one with its Chinese reason; the report holds no personal value', async () => {
    const x = idNumberEndingX('1960-05-17');
    const fullWidth = idNumber('1971-02-03', 77).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const badCheck = idNumber('1980-01-01', 5).slice(0, 17) + (idNumber('1980-01-01', 5).endsWith('0') ? '1' : '0');
    rowsOfFirst = [
      goodRow(1, b[0]!), // 2
      goodRow(2, b[0]!, { 身份证号: x.toLowerCase(), 迁入日期: new Date(Date.UTC(2024, 2, 5)) }), // 3: lowercase x, Excel date
      goodRow(3, b[0]!, { 身份证号: fullWidth, 楼号: b[0]!.building.replace('号楼', '号'), 迁入日期: '2024/3/5' }), // 4: full-width digits, "5号"
      goodRow(4, b[1]!, { 楼号: b[1]!.building.replace('号楼', ''), 迁入日期: '2024年3月5日' }), // 5: "5"
      goodRow(5, b[0]!, { 身份证号: badCheck }), // 6
      goodRow(6, b[0]!, { 联系电话: '021-6251' }), // 7
      goodRow(7, b[0]!, { 小区: '不存在花园' }), // 8
      goodRow(8, b[0]!, { 楼号: '99号楼' }), // 9
      goodRow(9, b[0]!, { 迁入日期: '2024-02-30' }), // 10
      goodRow(10, b[0]!, { 与户主关系: '邻居', 户籍在本址: '也许' }), // 11: two problems
      goodRow(11, b[0]!, { 身份证号: x }), // 12: same person as row 3
      {}, // 13: empty, skipped
      goodRow(12, b[0]!, { 特殊群体: '独居老人、外星人' }), // 14
      goodRow(13, b[0]!, { 室号: `${b[0]!.floors + 1}01` }), // 15
      goodRow(14, b[0]!, { 姓名: null }), // 16
      goodRow(15, b[0]!, { 身份证号: 310105195001011234 }), // 17: typed into a number cell
    ];
    const before = await counts();
    const res = await post(await buildResidentXlsx(rowsOfFirst), xlsxType, staff, xinhuaCode, '番禺居委会居民.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first).toMatchObject({ accepted: 4, updated: 0, unchanged: 0, rejected: 11, fileName: '番禺居委会居民.xlsx', neighborhood: { code: xinhuaCode } });
    const r = byRow(first);
    expect([2, 3, 4, 5].map((n) => r.get(n)!.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(r.get(6)!.reasons).toEqual(['身份证号校验位不正确，请核对是否录入有误']);
    expect(r.get(7)!.reasons[0]).toMatch(/^联系电话：手机号应为 11 位/);
    expect(r.get(8)!.reasons).toEqual(['小区“不存在花园”不在本居民区（请核对小区名称）']);
    expect(r.get(9)!.reasons).toEqual([`${b[0]!.compound}没有“99号楼”这栋楼`]);
    expect(r.get(10)!.reasons[0]).toMatch(/^迁入日期无法识别/);
    expect(r.get(11)!.reasons).toHaveLength(2);
    expect(r.get(11)!.reasons[0]).toMatch(/^与户主关系应为：户主、配偶/);
    expect(r.get(11)!.reasons[1]).toBe('户籍在本址应填“是”或“否”');
    expect(r.get(12)!.reasons).toEqual(['身份证号与第 3 行重复，本行未导入（同一人只保留第一行）']);
    expect(r.has(13)).toBe(false);
    expect(r.get(14)!.reasons[0]).toMatch(/^特殊群体无法识别：外星人/);
    expect(r.get(15)!.reasons[0]).toMatch(/^室号对应第 \d+ 层，超出/);
    expect(r.get(16)!.reasons).toEqual(['缺少姓名']);
    expect(r.get(17)!.reasons).toEqual(['身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新录入']);

    const after = await counts();
    expect(after.residents - before.residents).toBe(4);
    expect(after.changes - before.changes).toBe(4);
    expect(after.imports - before.imports).toBe(1);
    // Gender and birth date follow from the ID number; personal values only as ciphertext and masks.
    const stored = await t.ctx.db.selectFrom('resident').select(['id_number_mask', 'gender', 'birth_date', 'moved_in_on', 'name_enc', 'source']).orderBy('created_at').execute();
    const lowerX = stored.find((s) => s.id_number_mask === `${x.slice(0, 6)}********${x.slice(-4)}`)!;
    expect(lowerX).toMatchObject({ birth_date: '1960-05-17', moved_in_on: '2024-03-05', source: 'import', gender: Number(x[16]) % 2 ? 'male' : 'female' });
    expect(lowerX.name_enc).not.toContain('居民');
    expect(stored.filter((s) => s.moved_in_on === '2024-03-05')).toHaveLength(3);
    const report = JSON.stringify((await t.ctx.db.selectFrom('resident_import').select('report').where('id', '=', first.id).executeTakeFirstOrThrow()).report);
    for (const row of rowsOfFirst) for (const v of [row.姓名, row.身份证号, row.联系电话]) if (typeof v === 'string' && v) expect(report).not.toContain(v);
    const audit = await auditRows(t, 'resident.import', first.id);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(rowsOfFirst[0]!.身份证号 as string);
  });

  it('re-importing the same file changes nothing: accepted rows come back unchanged, no history, no tasks', async () => {
    const before = await counts();
    const res = await post(await buildResidentXlsx(rowsOfFirst), xlsxType, staff);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ accepted: 0, updated: 0, unchanged: 4, rejected: 11 });
    const after = await counts();
    expect(after).toEqual({ ...before, imports: before.imports! + 1 });
  });

  it('a changed row updates the person: history names the fields, with masked values', async () => {
    const rows = [goodRow(1, b[0]!, { 联系电话: '13612345678', 政治面貌: '共青团员', 特殊群体: '残疾' }), goodRow(4, b[1]!, { 迁入日期: '2024-03-05' })];
    const res = await post(buildResidentCsv(rows), 'text/csv', staff, xinhuaCode, 'changes.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body: Report = res.json();
    expect(body).toMatchObject({ accepted: 0, updated: 1, unchanged: 1 });
    expect(body.rows[0]).toEqual({ row: 2, status: 'updated', reasons: ['已更新：联系电话、政治面貌、特殊群体'] });
    const change = await t.ctx.db.selectFrom('resident_change').select(['kind', 'changes', 'actor_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(change).toMatchObject({ kind: 'imported', actor_id: staff.userId, changes: { fields: ['联系电话', '政治面貌', '特殊群体'], before: { phone: '139****0001' } } });
    expect(JSON.stringify(change)).not.toContain('13612345678');
  });

  it('an ID number living elsewhere is a conflict: rejected, a verification task opened once, nothing overwritten', async () => {
    const hq = (await buildingsOf(t.ctx.db, hongqiaoCode)).find((x) => x.floors >= 3)!;
    const person = goodRow(50, hq);
    const elsewhere = await post(buildResidentCsv([person]), 'text/csv', admin, hongqiaoCode, 'hongqiao.csv');
    expect(elsewhere.json()).toMatchObject({ accepted: 1 });
    const here = buildResidentCsv([goodRow(50, b[2]!), goodRow(51, b[2]!)]);
    const before = await counts();
    const res = await post(here, 'text/csv', staff);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1 });
    expect(res.json().rows[0].reasons[0]).toMatch(/^身份证号冲突：此人已作为在册居民登记在其他房屋，未覆盖原记录；已生成“信息冲突”核查任务/);
    const tasks = await t.ctx.db.selectFrom('verification_task').select(['kind', 'status', 'detail']).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'conflict', status: 'open', detail: { row: 2, nameOnRecord: '居***号' } });
    expect((await counts()).residents - before.residents).toBe(1);
    // The person still lives in 虹桥: the record was not moved.
    const again = await post(here, 'text/csv', staff);
    expect(again.json()).toMatchObject({ accepted: 0, unchanged: 1, rejected: 1 });
    expect(await t.ctx.db.selectFrom('verification_task').select('id').execute()).toHaveLength(1);
  });

  it('reads GB18030 CSV (Excel on Chinese Windows) and merged cells in .xlsx', async () => {
    const csv = buildResidentCsv([goodRow(60, b[1]!)], { bom: false });
    const res = await post(gb18030(csv), 'text/csv', staff, xinhuaCode, 'gbk.csv');
    expect(res.json(), res.body).toMatchObject({ accepted: 1, rejected: 0 });

    // 小区 and 楼号 merged down three rows, as committees lay a building out.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildResidentXlsx([61, 62, 63].map((n) => goodRow(n, b[1]!, n === 61 ? {} : { 小区: null, 楼号: null })))) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.mergeCells('F2:F4');
    ws.mergeCells('G2:G4');
    const merged = Buffer.from(await wb.xlsx.writeBuffer());
    const m = await post(merged, xlsxType, staff);
    expect(m.json(), m.body).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it('never half-imports: a failure in the middle of the run leaves nothing behind', async () => {
    // A database that fails once households and residents are written, at the history rows.
    const failing: KyselyPlugin = {
      transformQuery(args) {
        const n = args.node as { kind: string; sqlFragments?: readonly string[] };
        if (n.kind === 'RawNode' && n.sqlFragments?.join('').includes('INSERT INTO resident_change')) throw new Error('disk full');
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const before = await counts();
    const bytes = await buildResidentXlsx([70, 71, 72].map((n) => goodRow(n, b[2]!, { 室号: '301' })));
    const run = importResidents({ ...t.ctx, db: t.ctx.db.withPlugin(failing) }, { neighborhoodCode: xinhuaCode, fileName: 'fail.xlsx', bytes, actorId: staff.userId });
    await expect(run).rejects.toThrow('disk full');
    expect(await counts()).toEqual(before);
    // The same file goes in whole afterwards.
    const ok = await post(bytes, xlsxType, staff);
    expect(ok.json()).toMatchObject({ accepted: 3 });
    expect((await counts()).residents).toBe(before.residents! + 3);
  });

  it('limits: too large a file or too many rows answer 413; no file 422; scope and role', async () => {
    const big = Buffer.alloc(300 * 1024, 0x41);
    expect((await post(big, 'text/csv', staff)).statusCode).toBe(413);
    const many = buildResidentCsv(Array.from({ length: 501 }, (_, i) => goodRow(1000 + i, b[0]!)));
    const r = await post(many, 'text/csv', staff);
    expect(r.statusCode).toBe(413);
    expect(r.json().error.message).toBe('一次最多导入 500 行居民信息，请拆分文件后分批导入');
    expect((await post(Buffer.from('%PDF-1.4\0'), 'application/octet-stream', staff)).statusCode).toBe(422);
    // Another neighborhood is out of 番禺's scope: it reads as not found; a grid worker may not import.
    expect((await post(buildResidentCsv([goodRow(80, b[0]!)]), 'text/csv', staff, hongqiaoCode)).statusCode).toBe(404);
    expect((await post(buildResidentCsv([goodRow(80, b[0]!)]), 'text/csv', grid)).statusCode).toBe(403);
    expect((await post(buildResidentCsv([goodRow(80, b[0]!)]), 'text/csv', staff, '310105004999')).json().error.code).toBe('UNIT_NOT_FOUND');
  });

  it('lists the history in scope and shows a report again', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/residents/imports?limit=2&neighborhood=${xinhuaCode}`, headers: staff.headers });
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeTruthy();
    expect(page.items[0]).toMatchObject({ neighborhood: { code: xinhuaCode }, importedBy: 'staff.xinhua' });
    const next = await t.app.inject({ method: 'GET', url: `/api/residents/imports?limit=50&cursor=${page.nextCursor}`, headers: staff.headers });
    const all = [...page.items, ...next.json().items];
    expect(all.some((i: { neighborhood: { code: string } }) => i.neighborhood.code === hongqiaoCode)).toBe(false);
    const one = await t.app.inject({ method: 'GET', url: `/api/residents/imports/${first.id}`, headers: staff.headers });
    expect(one.json()).toMatchObject({ id: first.id, accepted: 4, rejected: 11, rows: first.rows });
    const file = await t.app.inject({ method: 'GET', url: `/api/residents/imports/${first.id}/report.xlsx`, headers: staff.headers });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(2).values as string[]).slice(1)).toEqual(['行号', '结果', '原因']);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([2, '新增', '']);
    expect((ws.getRow(7).values as unknown[]).slice(1)).toEqual([6, '未导入', '身份证号校验位不正确，请核对是否录入有误']);
    const hq = (await t.app.inject({ method: 'GET', url: '/api/residents/imports', headers: admin.headers })).json().items.find((i: { neighborhood: { code: string } }) => i.neighborhood.code === hongqiaoCode);
    expect((await t.app.inject({ method: 'GET', url: `/api/residents/imports/${hq.id}`, headers: staff.headers })).statusCode).toBe(404);
  });
});
