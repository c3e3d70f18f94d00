// Every upload endpoint against bad files: content that is not what its type says, files over the
// limit, zip bombs and broken zips posing as .xlsx, CSV with an endless line. Each is refused with
// a 4xx, a code and a Chinese message, and nothing is written. The bombs are built here, in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { rowCounts } from '../support/db-state.js';
import { makePng } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';
import { buildZip, lyingXlsxBomb, xlsxBomb } from '../support/zip-bombs.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.skipIf(!testDbAvailable())('uploads: bad files are refused with a clear message', () => {
  let t: TestApp;
  let dispatcher: Session;
  let staff: Session;
  let before: Record<string, number>;

  beforeAll(async () => {
    // The smallest limits the configuration allows (64 KiB), so the bombs can be small: 20 × 64 KiB unpacked is the cap.
    t = await startTestApp({ GONGZHI_PHOTO_MAX_BYTES: String(64 * 1024), GONGZHI_IMPORT_MAX_BYTES: String(64 * 1024), GONGZHI_RESIDENT_IMPORT_MAX_BYTES: String(64 * 1024) });
    [dispatcher, staff] = await Promise.all(['dispatcher.xinhua', 'staff.xinhua'].map((u) => loginAs(t.app, u)));
    before = await rowCounts(t.ctx.db);
    // Creating and seeding a PGlite database takes ~1–2 min when the machine is busy.
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const endpoints = {
    photo: '/api/cases/photos',
    hotline: '/api/cases/hotline-imports',
    residents: '/api/residents/imports?neighborhood=310105004001',
  };
  const post = async (url: string, payload: Buffer | string, type: string, session: Session, status: number, code: string, message: RegExp) => {
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type, ...session.headers } });
    expect(res.statusCode, `${url} ${type}: ${res.body}`).toBe(status);
    const { error } = res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  };

  it('photos: the content decides, not the declared type or the file name', async () => {
    const png = await makePng();
    await post(endpoints.photo, png, 'image/jpeg', dispatcher, 422, 'INVALID_PHOTO', /与文件内容（image\/png）不符/);
    for (const [body, type] of [
      ['<html><script>alert(1)</script></html>', 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/svg+xml'],
      [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif'],
      [Buffer.from('%PDF-1.4\n'), 'image/jpeg'],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]), 'image/jpeg'],
    ] as const) {
      await post(endpoints.photo, body as Buffer | string, type, dispatcher, 422, 'INVALID_PHOTO', /JPEG|图片/);
    }
    await post(endpoints.photo, Buffer.alloc(65 * 1024, 1), 'image/jpeg', dispatcher, 413, 'PAYLOAD_TOO_LARGE', /照片不能超过 0\.1 MB/);
  });

  // Too many entries does not fit under a 64 KiB upload; unit/zip-guard.test.ts covers it.
  it('spreadsheets: zip bombs, lying headers and broken zips are refused before parsing', async () => {
    const bomb = xlsxBomb(4);
    const liar = lyingXlsxBomb(4);
    for (const [url, who] of [
      [endpoints.hotline, dispatcher],
      [endpoints.residents, staff],
    ] as const) {
      // 4 MB of sheet XML in a few kB: over 20× the upload limit once unpacked.
      await post(url, bomb, xlsxType, who, 422, 'INVALID_FILE', /解压后过大/);
      await post(url, liar, xlsxType, who, 422, 'INVALID_FILE', /解压后过大|已损坏/);
      const zip = buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]);
      await post(url, zip.subarray(0, zip.length - 8), xlsxType, who, 422, 'INVALID_FILE', /已损坏/);
      await post(url, Buffer.from('PK\x03\x04not really a zip'), 'application/octet-stream', who, 422, 'INVALID_FILE', /已损坏/);
      // Over the upload limit itself: 413 naming the limit.
      await post(url, Buffer.alloc(65 * 1024, 0x41), 'text/csv', who, 413, 'PAYLOAD_TOO_LARGE', /不能超过 0\.1 MB/);
    }
  });

  it('CSV: an endless line is refused with its line number; a binary with a .csv type is refused', async () => {
    const csv = `工单编号,受理时间\n${'长'.repeat(17 * 1024)},x\n`;
    await post(endpoints.hotline, csv, 'text/csv', dispatcher, 422, 'INVALID_FILE', /第 2 行过长/);
    await post(endpoints.residents, `姓名,身份证号\n"${'x'.repeat(40 * 1024)}\n`, 'text/csv', staff, 422, 'INVALID_FILE', /行过长/);
    await post(endpoints.hotline, Buffer.concat([Buffer.from('a,b\n'), Buffer.alloc(100, 0)]), 'text/csv', dispatcher, 422, 'INVALID_FILE', /不是 Excel/);
  });

  it('none of the refused files wrote anything', async () => {
    expect(await rowCounts(t.ctx.db)).toEqual(before);
  });
});
