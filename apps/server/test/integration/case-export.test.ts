import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const CAP = 3;

// GET /api/cases/export.xlsx: the list's filters and scope, masked reporter contact, a row cap,
// and an audit record; plus the list filters the dispatcher workbench relies on.
describe.skipIf(!testDbAvailable())('case export and workbench list filters', () => {
  let t: TestApp;
  let xinhua: Session;
  let hongqiao: Session;
  let handler: Session;
  let auditor: Session;
  let resident: Session;
  let cgzf: string;
  const mine: string[] = [];
  let theirs: string;

  const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const workbook = async (payload: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(payload as unknown as ExcelJS.Buffer);
    return wb;
  };
  /** The case numbers in the sheet (column 1 below the header, up to the first empty row). */
  const numbersIn = (wb: ExcelJS.Workbook) => {
    const sheet = wb.getWorksheet('案件')!;
    const out: string[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const v = sheet.getRow(r).getCell(1).value;
      if (typeof v === 'string' && /^\d{14}$/.test(v)) out.push(v);
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_CASE_EXPORT_MAX_ROWS: String(CAP), GONGZHI_AUTO_DISPATCH: '0' });
    [xinhua, hongqiao, handler, auditor, resident] = await Promise.all(
      ['dispatcher.xinhua', 'dispatcher.hongqiao', 'handler.chengguan', 'audit.admin', 'resident.demo'].map((u) => loginAs(t.app, u)),
    );
    cgzf = await departmentId(t, '310105-CGZF');
    const [px, ph] = [await pointIn(t, '310105004001001'), await pointIn(t, '310105009001001')];
    const cases = [
      { categoryCode: 'B0102', description: '小区门口墙上乱张贴小广告，影响市容' },
      { categoryCode: 'B0102', description: '公交站台被人涂写，很难看请清理' },
      { categoryCode: 'B0401', description: '楼上装修噪声很大，晚上十点还在施工' },
      { categoryCode: 'A0102', description: '弄堂里路灯坏了好几天，晚上很黑' },
    ];
    for (const [i, c] of cases.entries()) {
      const r = await createCase(t.app, xinhua, { channel: 'hotline_12345', ...c, location: px, reporter: { name: `王${'小大'[i % 2]}明`, phone: `1391234567${i}`, contactConsent: true } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      mine.push(r.body.case.number);
    }
    const h = await createCase(t.app, hongqiao, { channel: 'hotline_12345', categoryCode: 'B0102', description: '虹桥路边电线杆上贴满小广告', location: ph });
    expect(h.status).toBe(201);
    theirs = h.body.case.number;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports the caller’s list as xlsx, capped, with masked contact, and audits the export', async () => {
    const res = await get('/api/cases/export.xlsx?sort=received_asc', xinhua);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{8}-\d{4}\.xlsx"/);
    expect(res.headers['x-export-capped']).toBe('1');
    const wb = await workbook(res.rawPayload);
    const sheet = wb.getWorksheet('案件')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['案件编号', '受理时间', '来源渠道', '类型', '大类', '小类', '状态']);
    // The cap keeps the first rows in the list's order; the file says it was cut.
    expect(numbersIn(wb)).toEqual(mine.slice(0, CAP));
    const texts = sheet.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
    expect(texts.some((v) => v.includes(`仅导出了前 ${CAP} 条`))).toBe(true);
    expect(texts).not.toContain(theirs);
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const phone = header.indexOf('联系电话（脱敏）') + 1;
    const name = header.indexOf('反映人（脱敏）') + 1;
    expect(sheet.getRow(2).getCell(phone).value).toBe('139****5670');
    expect(sheet.getRow(2).getCell(name).value).toBe('王*明');
    expect(texts.some((v) => /1391234567\d/.test(v))).toBe(false);
    expect(sheet.getRow(2).getCell(header.indexOf('小类') + 1).value).toBe('乱张贴乱涂写');
    expect(wb.getWorksheet('导出说明')!.getRow(1).values).toContain('dispatcher.xinhua');

    const audit = await get('/api/audit?action=case.export', auditor);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items[0]).toMatchObject({
      actor: { username: 'dispatcher.xinhua', role: 'subdistrict_dispatcher' },
      outcome: 'success',
      detail: { rows: CAP, capped: true, format: 'xlsx', filters: { sort: 'received_asc' } },
    });
  });

  it('applies the list filters and the scope', async () => {
    const byCategory = await get('/api/cases/export.xlsx?category=B0102&sort=received_asc', xinhua);
    expect(byCategory.statusCode).toBe(200);
    expect(byCategory.headers['x-export-capped']).toBe('0');
    expect(numbersIn(await workbook(byCategory.rawPayload))).toEqual(mine.slice(0, 2));
    const byWord = await get(`/api/cases/export.xlsx?q=${encodeURIComponent('路灯')}`, xinhua);
    expect(numbersIn(await workbook(byWord.rawPayload))).toEqual([mine[3]]);
    const other = await get('/api/cases/export.xlsx?category=B0102', hongqiao);
    expect(numbersIn(await workbook(other.rawPayload))).toEqual([theirs]);
  });

  it('refuses residents and bad filters', async () => {
    expect((await get('/api/cases/export.xlsx', resident)).statusCode).toBe(403);
    const bad = await get('/api/cases/export.xlsx?status=nonsense', xinhua);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ method: 'GET', url: '/api/cases/export.xlsx' })).statusCode).toBe(401);
  });

  it('lists cases awaiting an extension decision, with the days asked for on the timeline, and flags duplicates in summaries', async () => {
    const list = async (s: Session, qs: string) => (await get(`/api/cases?${qs}`, s)).json() as { items: { id: string; number: string; duplicateOfId: string | null }[] };
    const c = (await list(xinhua, 'q=' + encodeURIComponent('路灯'))).items[0]!;
    expect((await act(t.app, xinhua, c.id, 'dispatch', { leadDepartmentId: cgzf })).status).toBe(200);
    expect((await act(t.app, handler, c.id, 'sign')).status).toBe(200);
    expect((await act(t.app, handler, c.id, 'request_extension', { reason: '需采购灯具', extensionWorkingDays: 3 })).status).toBe(200);
    expect((await list(xinhua, 'extensionRequested=true')).items.map((i) => i.id)).toEqual([c.id]);
    expect((await list(xinhua, 'extensionRequested=false')).items.map((i) => i.id)).not.toContain(c.id);
    const events = (await get(`/api/cases/${c.id}/events`, xinhua)).json().items as { action: string; data: Record<string, unknown> }[];
    expect(events.find((e) => e.action === 'request_extension')!.data).toMatchObject({ extensionWorkingDays: 3, reason: '需采购灯具' });

    const px = await pointIn(t, '310105004001001');
    const dup = await createCase(t.app, xinhua, { channel: 'hotline_12345', categoryCode: 'A0102', description: '弄堂里路灯坏了好几天，晚上很黑', location: px });
    expect(dup.body.case.duplicateOf?.id).toBe(c.id);
    const summary = (await list(xinhua, 'status=received')).items.find((i) => i.id === dup.body.case.id)!;
    expect(summary.duplicateOfId).toBe(c.id);
  });
});
