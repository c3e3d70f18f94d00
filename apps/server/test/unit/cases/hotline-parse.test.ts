import { describe, expect, it } from 'vitest';
import { looksLikeHeader, mapHeader, normalizeHeader } from '../../../src/modules/cases/hotline/columns.js';
import { decodeText, detectKind, readCsv, readXlsx, zipUncompressedSize } from '../../../src/modules/cases/hotline/read-file.js';
import { checkRow, columnHeaderOf, type RowChecks } from '../../../src/modules/cases/hotline/rows.js';
import { buildHotlineCsv, buildHotlineXlsx, type HotlineSampleRow } from '../../../src/modules/cases/hotline/template.js';
import { parseReceivedAt } from '../../../src/modules/cases/hotline/time.js';

const now = new Date('2025-11-28T06:00:00Z'); // 14:00 in Shanghai

describe('12345 import: headers', () => {
  it('matches headers ignoring spaces, full-width forms, * marks, notes and order', () => {
    expect(normalizeHeader(' 工单 编号* ')).toBe('工单编号');
    expect(normalizeHeader('经度（WGS84）')).toBe('经度');
    expect(normalizeHeader('\ufeff受理时间')).toBe('受理时间');
    const r = mapHeader(['序号', '纬度', '经度(WGS84)', '问题地址', '诉求内容', '诉求类型', '受理 时间', '工单编号*', '联系电话', '其他']);
    expect(r).toEqual({ ok: true, columns: { lat: 1, lng: 2, address: 3, content: 4, type: 5, receivedAt: 6, orderNo: 7, phone: 8 } });
    expect(mapHeader(['工单号', '来电时间', '类型', '内容', '地址', '经度', '纬度']).ok).toBe(true);
  });

  it('names the missing and repeated columns', () => {
    const r = mapHeader(['工单编号', '工单号', '受理时间', '诉求内容']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing).toEqual(['诉求类型', '问题地址', '经度', '纬度']);
    expect(r.repeated).toEqual(['工单编号']);
    expect(r.message).toContain('缺少必需的列：诉求类型、问题地址、经度、纬度');
    expect(looksLikeHeader(['a', 'b', 'c'])).toBe(false);
    expect(looksLikeHeader(['工单编号', '经度', '纬度'])).toBe(true);
  });
});

describe('12345 import: 受理时间', () => {
  const ok = (v: Parameters<typeof parseReceivedAt>[0]) => {
    const r = parseReceivedAt(v, now);
    if (!r.ok) throw new Error(r.reason);
    return r.iso;
  };
  it('reads Shanghai wall-clock text, offsets, xlsx dates and Excel serials', () => {
    expect(ok('2025-11-28 09:30')).toBe('2025-11-28T09:30:00+08:00');
    expect(ok('2025/11/28 9:05:07')).toBe('2025-11-28T09:05:07+08:00');
    expect(ok('2025年11月28日 9时30分')).toBe('2025-11-28T09:30:00+08:00');
    expect(ok('２０２５－１１－２８　０９：３０')).toBe('2025-11-28T09:30:00+08:00');
    expect(ok('2025-11-28T01:30:00Z')).toBe('2025-11-28T09:30:00+08:00');
    expect(ok('2025-11-28T09:30:00+08:00')).toBe('2025-11-28T09:30:00+08:00');
    expect(ok(new Date(Date.UTC(2025, 10, 28, 9, 30)))).toBe('2025-11-28T09:30:00+08:00');
    expect(ok(45989.396)).toBe('2025-11-28T09:30:14+08:00');

  });
  it('refuses impossible dates, missing times, the future and garbage', () => {
    const reason = (v: Parameters<typeof parseReceivedAt>[0]) => {
      const r = parseReceivedAt(v, now);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('2025-02-30 09:00')).toContain('不是有效');
    expect(reason('2025-11-28 25:00')).toContain('不是有效');
    expect(reason('2025-11-28')).toContain('缺少时分');
    expect(reason(45989)).toContain('缺少时分');
    expect(reason('2025-11-28 14:30')).toContain('晚于当前时间');
    expect(reason('昨天下午')).toContain('无法识别');
    expect(reason(true)).toContain('不是有效');
    expect(reason('1999-01-01 08:00')).toContain('2000');
  });
});

const header = ['工单编号', '受理时间', '诉求类型', '诉求内容', '问题地址', '经度', '纬度', '来电人', '联系电话', '分类代码', '是否紧急'];
const columns = (mapHeader(header) as { ok: true; columns: Record<string, number> }).columns;
const inside = (lng: number, lat: number) => lng > 121.3 && lng < 121.5 && lat > 31.1 && lat < 31.3;
const checks: RowChecks = {
  now,
  locate: (lng, lat) => (inside(lng, lat) ? (lng < 121.4 ? '310105.310105009.x.y' : '310105.310105004.x.y') : null),
  mayImportAt: (path) => path.startsWith('310105.310105004'),
  categories: new Set(['A0101', 'B0401']),
};
const row = (values: Partial<Record<string, string | number | Date | null>>, n = 2) => ({
  number: n,
  cells: header.map((h) => (h in values ? (values[h] ?? null) : null)),
});
const good = { 工单编号: 'GD-001', 受理时间: '2025-11-28 09:30', 诉求类型: '投诉', 诉求内容: '楼下夜间施工噪声很大', 问题地址: '新华路 1 号', 经度: '121.42', 纬度: '31.21', 来电人: '张三', 联系电话: '138 0000 1111', 分类代码: 'b0401', 是否紧急: '否' };

describe('12345 import: one row', () => {
  it('turns a good row into a hotline case, with the caller as reporter', () => {
    const r = checkRow(row(good), columns, checks);
    expect(r).toMatchObject({
      ok: true,
      row: 2,
      orderNo: 'GD-001',
      input: {
        channel: 'hotline_12345',
        type: 'complaint',
        categoryCode: 'B0401',
        description: '楼下夜间施工噪声很大',
        location: [121.42, 31.21],
        address: '新华路 1 号',
        urgent: false,
        reporter: { name: '张三', phone: '13800001111', contactConsent: true },
        receivedAt: '2025-11-28T09:30:00+08:00',
        sourceRef: 'GD-001',
        photoIds: [],
      },
    });
  });

  it('reports every problem of a row in Chinese, naming the columns, never the name or phone', () => {
    const r = checkRow(row({ ...good, 工单编号: null, 受理时间: '2025-13-01 09:00', 诉求类型: '吐槽', 诉求内容: '吵', 联系电话: '12345', 分类代码: 'Z9999', 是否紧急: '也许', 来电人: '李四' }), columns, checks);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['工单编号', '受理时间', '诉求类型', '诉求内容', '联系电话', '分类代码', '是否紧急']);
    expect(r.problems.map((p) => p.message)).toEqual([
      '缺少工单编号',
      '受理时间不是有效的日期时间',
      expect.stringContaining('诉求类型“吐槽”无法识别'),
      '诉求内容至少 5 个字',
      expect.stringContaining('联系电话不是有效的手机号'),
      '分类代码 Z9999 不存在或已停用',
      '是否紧急应填“是”或“否”',
    ]);
    expect(JSON.stringify(r)).not.toMatch(/李四|12345/);
  });

  it('tells outside the district, swapped coordinates and outside the importer’s scope apart', () => {
    const msg = (v: object) => {
      const r = checkRow(row({ ...good, ...v }), columns, checks);
      return r.ok ? 'ok' : r.problems.map((p) => p.message).join('；');
    };
    expect(msg({ 经度: '120.1', 纬度: '30.2' })).toBe('问题位置不在本辖区范围内');
    expect(msg({ 经度: '31.21', 纬度: '121.42' })).toContain('经纬度可能填反了');
    expect(msg({ 经度: '121.35', 纬度: '31.21' })).toContain('不在您的辖区范围内');
    expect(msg({ 经度: 'abc' })).toContain('经度不是');
    expect(msg({ 纬度: null })).toBe('缺少纬度');
    expect(msg({ 经度: '１２１．４２' })).toBe('ok');
  });

  it('refuses order numbers Excel turned into rounded numbers, keeps safe numeric ones', () => {
    const r = checkRow(row({ ...good, 工单编号: 2.51128e19 }), columns, checks);
    expect(r.ok ? '' : r.problems[0]!.message).toContain('文本');
    expect(checkRow(row({ ...good, 工单编号: 2511280000001 }), columns, checks)).toMatchObject({ ok: true, orderNo: '2511280000001' });
  });

  it('names the column behind a case field, for errors the intake reports', () => {
    expect(['location', 'reporter.phone', 'categoryCode', 'receivedAt', 'description', 'somethingElse'].map(columnHeaderOf)).toEqual(['经度', '联系电话', '分类代码', '受理时间', '诉求内容', 'somethingElse']);
  });

  it('accepts a row without the optional columns; no reporter then', () => {
    const r = checkRow(row({ ...good, 来电人: null, 联系电话: null, 分类代码: null, 是否紧急: null, 诉求类型: '求助' }), columns, checks);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.reporter).toBeUndefined();
    expect(r.input.categoryCode).toBeUndefined();
    expect(r.input.urgent).toBeUndefined();
    expect(r.input.type).toBe('help');
  });
});

describe('12345 import: files', () => {
  const sample: HotlineSampleRow[] = [
    { ...good, 受理时间: new Date(Date.UTC(2025, 10, 28, 9, 30)) },
    { ...good, 工单编号: 'GD-002', 诉求内容: '多行\n内容，含"引号"和逗号' },
  ];

  it('reads an xlsx made in the template format, with date cells and skipped blank rows', async () => {
    const buf = await buildHotlineXlsx([sample[0]!, {}, sample[1]!], { instructions: true });
    expect(detectKind(buf)).toBe('xlsx');
    const { rows, more } = await readXlsx(buf, 100, 50 * 1024 * 1024);
    expect(more).toBe(false);
    expect(rows.map((r) => r.number)).toEqual([1, 2, 4]);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['工单编号', '受理时间', '诉求类型']);
    expect(rows[1]!.cells[1]).toBeInstanceOf(Date);
    expect(checkRow(rows[1]!, columns, checks)).toMatchObject({ ok: true, input: { receivedAt: '2025-11-28T09:30:00+08:00' } });
    expect(rows[2]!.cells[3]).toBe('多行\n内容，含"引号"和逗号');
    expect(zipUncompressedSize(buf)).toBeGreaterThan(buf.length);
  });

  it('reads CSV in UTF-8 (BOM or not) and in GB18030, as Excel on Chinese Windows saves it', () => {
    const text = buildHotlineCsv(sample);
    for (const buf of [Buffer.from(text, 'utf8'), Buffer.from(text.slice(1), 'utf8'), Buffer.from(new TextEncoder().encode(text.slice(1)))]) {
      const { rows } = readCsv(buf, 100);
      expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
      expect(rows[0]!.cells[0]).toBe('工单编号');
      expect(rows[2]!.cells[3]).toBe('多行\n内容，含"引号"和逗号');
    }
    // GB18030 bytes of "工单编号": B9 A4 B5 A5 B1 E0 BA C5
    const gbk = Buffer.concat([Buffer.from([0xb9, 0xa4, 0xb5, 0xa5, 0xb1, 0xe0, 0xba, 0xc5]), Buffer.from(',x\r\n1,2\r\n')]);
    expect(decodeText(gbk).startsWith('工单编号')).toBe(true);
    expect(readCsv(gbk, 10).rows[0]!.cells).toEqual(['工单编号', 'x']);
  });

  it('stops at the row limit and says there was more', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ ...good, 工单编号: `N${i}` }));
    const r = readCsv(Buffer.from(buildHotlineCsv(rows)), 11);
    expect(r.rows).toHaveLength(11);
    expect(r.more).toBe(true);
  });

  it('refuses old .xls, binaries, corrupt zips, broken CSV and zip bombs by declared size', async () => {
    expect(() => detectKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toThrow(/\.xls/);
    expect(() => detectKind(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]))).toThrow(/不是 Excel/);
    expect(() => detectKind(Buffer.alloc(0))).toThrow(/不是 Excel/);
    await expect(readXlsx(Buffer.from('PK\x03\x04garbage'), 10, 1e6)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(() => readCsv(Buffer.from('a,"b\n1,2'), 10)).toThrow(/CSV 文件格式有误/);
    const buf = await buildHotlineXlsx([good]);
    await expect(readXlsx(buf, 10, 1000)).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('解压后过大') });
  });
});
