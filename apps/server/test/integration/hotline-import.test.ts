import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHotlineCsv, buildHotlineXlsx, type HotlineSampleRow } from '../../src/modules/cases/hotline/template.js';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.skipIf(!testDbAvailable())('12345 hotline import', () => {
  let t: TestApp;
  let dispatcher: Session;
  let admin: Session;
  let xinhua: [number, number];
  let hongqiao: [number, number];
  let firstId: string;

  const post = (body: Buffer | string, type: string, session: Session | null, fileName?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/cases/hotline-imports${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`,
      payload: body,
      headers: { 'content-type': type, ...(session?.headers ?? {}) },
    });
  const counts = async () => {
    const r = await sql<{ cases: string; imports: string }>`select (select count(*) from case_record) as cases, (select count(*) from hotline_import) as imports`.execute(t.ctx.db);
    return { cases: Number(r.rows[0]!.cases), imports: Number(r.rows[0]!.imports) };
  };
  const hour = (h: number) => `2025-11-${String(20 + (h % 5)).padStart(2, '0')} ${String(8 + (h % 9)).padStart(2, '0')}:15`;
  const good = (n: number, at = xinhua): HotlineSampleRow => ({
    工单编号: `HL2025${String(n).padStart(6, '0')}`,
    受理时间: hour(n),
    诉求类型: ['投诉', '求助', '咨询', '建议', '举报'][n % 5]!,
    诉求内容: `第${n}号来电：小区楼下夜间施工噪声扰民，影响休息，请尽快处理`,
    问题地址: `番禺路 ${n} 号`,
    经度: at[0],
    纬度: at[1],
    来电人: `王${n}明`,
    联系电话: `1391234${String(n).padStart(4, '0')}`,
    分类代码: 'B0302',
    是否紧急: n % 2 ? '否' : '是',
  });

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_HOTLINE_MAX_ROWS: '50', GONGZHI_IMPORT_MAX_BYTES: String(64 * 1024) });
    [dispatcher, admin] = await Promise.all(['dispatcher.xinhua', 'district.admin'].map((u) => loginAs(t.app, u)));
    xinhua = await pointIn(t, '310105004001001');
    hongqiao = await pointIn(t, '310105009001001');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports good rows, reports every bad row in Chinese, and keeps names and phones out of the report', async () => {
    const rows: HotlineSampleRow[] = [
      good(1),
      good(2),
      { ...good(3), 工单编号: null },
      { ...good(4), 受理时间: '2025-02-30 09:00' },
      { ...good(5), 诉求类型: '吐槽' },
      { ...good(6), 联系电话: '021-1234' },
      { ...good(7), 经度: 120.1, 纬度: 30.2 },
      { ...good(8), 分类代码: 'Z9999' },
      { ...good(9, hongqiao) },
      { ...good(10), 受理时间: new Date(Date.UTC(2025, 10, 27, 14, 5)) },
      { ...good(11), 来电人: null, 联系电话: null, 分类代码: null, 是否紧急: null },
    ];
    const before = await counts();
    const res = await post(await buildHotlineXlsx(rows), xlsx, dispatcher, '11月27日工单.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    firstId = body.id;
    expect(body).toMatchObject({ fileName: '11月27日工单.xlsx', rowsTotal: 11, accepted: 4, duplicates: 0, rejected: 7, importedBy: 'dispatcher.xinhua' });
    const byRow = new Map(body.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ outcome: 'accepted', orderNo: 'HL2025000001', caseNumber: expect.stringMatching(/^\d{14}$/) });
    expect(byRow.get(4)).toMatchObject({ outcome: 'rejected', orderNo: null, message: '缺少工单编号', fields: ['工单编号'] });
    expect(byRow.get(5)).toMatchObject({ outcome: 'rejected', message: '受理时间不是有效的日期时间', fields: ['受理时间'] });
    expect(byRow.get(6)).toMatchObject({ outcome: 'rejected', message: expect.stringContaining('诉求类型“吐槽”无法识别') });
    expect(byRow.get(7)).toMatchObject({ outcome: 'rejected', message: expect.stringContaining('联系电话不是有效的手机号'), fields: ['联系电话'] });
    expect(byRow.get(8)).toMatchObject({ outcome: 'rejected', message: '问题位置不在本辖区范围内' });
    expect(byRow.get(9)).toMatchObject({ outcome: 'rejected', message: '分类代码 Z9999 不存在或已停用' });
    expect(byRow.get(10)).toMatchObject({ outcome: 'rejected', message: '问题位置不在您的辖区范围内，无权导入' });
    expect(byRow.get(11)).toMatchObject({ outcome: 'accepted' });
    expect(byRow.get(12)).toMatchObject({ outcome: 'accepted' });

    const after = await counts();
    expect(after).toEqual({ cases: before.cases + 4, imports: before.imports + 1 });

    // The cases: hotline channel, the order number as source, the clock from 受理时间 (Shanghai), the caller encrypted.
    const c = await t.ctx.db.selectFrom('case_record').selectAll().where('source_ref', '=', 'HL2025000010').executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'hotline_12345', category_code: 'B0302', contact_consent: true });
    expect(new Date(c.received_at).toISOString()).toBe('2025-11-27T06:05:00.000Z');
    expect(c.reporter_phone_enc).not.toContain('1391234');
    expect(t.ctx.cipher.decrypt(c.reporter_phone_enc!, 'case_record.reporter_phone')).toBe('13912340010');
    const plain = await t.ctx.db.selectFrom('case_record').selectAll().where('source_ref', '=', 'HL2025000011').executeTakeFirstOrThrow();
    expect(plain).toMatchObject({ reporter_phone_enc: null, reporter_name_enc: null, contact_consent: false });
    // 2025-11-21 10:15 in Shanghai
    expect(new Date(plain.received_at).toISOString()).toBe('2025-11-21T02:15:00.000Z');

    // Nothing personal in the answer, the stored report or the audit record.
    const stored = await sql<{ report: string }>`select report::text as report from hotline_import where id = ${firstId}`.execute(t.ctx.db);
    const audit = await auditRows(t, 'case.import', firstId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_name: 'dispatcher.xinhua', resource_type: 'hotline_import', unit_path: '310105.310105004', detail: { fileName: '11月27日工单.xlsx', format: 'xlsx', rowsTotal: 11, accepted: 4, duplicates: 0, rejected: 7 } });
    for (const text of [res.body, stored.rows[0]!.report, JSON.stringify(audit)]) {
      expect(text).not.toMatch(/1391234\d{4}|王\d+明|021-1234/);
    }
  });

  it('a second import of the same file takes nothing in twice: accepted rows come back as duplicates', async () => {
    const rows = [good(1), good(2), { ...good(3), 工单编号: null }, good(12)];
    const before = await counts();
    const res = await post(await buildHotlineXlsx(rows), xlsx, dispatcher);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ fileName: '12345工单.xlsx', rowsTotal: 4, accepted: 1, duplicates: 2, rejected: 1 });
    expect(body.rows[0]).toMatchObject({ outcome: 'duplicate', orderNo: 'HL2025000001', message: expect.stringMatching(/^该工单此前已导入，案件编号 \d{14}$/) });
    expect((await counts()).cases).toBe(before.cases + 1);
    // The same order twice in one file: the second is a duplicate of the first.
    const twice = await post(buildHotlineCsv([good(13), { ...good(13), 诉求内容: '同一工单的第二次记录，内容略有不同' }]), 'text/csv', dispatcher);
    expect(twice.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(twice.json().rows[1].message).toBe('与第 2 行工单编号相同，已按第 2 行处理');
  });

  it('reads CSV from Excel on Chinese Windows (GB18030, labelled application/vnd.ms-excel) with headers in any order', async () => {
    const headers = ['诉求内容', ' 工单编号 ', '纬度', '经度（WGS84）', '受理时间', '问题地址', '诉求类型', '备注'];
    const csv = buildHotlineCsv([{ ...good(20), ' 工单编号 ': good(20)['工单编号'], '经度（WGS84）': xinhua[0] }], { bom: false, headers });
    const gb = Buffer.from(new TextEncoder().encode(csv)); // UTF-8 first …
    expect((await post(gb, 'text/csv', dispatcher)).json()).toMatchObject({ accepted: 1 });
    // … then the same content in GB18030, as a different order number.
    const gbText = csv.replace('HL2025000020', 'HL2025000021');
    const gbBytes = Buffer.from(new Uint8Array([...gbText].flatMap((ch) => [...encodeGb18030(ch)])));
    const res = await post(gbBytes, 'application/vnd.ms-excel', dispatcher, 'export.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const c = await t.ctx.db.selectFrom('case_record').select(['description']).where('source_ref', '=', 'HL2025000021').executeTakeFirstOrThrow();
    expect(c.description).toContain('夜间施工噪声扰民');
  });

  it('refuses a bad file as a whole, writing nothing: not a spreadsheet, no header, missing columns, no rows, too many rows, too big', async () => {
    const before = await counts();
    const fail = async (body: Buffer | string, type: string, status: number, message: RegExp) => {
      const res = await post(body, type, dispatcher);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toMatch(message);
      return res.json().error;
    };
    await fail(Buffer.from('%PDF-1.7\n\0\0binary'), 'application/octet-stream', 422, /不是 Excel/);
    await fail(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/vnd.ms-excel', 422, /旧版 Excel/);
    await fail(Buffer.from('PK\x03\x04 this is no workbook'), xlsx, 422, /损坏/);
    await fail('甲,乙,丙\r\n1,2,3\r\n', 'text/csv', 422, /未找到表头行/);
    const missing = await fail('工单编号,受理时间,诉求内容,经度\r\nA1,2025-11-01 09:00,内容内容内容,121.4\r\n', 'text/csv', 422, /缺少必需的列：诉求类型、问题地址、纬度/);
    expect(missing).toMatchObject({ code: 'INVALID_FILE', details: { missing: ['诉求类型', '问题地址', '纬度'] } });
    await fail(await buildHotlineXlsx([]), xlsx, 422, /没有数据行/);
    await fail(buildHotlineCsv(Array.from({ length: 51 }, (_, i) => good(100 + i))), 'text/csv', 422, /最多导入 50 行/);
    await fail('x'.repeat(70 * 1024), 'text/csv', 413, /导入文件不能超过 0\.1 MB/);
    const json = await t.app.inject({ method: 'POST', url: '/api/cases/hotline-imports', payload: { rows: [] }, headers: dispatcher.headers });
    expect([json.statusCode, json.json().error.code]).toEqual([422, 'INVALID_FILE']);
    expect(await counts()).toEqual(before);
  });

  it('is for case.import holders and hotline_import tokens only; lists and reports are scoped', async () => {
    const csv = buildHotlineCsv([good(30)]);
    const grid = await loginAs(t.app, 'grid.xinhua');
    expect((await post(csv, 'text/csv', grid)).statusCode).toBe(403);
    expect((await post(csv, 'text/csv', null)).statusCode).toBe(401);
    const sys = await loginAs(t.app, 'system.admin');
    const mk = async (username: string, scopes: string[]) =>
      (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: sys.headers, payload: { name: username, username, scopes } })).json().token as string;
    const iot = await mk('iot.nohotline', ['iot']);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'text/csv' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/cases/hotline-imports', payload: csv, headers: bearer(iot) });
    expect([refused.statusCode, refused.json().error.message]).toEqual([403, expect.stringContaining('hotline_import')]);
    const feed = await mk('hotline.feed', ['hotline_import']);
    const ok = await t.app.inject({ method: 'POST', url: '/api/cases/hotline-imports', payload: buildHotlineCsv([good(31, hongqiao)]), headers: bearer(feed) });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ accepted: 1, importedBy: 'hotline.feed' });

    // The district sees every import; the Xinhua dispatcher its own subdistrict's; Hongqiao none of Xinhua's.
    const list = async (s: Session, q = '') => (await t.app.inject({ method: 'GET', url: `/api/cases/hotline-imports${q}`, headers: { cookie: s.cookie } })).json();
    const all = await list(admin);
    expect(all.items.length).toBe(6);
    expect(all.items[0].importedBy).toBe('hotline.feed');
    expect(all.items.map((i: { createdAt: string }) => i.createdAt)).toEqual([...all.items.map((i: { createdAt: string }) => i.createdAt)].sort().reverse());
    expect((await list(dispatcher)).items.map((i: { importedBy: string }) => i.importedBy)).toEqual(Array(5).fill('dispatcher.xinhua'));
    const p1 = await list(admin, '?limit=2');
    const p2 = await list(admin, `?limit=2&cursor=${p1.nextCursor}`);
    const p3 = await list(admin, `?limit=2&cursor=${p2.nextCursor}`);
    expect(p3.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items, ...p3.items].map((i: { id: string }) => i.id)).toEqual(all.items.map((i: { id: string }) => i.id));
    const badCursor = await t.app.inject({ method: 'GET', url: '/api/cases/hotline-imports?cursor=eyJhdCI6Ing7ZHJvcCIsImlkIjoieCJ9', headers: { cookie: admin.cookie } });
    expect(badCursor.statusCode).toBe(400);

    const hongqiaoDispatcher = await loginAs(t.app, 'dispatcher.hongqiao');
    expect((await list(hongqiaoDispatcher)).items).toEqual([]);
    const report = (s: Session) => t.app.inject({ method: 'GET', url: `/api/cases/hotline-imports/${firstId}`, headers: { cookie: s.cookie } });
    expect((await report(hongqiaoDispatcher)).statusCode).toBe(404);
    const mine = await report(dispatcher);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: firstId, rowsTotal: 11, rows: expect.any(Array) });
    expect(mine.json().rows).toHaveLength(11);
  });

  it('serves a template that imports as-is (its example row is refused, not taken in)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/cases/hotline-imports/template.xlsx', headers: { cookie: dispatcher.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(xlsx);
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['12345工单', '填写说明']);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(['工单编号', '受理时间', '诉求类型', '诉求内容', '问题地址', '经度', '纬度', '来电人', '联系电话', '分类代码', '是否紧急']);
    const imported = await post(res.rawPayload, xlsx, dispatcher);
    expect(imported.json()).toMatchObject({ rowsTotal: 1, rejected: 1, rows: [{ message: expect.stringContaining('示例行') }] });
    // With its example order number replaced, the example row is a valid order in 新华路街道.
    const ws = wb.worksheets[0]!;
    ws.getCell('A2').value = 'HL-TEMPLATE-1';
    const edited = await post(Buffer.from(await wb.xlsx.writeBuffer()), xlsx, dispatcher);
    expect(edited.json(), edited.body).toMatchObject({ accepted: 1 });
  });
});

/** GB18030 bytes of one character (test-only: ASCII, or a lookup through the decoder). */
function encodeGb18030(ch: string): Uint8Array {
  if (ch.charCodeAt(0) < 0x80) return new Uint8Array([ch.charCodeAt(0)]);
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      if (dec.decode(new Uint8Array([hi, lo])) === ch) return new Uint8Array([hi, lo]);
    }
  }
  throw new Error(`no two-byte GB18030 code for ${ch}`);
}
