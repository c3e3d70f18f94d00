import { AppError } from '../../../http/app-error.js';
import { type ColumnMap, looksLikeHeader, mapHeader } from './columns.js';
import { detectKind, readCsv, readXlsx, type SheetRow } from './read-file.js';

/** Rows above the header that exports sometimes carry (a title, an export date). */
const headerSearchRows = 5;

export interface HotlineSheet {
  kind: 'xlsx' | 'csv';
  columns: ColumnMap;
  rows: SheetRow[];
}

const badFile = (zh: string, en: string, details?: unknown) => new AppError('INVALID_FILE', zh, details, en);

/**
 * A 12345 file as a whole: a spreadsheet, a header row with the required columns, at least one
 * and at most `maxRows` data rows. Any problem here refuses the file before a single row is taken in.
 */
export async function readHotlineFile(buf: Buffer, opts: { maxRows: number; maxInflatedBytes: number }): Promise<HotlineSheet> {
  const kind = detectKind(buf);
  const limit = opts.maxRows + headerSearchRows + 1;
  const sheet = kind === 'xlsx' ? await readXlsx(buf, limit, opts.maxInflatedBytes) : readCsv(buf, limit);
  const at = sheet.rows.slice(0, headerSearchRows).findIndex((r) => looksLikeHeader(r.cells));
  if (at < 0) {
    const first = sheet.rows[0];
    // A first row with some known headers is a header with columns missing: say which.
    const partial = first ? mapHeader(first.cells) : null;
    if (partial && !partial.ok && first!.cells.some((c) => c !== null) && partial.missing.length < 7) {
      throw badFile(partial.message, 'The header row lacks required columns', { missing: partial.missing, repeated: partial.repeated });
    }
    throw badFile('未找到表头行：文件前几行中没有“工单编号、受理时间、诉求类型……”等列名。请使用导入模板。', 'No header row found; use the import template');
  }
  const header = mapHeader(sheet.rows[at]!.cells);
  if (!header.ok) throw badFile(header.message, 'The header row lacks required columns', { missing: header.missing, repeated: header.repeated });
  const rows = sheet.rows.slice(at + 1);
  if (rows.length === 0) throw badFile('文件中没有数据行（表头下方为空）', 'The file has no data rows');
  if (sheet.more || rows.length > opts.maxRows) {
    throw badFile(`一次最多导入 ${opts.maxRows} 行，请拆分文件后分批导入`, `At most ${opts.maxRows} rows per import; split the file`);
  }
  return { kind, columns: header.columns, rows };
}
