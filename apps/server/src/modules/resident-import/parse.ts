import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/app-error.js';
import { type Cell, cellValue, checkXlsxZip, detectKind, readCsv } from '../cases/hotline/read-file.js';
import { type ColumnMap, looksLikeHeader, mapHeader } from './columns.js';

/** A cell as read: text, number, date (xlsx date cells) or boolean; empty cells are null. */
export type { Cell };

export interface SheetRow {
  /** The row number the user sees in the spreadsheet (1-based). */
  number: number;
  cells: Cell[];
}
export interface ResidentSheet {
  kind: 'xlsx' | 'csv';
  columns: ColumnMap;
  rows: SheetRow[];
}

/** Title rows a committee puts above the header (番禺居委会居民信息表, 填表日期 …). */
const headerSearchRows = 5;

const badFile = (zh: string, en: string, details?: unknown) => new AppError('INVALID_FILE', zh, details, en);
const tooMany = (max: number) => new AppError('PAYLOAD_TOO_LARGE', `一次最多导入 ${max} 行居民信息，请拆分文件后分批导入`, { maxRows: max }, `At most ${max} rows per import; split the file`);
const blank = (cells: Cell[]) => cells.every((c) => c === null);

/**
 * The file as header + data rows. Anything wrong with the file as a whole (not a spreadsheet,
 * wrong headers, too many rows) is refused here, before a single row is looked at.
 */
export async function readResidentFile(buf: Buffer, opts: { maxRows: number; maxInflatedBytes: number }): Promise<ResidentSheet> {
  const kind = detectKind(buf);
  // Every data row plus the header and a few title rows; one more tells "too many".
  const limit = opts.maxRows + headerSearchRows + 1;
  const rows = kind === 'xlsx' ? await readXlsxRows(buf, limit, opts.maxInflatedBytes) : readCsvRows(buf, limit);
  if (rows.length === 0) throw badFile('文件中没有任何内容', 'The file is empty');
  const at = rows.slice(0, headerSearchRows).findIndex((r) => looksLikeHeader(r.cells));
  const header = mapHeader(rows[at < 0 ? 0 : at]!.cells);
  if (!header.ok) throw new AppError('IMPORT_HEADERS', header.message, { missing: header.missing, unknown: header.unknown, repeated: header.repeated }, 'The header row lacks required columns');
  const data = rows.slice(at + 1);
  if (data.length === 0) throw badFile('文件中没有数据行（表头下方为空）', 'The file has no data rows');
  if (data.length > opts.maxRows) throw tooMany(opts.maxRows);
  return { kind, columns: header.columns, rows: data };
}

/** The hotline's CSV reader (same decoding, same malformed-file message); past the limit is refused here. */
function readCsvRows(buf: Buffer, limit: number): SheetRow[] {
  const sheet = readCsv(buf, limit);
  if (sheet.more) throw tooMany(limit - headerSearchRows - 1);
  return sheet.rows;
}


/**
 * The first worksheet, streamed (100k rows in a few seconds and little memory). The streaming
 * reader does not apply merged cells, so the merge ranges are read from the sheet's XML and each
 * merged cell is given its master cell's value, as Excel shows it.
 */
async function readXlsxRows(buf: Buffer, limit: number, maxInflated: number): Promise<SheetRow[]> {
  await checkXlsxZip(buf, maxInflated);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const byNumber = new Map<number, Cell[]>();
  let sheetId: number | null = null;
  try {
    for await (const ws of reader) {
      if (sheetId !== null) continue;
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        const cells = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellValue);
        if (blank(cells)) continue;
        if (byNumber.size === limit) throw tooMany(limit - headerSearchRows - 1);
        byNumber.set(row.number, cells);
      }
      sheetId = (ws as unknown as { id: number }).id;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badFile('Excel 文件已损坏或不是 .xlsx 格式，无法读取', 'The file is corrupt or not an .xlsx workbook');
  }
  if (sheetId !== null) applyMerges(byNumber, readZipEntry(buf, `xl/worksheets/sheet${sheetId}.xml`));
  return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([number, cells]) => ({ number, cells }));
}

const colIndex = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

/** Copies each merge range's master value into the range (rows that were blank become rows). */
export function applyMerges(rows: Map<number, Cell[]>, sheetXml: Buffer | null): void {
  if (!sheetXml) return;
  const at = sheetXml.lastIndexOf('<mergeCells');
  if (at < 0) return;
  const xml = sheetXml.subarray(at).toString('utf8');
  for (const m of xml.matchAll(/<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
    const [c1, r1, c2, r2] = [colIndex(m[1]!), Number(m[2]), colIndex(m[3]!), Number(m[4])];
    const value = rows.get(r1)?.[c1] ?? null;
    if (value === null) continue;
    for (let r = r1; r <= r2; r++) {
      let cells = rows.get(r);
      if (!cells) rows.set(r, (cells = []));
      for (let c = c1; c <= c2; c++) {
        while (cells.length <= c) cells.push(null);
        cells[c] = value;
      }
    }
  }
}

/** One file of a zip (the zip has been checked by checkXlsxZip: sizes are bounded). */
export function readZipEntry(buf: Buffer, name: string): Buffer | null {
  const min = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    for (let k = 0; k < count; k++) {
      const nameLen = buf.readUInt16LE(p + 28);
      const entry = buf.toString('utf8', p + 46, p + 46 + nameLen);
      if (entry === name) {
        const method = buf.readUInt16LE(p + 10);
        const size = buf.readUInt32LE(p + 20);
        const local = buf.readUInt32LE(p + 42);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + size);
        return method === 0 ? data : method === 8 ? inflateRawSync(data) : null;
      }
      p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return null;
  }
  return null;
}
