import { type AuditFilter, type AuditItem, actionNames, auditExportCap, roleNames } from '@gongzhi/contracts';
import ExcelJS from 'exceljs';

const outcomeNames = { success: '成功', failure: '失败', denied: '拒绝' } as const;

/** Excel refuses longer cells; JSON details are cut to fit rather than failing the export. */
const cellMax = 32_000;
const json = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > cellMax ? `${s.slice(0, cellMax)}…（已截断）` : s;
};

const columns: { header: string; width: number; value: (i: AuditItem) => string | number }[] = [
  { header: '序号', width: 9, value: (i) => i.seq },
  { header: '时间', width: 30, value: (i) => i.at },
  { header: '用户', width: 18, value: (i) => i.actor.username ?? '' },
  { header: '角色', width: 16, value: (i) => (i.actor.role ? (roleNames[i.actor.role as keyof typeof roleNames]?.zh ?? i.actor.role) : '') },
  { header: '操作', width: 22, value: (i) => i.action },
  { header: '操作说明', width: 16, value: (i) => actionNames[i.action as keyof typeof actionNames]?.zh ?? '' },
  { header: '结果', width: 8, value: (i) => outcomeNames[i.outcome] },
  { header: '对象类型', width: 14, value: (i) => i.resource.type ?? '' },
  { header: '对象编号', width: 38, value: (i) => i.resource.id ?? '' },
  { header: '所属辖区', width: 16, value: (i) => i.unit?.name ?? '' },
  { header: '辖区路径', width: 30, value: (i) => i.unit?.path ?? '' },
  { header: 'IP 地址', width: 16, value: (i) => i.ip ?? '' },
  { header: '请求编号', width: 38, value: (i) => i.requestId ?? '' },
  { header: '变更前', width: 40, value: (i) => json(i.before) },
  { header: '变更后', width: 40, value: (i) => json(i.after) },
  { header: '详情', width: 40, value: (i) => json(i.detail) },
  { header: '记录哈希', width: 30, value: (i) => i.hash },
];

const filterNames: Record<keyof AuditFilter, string> = {
  actor: '用户',
  action: '操作',
  resourceType: '对象类型',
  resourceId: '对象编号',
  from: '起始时间',
  to: '截止时间',
  outcome: '结果',
};

export interface ExportMeta {
  exportedBy: string;
  exportedAt: string;
  filters: AuditFilter;
  /** More records matched than the cap: only the newest `auditExportCap` are in the file. */
  capped: boolean;
}

/**
 * The audit trail as a workbook: one sheet of records (personal data already masked when the
 * record was written) and one saying who exported what. Every value is written as a plain string
 * or number cell, never a formula, so text such as `=HYPERLINK(…)` in a detail stays inert.
 */
export async function auditWorkbook(items: AuditItem[], meta: ExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  wb.created = new Date();

  const sheet = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const item of items) sheet.addRow(columns.map((c) => c.value(item)));
  if (meta.capped) {
    sheet.addRow([]);
    sheet.addRow([`仅导出了最新的 ${auditExportCap.toLocaleString('en-US')} 条记录，请缩小筛选范围后分批导出。`]).font = { bold: true, color: { argb: 'FFC00000' } };
  }

  const about = wb.addWorksheet('导出说明');
  about.columns = [{ width: 16 }, { width: 60 }];
  const given = (Object.keys(filterNames) as (keyof AuditFilter)[]).filter((k) => meta.filters[k] !== undefined);
  about.addRows([
    ['导出人', meta.exportedBy],
    ['导出时间', meta.exportedAt],
    ['记录条数', items.length],
    ['筛选条件', given.length ? given.map((k) => `${filterNames[k]}=${String(meta.filters[k])}`).join('；') : '（无）'],
    ['是否截断', meta.capped ? `是：超过 ${auditExportCap} 条，仅包含最新的 ${auditExportCap} 条` : '否'],
    ['说明', '本次导出已记入审计日志（操作 audit.export）。个人信息在写入审计日志时已脱敏。'],
  ]);
  about.getColumn(1).font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
