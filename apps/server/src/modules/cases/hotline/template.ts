import { caseTypeNames, caseTypes, hotlineColumns } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import { toShanghaiIso } from '../../calendar/working-calendar.js';

/** A row to write, by header (工单编号 …); a value may be a Date for a real date cell. */
export type HotlineSampleRow = Partial<Record<(typeof hotlineColumns)[number]['header'] | string, string | number | Date | null>>;

const headers = hotlineColumns.map((c) => c.header);

const notes: Record<string, string> = {
  工单编号: '12345 工单号，唯一；重复导入同一工单号不会重复建案',
  受理时间: '如 2025-11-28 09:30（北京时间），或 Excel 日期时间单元格',
  诉求类型: caseTypes.map((t) => caseTypeNames[t].zh).join('/'),
  诉求内容: '至少 5 个字，最多 2000 个字',
  问题地址: '最多 200 个字',
  经度: 'WGS84 经度，如 121.4236',
  纬度: 'WGS84 纬度，如 31.2125',
  来电人: '选填，最多 30 个字',
  联系电话: '选填，11 位手机号；填写即视为同意回访',
  分类代码: '选填，如 A0101；不填由系统根据内容推荐',
  是否紧急: '选填，是/否',
};

/**
 * A workbook in the import's own format: the downloadable template (header, one example row and
 * a sheet of instructions) and sample files for tests. Cells are plain values, so text that looks
 * like a formula stays text.
 */
export async function buildHotlineXlsx(rows: HotlineSampleRow[], opts: { instructions?: boolean; maxRows?: number; extraHeaders?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const all = [...headers, ...(opts.extraHeaders ?? [])];
  const ws = wb.addWorksheet('12345工单');
  ws.columns = all.map((h) => ({ header: h, key: h, width: h === '诉求内容' ? 48 : h === '问题地址' ? 32 : 16 }));
  ws.getRow(1).font = { bold: true };
  // Order numbers and phones are text: as numbers Excel would round them and show 1.38E+10.
  for (const h of ['工单编号', '联系电话']) ws.getColumn(h).numFmt = '@';
  ws.getColumn('受理时间').numFmt = 'yyyy-mm-dd hh:mm';
  for (const r of rows) ws.addRow(all.map((h) => r[h] ?? null));
  if (opts.instructions) {
    const help = wb.addWorksheet('填写说明');
    help.columns = [
      { header: '列', key: 'h', width: 12 },
      { header: '是否必填', key: 'r', width: 10 },
      { header: '说明', key: 'n', width: 60 },
    ];
    help.getRow(1).font = { bold: true };
    for (const c of hotlineColumns) help.addRow({ h: c.header, r: c.required ? '必填' : '选填', n: notes[c.header] ?? '' });
    help.addRow({});
    help.addRow({ h: '提示', n: `第一行为表头，列顺序不限；其他列会被忽略。${opts.maxRows ? `一次最多导入 ${opts.maxRows} 行。` : ''}` });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number | Date | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The same rows as CSV text (UTF-8 with BOM unless asked otherwise, CRLF as Excel writes it). */
export function buildHotlineCsv(rows: HotlineSampleRow[], opts: { bom?: boolean; headers?: string[] } = {}): string {
  const cols = opts.headers ?? headers;
  const lines = [cols.join(','), ...rows.map((r) => cols.map((h) => csvCell(r[h])).join(','))];
  return `${opts.bom === false ? '' : '\ufeff'}${lines.join('\r\n')}\r\n`;
}

/** Order numbers of example rows start with this; such rows are never taken in. */
export const exampleOrderPrefix = '示例';

/** The template's example row, received an hour ago (a real place in 新华路街道 of the demo map). */
export function templateExample(now = new Date()): HotlineSampleRow {
  return {
    工单编号: `${exampleOrderPrefix}-0001`,
    受理时间: toShanghaiIso(new Date(+now - 3600_000)).slice(0, 16).replace('T', ' '),
    诉求类型: '投诉',
    诉求内容: '小区门口窨井盖破损，行人经过有危险，请尽快处理。（示例行，导入前请删除）',
    问题地址: '长宁区番禺路 100 号门口',
    经度: 121.4146,
    纬度: 31.2018,
    来电人: '',
    联系电话: '',
    分类代码: 'A0101',
    是否紧急: '是',
  };
}
