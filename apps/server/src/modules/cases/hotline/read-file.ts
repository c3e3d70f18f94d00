import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../../http/app-error.js';
import { defaultZipLimits, inspectZip } from '../../../lib/zip-guard.js';

/** A cell as read: text, number, date (xlsx date cells) or boolean; empty cells are null. */
export type Cell = string | number | Date | boolean | null;
export interface SheetRow {
  /** The row number the user sees in the spreadsheet (1-based). */
  number: number;
  cells: Cell[];
}

const badFile = (zh: string, en: string) => new AppError('INVALID_FILE', zh, undefined, en);

export type FileKind = 'xlsx' | 'csv';

/**
 * The file's kind by content: browsers label CSV files as text/csv, application/vnd.ms-excel or
 * nothing, so the declared type is only a hint. Old binary .xls and other files are refused.
 */
export function detectKind(buf: Buffer): FileKind {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0) throw badFile('不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入', 'Old .xls files are not supported; save as .xlsx or CSV');
  const head = buf.subarray(0, 4096);
  // Text has no NUL bytes; anything else (PDF, images, archives) is not a spreadsheet.
  if (head.includes(0) || buf.length === 0) throw badFile('文件不是 Excel（.xlsx）或 CSV 表格', 'The file is not an .xlsx or CSV spreadsheet');
  return 'csv';
}

/** UTF-8 (with or without BOM), else GB18030: what Excel on Chinese Windows saves as "CSV". */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** Rows that have something in them, up to `limit`; `more` says rows were left unread. */
export interface Sheet {
  rows: SheetRow[];
  more: boolean;
}

const blank = (cells: Cell[]) => cells.every((c) => c === null);

/** Characters one CSV record may hold (a real row is well under 1 kB). */
export const maxCsvRecordChars = 16 * 1024;

export function readCsv(buf: Buffer, limit: number): Sheet {
  let records: string[][];
  try {
    // Row numbers count records, as Excel shows a CSV (a quoted cell may span lines).
    // One record may not pass maxCsvRecordChars: a file of one endless line is refused, not held whole as a cell.
    records = parse(decodeText(buf), { relax_column_count: true, skip_empty_lines: false, bom: true, max_record_size: maxCsvRecordChars }) as string[][];
  } catch (err) {
    const where = (err as { lines?: number }).lines;
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw badFile(`CSV 文件${where ? `第 ${where} 行` : '中有一行'}过长（一行不能超过 ${maxCsvRecordChars / 1024}K 个字符），请检查文件`, 'A CSV line is too long');
    }
    throw badFile(`CSV 文件格式有误${where ? `（第 ${where} 行附近）` : ''}，请检查引号和分隔符`, 'The CSV file is malformed');
  }
  const rows: SheetRow[] = [];
  for (const [i, rec] of records.entries()) {
    const cells = rec.map((c) => (c.trim() === '' ? null : c));
    if (blank(cells)) continue;
    if (rows.length === limit) return { rows, more: true };
    rows.push({ number: i + 1, cells });
  }
  return { rows, more: false };
}

/**
 * The sum of the uncompressed sizes the zip's central directory declares: a small .xlsx can
 * declare gigabytes (a zip bomb), which must be refused before anything is inflated.
 */
export function zipUncompressedSize(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    let total = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
      total += buf.readUInt32LE(p + 24);
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
}

/**
 * The zip under an .xlsx, checked before ExcelJS inflates anything (inspectZip: corrupt
 * directory, too many entries, declared or real unpacked size, compression ratio of a bomb).
 */
export async function checkXlsxZip(buf: Buffer, maxInflatedBytes: number): Promise<void> {
  const problem = await inspectZip(buf, defaultZipLimits(maxInflatedBytes));
  if (!problem) return;
  switch (problem.kind) {
    case 'corrupt':
      throw badFile('Excel 文件已损坏，无法读取', 'The .xlsx file is corrupt');
    case 'too-many-entries':
      throw badFile(`Excel 文件结构异常（压缩包内有 ${problem.entries} 个条目），请在 Excel 中另存后再导入`, 'The .xlsx file has too many parts');
    case 'too-large':
      throw badFile('Excel 文件解压后过大，请拆分后再导入', 'The .xlsx file is too large once unpacked; split it');
    case 'ratio':
      throw badFile('Excel 文件解压后过大（压缩比异常，疑似压缩炸弹），已拒绝', 'The .xlsx file is too large once unpacked (suspicious compression ratio)');
  }
}

/** A cell as plain data: rich text joined, a formula's cached result, blanks and errors as null. */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('') || null;
    if ('hyperlink' in v) return cellValue(v.text as ExcelJS.CellValue);
    // A formula's cached result; the formula itself is never evaluated.
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in v) return null;
  }
  return String(v);
}

/** The first visible worksheet's non-empty rows, up to `limit`, as plain cells. */
export async function readXlsx(buf: Buffer, limit: number, maxInflatedBytes: number): Promise<Sheet> {
  await checkXlsxZip(buf, maxInflatedBytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw badFile('Excel 文件已损坏或不是 .xlsx 格式，无法读取', 'The file is corrupt or not an .xlsx workbook');
  }
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) throw badFile('Excel 文件中没有工作表', 'The workbook has no worksheet');
  const rows: SheetRow[] = [];
  let more = false;
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    // 1-based and sparse: index 0 is empty, and so is any cell never written.
    const cells = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellValue);
    if (blank(cells)) return;
    if (rows.length === limit) more = true;
    else rows.push({ number, cells });
  });
  return { rows, more };
}
