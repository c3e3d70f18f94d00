import type { ResponsibilityRuleView } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import type { CaseConfigSnapshot } from '../cases/config-cache.js';
import { chooseDepartments } from '../cases/dispatch.js';
import type { UnitRow } from './repository.js';

const levelNames = { district: '区级部门', subdistrict: '街镇派驻机构' } as const;

const columns: { header: string; width: number; value: (r: ResponsibilityRuleView) => string }[] = [
  { header: '一级分类代码', width: 12, value: (r) => r.category.parentCode ?? r.category.code },
  { header: '一级分类', width: 16, value: (r) => r.category.parentName ?? (r.category.parentCode ? '' : r.category.name) },
  { header: '二级分类代码', width: 12, value: (r) => (r.category.parentCode ? r.category.code : '') },
  { header: '二级分类', width: 20, value: (r) => (r.category.parentCode ? r.category.name : '') },
  { header: '适用范围', width: 14, value: (r) => r.subdistrict?.name ?? '全区' },
  { header: '主办部门类别', width: 14, value: (r) => r.lead.kindName ?? '' },
  { header: '主办层级', width: 14, value: (r) => (r.lead.level ? levelNames[r.lead.level] : '') },
  { header: '指定主办部门', width: 22, value: (r) => r.lead.department?.name ?? '' },
  { header: '协办部门类别', width: 20, value: (r) => r.assistKinds.map((k) => k.name).join('、') },
  { header: '自动派单', width: 10, value: (r) => (r.autoDispatch ? '是' : '否') },
  { header: '分类状态', width: 10, value: (r) => (r.category.active ? '启用' : '停用') },
  { header: '由街镇规则替代', width: 24, value: (r) => r.overriddenIn.map((u) => u.name).join('、') },
  { header: '回落至区级部门的街镇', width: 30, value: (r) => r.resolved.filter((x) => x.fallback).map((x) => x.subdistrict.name).join('、') },
  { header: '备注', width: 24, value: (r) => r.note ?? '' },
  { header: '更新时间', width: 26, value: (r) => r.updatedAt },
];

export interface RuleExportMeta {
  exportedBy: string;
  exportedAt: string;
}

/**
 * The 权责清单 as a workbook: the rules as written, a matrix of the department each second-level
 * category actually goes to in each 街镇 (after 街镇 rules, parent rules and bureau fallback), and
 * who exported it. Values are plain cells, never formulas.
 */
export async function responsibilityWorkbook(rules: ResponsibilityRuleView[], cfg: CaseConfigSnapshot, subs: UnitRow[], meta: RuleExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  wb.created = new Date();

  const sheet = wb.addWorksheet('权责清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rules) sheet.addRow(columns.map((c) => c.value(r)));

  const matrix = wb.addWorksheet('各街镇主办部门', { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  matrix.columns = [{ header: '分类代码', width: 10 }, { header: '分类', width: 20 }, { header: '状态', width: 8 }, ...subs.map((s) => ({ header: s.name, width: 20 }))];
  matrix.getRow(1).font = { bold: true };
  for (const cat of cfg.categories.values()) {
    if (!cat.parentCode) continue;
    const cells = subs.map((s) => {
      const choice = chooseDepartments(cfg, cat.code, s.id);
      if (!choice.lead) return '（人工派单）';
      const assists = choice.assists.length ? `；协办：${choice.assists.map((a) => a.name).join('、')}` : '';
      return `${choice.lead.name}${choice.rule?.autoDispatch ? '' : '（不自动派单）'}${assists}`;
    });
    matrix.addRow([cat.code, `${cat.parentName ?? ''} / ${cat.name}`, cat.active ? '启用' : '停用', ...cells]);
  }

  const about = wb.addWorksheet('导出说明');
  about.columns = [{ width: 16 }, { width: 70 }];
  about.addRows([
    ['导出人', meta.exportedBy],
    ['导出时间', meta.exportedAt],
    ['规则条数', rules.length],
    ['街镇数', subs.length],
    ['说明', '“权责清单”为所设规则；“各街镇主办部门”为按规则实际派往的部门（街镇规则优先于全区规则，二级分类无规则时按一级分类规则，街镇无派驻机构时由区级部门主办）。本次导出已记入审计日志（操作 responsibility_rule.export）。'],
  ]);
  about.getColumn(1).font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
