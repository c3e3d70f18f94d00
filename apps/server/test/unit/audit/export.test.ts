import type { AuditItem } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { auditWorkbook } from '../../../src/modules/audit/export.js';

const item = (seq: number, detail: unknown): AuditItem => ({
  seq,
  at: '2025-10-09T09:00:00.000+08:00',
  actor: { id: null, username: 'audit.admin', role: 'audit_admin' },
  action: 'audit.export',
  outcome: 'denied',
  resource: { type: 'audit_log', id: null },
  unit: { path: '310105.310105004', name: '新华路街道' },
  ip: '10.0.0.1',
  requestId: 'r-1',
  before: null,
  after: null,
  detail,
  hash: `sm3:${'a'.repeat(64)}`,
});

const load = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
};

describe('audit workbook', () => {
  it('writes Chinese labels for role, action and outcome, and keeps formula-like text inert', async () => {
    const wb = await load(await auditWorkbook([item(2, { note: '=HYPERLINK("http://x","y")' })], { exportedBy: 'audit.admin', exportedAt: 'now', filters: { outcome: 'denied' }, capped: false }));
    const row = wb.getWorksheet('审计日志')!.getRow(2);
    expect(row.getCell(4).value).toBe('审计管理员');
    expect(row.getCell(6).value).toBe('导出审计日志');
    expect(row.getCell(7).value).toBe('拒绝');
    expect(row.getCell(10).value).toBe('新华路街道');
    expect(row.getCell(16).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(16).value).toBe('{"note":"=HYPERLINK(\\"http://x\\",\\"y\\")"}');
    const about = wb.getWorksheet('导出说明')!;
    expect(about.getRow(4).getCell(2).value).toBe('结果=denied');
    expect(about.getRow(5).getCell(2).value).toBe('否');
  });

  it('says so in the file when the export was capped', async () => {
    const wb = await load(await auditWorkbook([item(3, null), item(2, null)], { exportedBy: 'audit.admin', exportedAt: 'now', filters: {}, capped: true }));
    const sheet = wb.getWorksheet('审计日志')!;
    expect(String(sheet.getRow(sheet.rowCount).getCell(1).value)).toContain('仅导出了最新的 50,000 条');
    expect(String(wb.getWorksheet('导出说明')!.getRow(5).getCell(2).value)).toMatch(/^是/);
  });

  it('cuts a detail too long for an Excel cell instead of failing', async () => {
    const wb = await load(await auditWorkbook([item(1, { big: 'x'.repeat(40_000) })], { exportedBy: 'a', exportedAt: 'now', filters: {}, capped: false }));
    const v = String(wb.getWorksheet('审计日志')!.getRow(2).getCell(16).value);
    expect(v.length).toBeLessThanOrEqual(32_767);
    expect(v).toMatch(/已截断）$/);
  });
});
