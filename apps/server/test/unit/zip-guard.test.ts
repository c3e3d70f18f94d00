import { describe, expect, it } from 'vitest';
import { defaultZipLimits, inspectZip } from '../../src/lib/zip-guard.js';
import { checkXlsxZip } from '../../src/modules/cases/hotline/read-file.js';
import { buildHotlineXlsx } from '../../src/modules/cases/hotline/template.js';
import { buildZip, lyingXlsxBomb, manyEntriesZip, xlsxBomb } from '../support/zip-bombs.js';

const limits = defaultZipLimits(20 * 1024 * 1024);

describe('zip guard (spreadsheets are checked before they are unpacked)', () => {
  it('lets a real workbook through', async () => {
    const buf = await buildHotlineXlsx([], { instructions: true });
    expect(await inspectZip(buf, limits)).toBeNull();
    await expect(checkXlsxZip(buf, limits.maxInflatedBytes)).resolves.toBeUndefined();
  });

  it('refuses a zip bomb by its compression ratio, before inflating it', async () => {
    const bomb = xlsxBomb(30);
    expect(bomb.length).toBeLessThan(200 * 1024);
    // Under the size limit but 1000:1: refused for the ratio.
    expect(await inspectZip(bomb, { ...limits, maxInflatedBytes: 100 * 1024 * 1024 })).toMatchObject({ kind: 'ratio', entry: 'xl/worksheets/sheet1.xml' });
    // Over the size limit: refused for the declared size.
    expect(await inspectZip(bomb, limits)).toMatchObject({ kind: 'too-large' });
    await expect(checkXlsxZip(bomb, limits.maxInflatedBytes)).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('解压后过大') });
  });

  it('refuses a zip whose headers understate the unpacked size (caught while inflating)', async () => {
    const liar = lyingXlsxBomb(8);
    expect(await inspectZip(liar, { ...limits, maxRatio: 1e9 })).not.toBeNull();
    await expect(checkXlsxZip(liar, limits.maxInflatedBytes)).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });

  it('refuses too many entries, and corrupt or truncated zips', async () => {
    expect(await inspectZip(manyEntriesZip(1500), limits)).toMatchObject({ kind: 'too-many-entries', entries: 1500 });
    await expect(checkXlsxZip(manyEntriesZip(1500), limits.maxInflatedBytes)).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('条目') });
    const good = buildZip([{ name: 'a.xml', data: Buffer.from('<a/>') }]);
    for (const bad of [Buffer.from('PK\x03\x04garbage'), good.subarray(0, good.length - 5), Buffer.concat([good.subarray(0, 20), Buffer.alloc(10), good.subarray(30)])]) {
      expect(await inspectZip(bad, limits)).toEqual({ kind: 'corrupt' });
    }
    await expect(checkXlsxZip(Buffer.from('PK\x03\x04garbage'), 1e6)).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('已损坏') });
  });
});
