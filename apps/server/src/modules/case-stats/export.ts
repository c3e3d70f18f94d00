import type { CaseFigures, CaseStatsOverview, StatsRate } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';

const levelNames = { district: '区', subdistrict: '街镇', neighborhood: '居民区', grid: '网格' } as const;

/** A rate as Excel's percentage (a number cell, so the sheet can be sorted and summed); blank when none. */
const pct = (r: StatsRate) => (r.rate === null ? '' : r.rate);

const figureColumns: { header: string; width: number; value: (f: CaseFigures) => number | string; percent?: boolean }[] = [
  { header: '受理量', width: 10, value: (f) => f.intake },
  { header: '有效受理', width: 10, value: (f) => f.effective },
  { header: '办结量', width: 10, value: (f) => f.resolved },
  { header: '结案量', width: 10, value: (f) => f.closed },
  { header: '在办（当前）', width: 12, value: (f) => f.open },
  { header: '超期（当前）', width: 12, value: (f) => f.overdue },
  { header: '办结率', width: 10, value: (f) => pct(f.closureRate), percent: true },
  { header: '按期办结率', width: 12, value: (f) => pct(f.onTimeRate), percent: true },
  { header: '满意率', width: 10, value: (f) => pct(f.satisfactionRate), percent: true },
  { header: '满意', width: 8, value: (f) => f.ratings.satisfied },
  { header: '基本满意', width: 10, value: (f) => f.ratings.basicallySatisfied },
  { header: '不满意', width: 8, value: (f) => f.ratings.unsatisfied },
];

function figureSheet(wb: ExcelJS.Workbook, name: string, lead: { header: string; width: number }[], rows: { lead: (string | number)[]; figures: CaseFigures }[]) {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: lead.length }] });
  sheet.columns = [...lead, ...figureColumns.map((c) => ({ header: c.header, width: c.width }))];
  sheet.getRow(1).font = { bold: true };
  figureColumns.forEach((c, i) => {
    if (c.percent) sheet.getColumn(lead.length + i + 1).numFmt = '0.00%';
  });
  for (const r of rows) sheet.addRow([...r.lead, ...figureColumns.map((c) => c.value(r.figures))]);
  return sheet;
}

export interface StatsExportMeta {
  exportedBy: string;
  exportedAt: string;
}

/**
 * The dashboard's tables as a workbook: the totals, the breakdown by child unit, by lead
 * department (ranked), by category, the daily trend, and what the figures mean. Values are plain
 * cells, never formulas; no personal data is in any of them.
 */
export async function statsWorkbook(o: CaseStatsOverview, meta: StatsExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  wb.created = new Date();

  figureSheet(wb, '总体指标', [{ header: '区划', width: 18 }, { header: '今日受理', width: 10 }], [{ lead: [o.unit.name, o.todayIntake], figures: o.figures }]);
  if (o.childLevel) {
    figureSheet(
      wb,
      `按${levelNames[o.childLevel]}`,
      [{ header: '代码', width: 17 }, { header: levelNames[o.childLevel], width: 20 }],
      o.units.map((u) => ({ lead: [u.code, u.name], figures: u.figures })),
    );
  }
  figureSheet(
    wb,
    '按部门',
    [{ header: '排名', width: 6 }, { header: '部门', width: 26 }, { header: '层级', width: 10 }],
    o.departments.map((d, i) => ({ lead: [i + 1, d.name, d.level === 'district' ? '区级部门' : '街镇派驻'], figures: d.figures })),
  );

  const cats = wb.addWorksheet('按类别', { views: [{ state: 'frozen', ySplit: 1 }] });
  cats.columns = [
    { header: '分类代码', width: 10 },
    { header: '大类', width: 16 },
    { header: '小类', width: 22 },
    { header: '受理量', width: 10 },
    { header: '占比', width: 10 },
    { header: '在办（当前）', width: 12 },
  ];
  cats.getRow(1).font = { bold: true };
  cats.getColumn(5).numFmt = '0.00%';
  for (const c of o.categories) cats.addRow([c.code ?? '', c.parentName ?? '', c.name, c.intake, c.share ?? '', c.open]);

  const trend = wb.addWorksheet('每日趋势', { views: [{ state: 'frozen', ySplit: 1 }] });
  trend.columns = [
    { header: '日期', width: 12 },
    { header: '受理量', width: 10 },
    { header: '办结量', width: 10 },
  ];
  trend.getRow(1).font = { bold: true };
  for (const t of o.trend) trend.addRow([t.day, t.intake, t.resolved]);

  const about = wb.addWorksheet('导出说明');
  about.columns = [{ width: 16 }, { width: 80 }];
  about.addRows([
    ['区划', `${o.unit.name}（${o.unit.code}）`],
    ['统计区间', `${o.period.from} 至 ${o.period.to}（${o.period.days} 天，按受理日期）`],
    ['数据时间', o.asOf],
    ['导出人', meta.exportedBy],
    ['导出时间', meta.exportedAt],
    ['办结率', '统计区间内受理的案件中，已办结（含核查、回访、结案）的数量 ÷ 有效受理量（不含合并、撤销）'],
    ['按期办结率', '在办结时限内办结的数量 ÷（已办结数量 + 仍在办且已超期的数量）'],
    ['满意率', '（满意 + 基本满意）÷ 已评价案件数；每件案件按最近一次评价计，不满意评价引起重办后、再次评价前仍计为不满意'],
    ['在办、超期', '导出时的当前数量，不限受理日期'],
    ['说明', '本次导出已记入审计日志（操作 case_stats.export）。表中不含任何个人信息。'],
  ]);
  about.getColumn(1).font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
