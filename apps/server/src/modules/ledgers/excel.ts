import type { LedgerResult, LedgerTable } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';

/**
 * A ledger as a workbook: the main table on the first sheet, each list on its own. Every sheet
 * starts with a title row (unit and ledger name), a line with the date and masking, then the
 * Chinese headers (frozen), the rows and the 合计 row. Values are plain strings and numbers.
 */
const widthOf = (header: string, values: unknown[]): number => {
  const len = (v: unknown) => [...String(v ?? '')].reduce((n, ch) => n + (ch.charCodeAt(0) > 255 ? 2 : 1), 0);
  return Math.min(40, Math.max(8, len(header) + 2, ...values.slice(0, 500).map((v) => len(v) + 2)));
};

function addTable(wb: ExcelJS.Workbook, sheetName: string, title: string, subtitle: string, t: LedgerTable): void {
  const headerRow = 3;
  const sheet = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRow }] });
  const n = Math.max(t.columns.length, 1);
  sheet.mergeCells(1, 1, 1, n);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, n);
  sheet.getCell(2, 1).value = subtitle;
  sheet.getCell(2, 1).font = { color: { argb: 'FF595959' } };
  const head = sheet.getRow(headerRow);
  head.values = t.columns.map((c) => c.header);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const r of t.rows) sheet.addRow(t.columns.map((c) => r.cells[c.key] ?? null));
  if (t.totals) {
    const row = sheet.addRow(t.columns.map((c) => t.totals![c.key] ?? null));
    row.font = { bold: true };
    row.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
  }
  if (t.rows.length === 0) sheet.addRow(['（无）']);
  t.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = widthOf(c.header, t.rows.map((r) => r.cells[c.key]));
    if (c.kind === 'percent') sheet.getColumn(i + 1).numFmt = '0.0';
  });
}

export async function ledgerWorkbook(l: LedgerResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  wb.created = new Date();
  const mask = l.plain ? '含个人信息明文（已审计）' : '个人信息已脱敏';
  const subtitle = `统计单位：${l.unit.name}（${l.unit.code}）　统计日期：${l.asOf}　${mask}`;
  addTable(wb, l.ledger.name.replace(/[\\/?*[\]:]/g, ''), `${l.unit.name}${l.ledger.name}`, subtitle, l.main);
  for (const t of l.lists) addTable(wb, t.title.replace(/[\\/?*[\]:（）]/g, '').slice(0, 31), `${l.unit.name}${t.title}`, subtitle, t);
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 14 }, { width: 80 }];
  about.addRows([['台账', l.ledger.name], ['说明', l.ledger.description], ['统计单位', `${l.unit.name}（${l.unit.code}）`], ['生成时间', l.generatedAt], ...l.notes.map((n) => ['注', n])]);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The file name a ledger downloads as (ASCII fallback and the Chinese name). */
export function ledgerFileNames(l: LedgerResult): { ascii: string; utf8: string } {
  return { ascii: `ledger-${l.ledger.id}-${l.unit.code}-${l.asOf}.xlsx`, utf8: `${l.unit.name}${l.ledger.name}-${l.asOf}.xlsx` };
}
