import {
  householdRelationNames,
  housingStatusNames,
  politicalStatusNames,
  residentImportColumns,
  specialGroupTagNames,
} from '@gongzhi/contracts';
import ExcelJS from 'exceljs';

const headers = residentImportColumns.map((c) => c.header);
const zh = (names: Record<string, { zh: string }>) => Object.values(names).map((n) => n.zh);

const notes: Record<string, string> = {
  序号: '选填，仅供核对，不导入',
  姓名: '必填，最多 50 个字',
  身份证号: '必填，18 位居民身份证号；末位 x 大小写均可，全角数字会自动转换。性别和出生日期由身份证号自动得出',
  联系电话: '选填，11 位手机号；不填则保留系统中已有号码',
  与户主关系: `必填：${zh(householdRelationNames).join('、')}`,
  小区: '必填，本居民区内的小区名称，与系统中的名称一致',
  楼号: '必填，如 5、5号、5号楼',
  单元: '选填，如 1 或 1单元；不填视为 1 单元',
  室号: '必填，如 601 或 601室（前几位为楼层）。同一楼栋、单元、室号视为同一户，没有的户会自动建立',
  户籍在本址: '必填：是 / 否',
  实际居住: '必填：是 / 否（常住）',
  政治面貌: `选填：${zh(politicalStatusNames).join('、')}；不填视为群众（已有居民保留原值）`,
  住房性质: `选填：${zh(housingStatusNames).join('、')}；同一户各行应一致`,
  特殊群体: `选填，可多个，用“、”或“,”分隔：${zh(specialGroupTagNames).join('、')}；留空表示无`,
  迁入日期: '选填，如 2024-03-05、2024/3/5、2024年3月5日，或 Excel 日期',
};

/** One row of a sample file, by header; a value may be a Date for a real date cell. */
export type ResidentSampleRow = Partial<Record<string, string | number | Date | null>>;

/**
 * A workbook in the import's layout: the downloadable template (header, an example row, drop-down
 * lists and a 填写说明 sheet) and sample files for tests. ID numbers and phones are text columns:
 * as numbers Excel would round them (3.10105E+17).
 */
export async function buildResidentXlsx(rows: ResidentSampleRow[], opts: { instructions?: boolean; maxRows?: number; headers?: string[] } = {}): Promise<Buffer> {
  const cols = opts.headers ?? headers;
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const ws = wb.addWorksheet('居民信息');
  ws.columns = cols.map((h) => ({ header: h, key: h, width: h === '身份证号' ? 22 : h === '小区' || h === '特殊群体' ? 18 : h.length > 3 ? 12 : 9 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const h of ['身份证号', '联系电话', '室号']) if (cols.includes(h)) ws.getColumn(h).numFmt = '@';
  if (cols.includes('迁入日期')) ws.getColumn('迁入日期').numFmt = 'yyyy-mm-dd';
  for (const r of rows) ws.addRow(cols.map((h) => r[h] ?? null));
  if (opts.instructions) {
    // Drop-down lists for the closed vocabularies, on the first 2,000 data rows.
    const lists: Record<string, string[]> = {
      与户主关系: zh(householdRelationNames),
      户籍在本址: ['是', '否'],
      实际居住: ['是', '否'],
      政治面貌: zh(politicalStatusNames),
      住房性质: zh(housingStatusNames),
    };
    const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    for (const [h, values] of Object.entries(lists)) {
      const letter = ws.getColumn(h).letter;
      // Through the sheet's validation table, not the cells: touching 2,000 cells would make them
      // rows, and a user's (or Excel's) "append" would then land below row 2001.
      for (let r = 2; r <= 2001; r++) {
        validations.add(`${letter}${r}`, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${values.join(',')}"`],
          showErrorMessage: true,
          errorTitle: h,
          error: `请从下拉列表中选择${h}`,
        });
      }
    }
    const help = wb.addWorksheet('填写说明');
    help.columns = [
      { header: '列', key: 'h', width: 14 },
      { header: '是否必填', key: 'r', width: 10 },
      { header: '说明', key: 'n', width: 90 },
    ];
    help.getRow(1).font = { bold: true };
    for (const c of residentImportColumns) help.addRow({ h: c.header, r: c.required ? '必填' : '选填', n: notes[c.header] ?? '' });
    help.addRow({});
    for (const line of [
      '第一行为表头，列顺序不限；表头上方可有标题行；其他列会被忽略。空行会被跳过，合并单元格按合并后的值读取。',
      '同一身份证号在文件中出现多次时，只导入第一行。已在本户登记的居民会按文件内容更新，内容相同则不变；重复导入同一文件不会产生任何变化。',
      '身份证号已作为在册居民登记在其他房屋或其他居民区的，不会覆盖原记录，而是生成“信息冲突”核查任务。',
      '整个文件在一个事务中导入：要么全部有效行都导入，要么（出错时）一行都不导入。',
      opts.maxRows ? `一次最多导入 ${opts.maxRows} 行。请删除示例行后再导入。` : '请删除示例行后再导入。',
    ]) help.addRow({ h: '提示', n: line });
    help.getColumn('n').alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template's example row (the ID number is a valid-looking but fictional one: 示例). */
export const templateExample: ResidentSampleRow = {
  序号: 1,
  姓名: '张三（示例，导入前请删除）',
  身份证号: '11010519491231002X',
  联系电话: '13800000000',
  与户主关系: '户主',
  小区: '（本居民区小区名称）',
  楼号: '5号楼',
  单元: '1',
  室号: '601',
  户籍在本址: '是',
  实际居住: '是',
  政治面貌: '群众',
  住房性质: '自住',
  特殊群体: '独居老人、高龄',
  迁入日期: '2010-05-01',
};

const csvCell = (v: string | number | Date | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The same rows as CSV text (with BOM unless asked otherwise, CRLF as Excel writes it). */
export function buildResidentCsv(rows: ResidentSampleRow[], opts: { bom?: boolean; headers?: string[] } = {}): string {
  const cols = opts.headers ?? headers;
  const lines = [cols.join(','), ...rows.map((r) => cols.map((h) => csvCell(r[h])).join(','))];
  return `${opts.bom === false ? '' : '\ufeff'}${lines.join('\r\n')}\r\n`;
}

/** A run's report as a workbook: row number, outcome and reasons (no personal values, like the report). */
export async function buildReportXlsx(r: { fileName: string; neighborhood: { name: string }; createdAt: string; rows: { row: number; status: string; reasons: string[] }[] }, statusName: (s: string) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const ws = wb.addWorksheet('导入报告');
  ws.addRow([`${r.neighborhood.name} 居民信息导入报告：${r.fileName}（${r.createdAt.slice(0, 16).replace('T', ' ')}）`]).font = { bold: true };
  const head = ws.addRow(['行号', '结果', '原因']);
  head.font = { bold: true };
  ws.getColumn(1).width = 10;
  ws.getColumn(2).width = 12;
  ws.getColumn(3).width = 100;
  for (const row of r.rows) ws.addRow([row.row, statusName(row.status), row.reasons.join('；')]);
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  ws.autoFilter = { from: 'A2', to: `C${r.rows.length + 2}` };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
