import {
  type CaseChannel,
  type CaseExportQuery,
  type CaseStatus,
  type CaseType,
  type Satisfaction,
  caseChannelNames,
  caseStatusNames,
  caseTypeNames,
  maskName,
  maskPhone,
  satisfactionNames,
} from '@gongzhi/contracts';
import ExcelJS from 'exceljs';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import type { CaseConfigSnapshot } from './config-cache.js';
import type { CaseRow } from './repository.js';

/** One spreadsheet row per case: what a dispatcher reads in a list, reporter contact masked. */
export interface CaseExportRow {
  number: string;
  receivedAt: string;
  channel: string;
  type: string;
  categoryParent: string;
  category: string;
  status: string;
  urgent: string;
  title: string;
  description: string;
  address: string;
  subdistrict: string;
  neighborhood: string;
  grid: string;
  lead: string;
  assists: string;
  signDueAt: string;
  handleDueAt: string;
  warning: string;
  overdue: string;
  supervised: string;
  extension: string;
  reopenCount: number;
  satisfaction: string;
  resolvedAt: string;
  closedAt: string;
  reporterName: string;
  reporterPhone: string;
  lng: number;
  lat: number;
}

const yes = (b: boolean) => (b ? '是' : '');
const time = (d: Date | null) => (d ? toShanghaiIso(d).slice(0, 16).replace('T', ' ') : '');
const warningNames = { none: '', yellow: '黄色预警', red: '红色预警' } as const;

/** Reporter contact exactly as the console shows it (masked); the plain value needs the audited reveal. */
export function exportRowOf(r: CaseRow, cfg: CaseConfigSnapshot, cipher: FieldCipher): CaseExportRow {
  const cat = r.category_code ? cfg.categories.get(r.category_code) : undefined;
  const dept = (id: string) => cfg.departments.get(id)?.name ?? '';
  return {
    number: r.number,
    receivedAt: time(r.received_at),
    channel: caseChannelNames[r.channel as CaseChannel]?.zh ?? r.channel,
    type: caseTypeNames[r.type as CaseType]?.zh ?? r.type,
    categoryParent: cat?.parentName ?? (cat && !cat.parentCode ? cat.name : ''),
    category: cat?.parentCode ? cat.name : '',
    status: caseStatusNames[r.status as CaseStatus]?.zh ?? r.status,
    urgent: yes(r.urgent),
    title: r.title,
    description: r.description,
    address: r.address,
    subdistrict: r.sub_name ?? '',
    neighborhood: r.nb_name ?? '',
    grid: r.grid_name ?? '',
    lead: r.lead_department_id ? dept(r.lead_department_id) : '',
    assists: r.assist_department_ids.map(dept).filter(Boolean).join('、'),
    signDueAt: time(r.sign_due_at),
    handleDueAt: time(r.handle_due_at),
    warning: warningNames[r.warning as keyof typeof warningNames] ?? '',
    overdue: yes(r.overdue),
    supervised: yes(r.supervised),
    extension: r.extension_requested ? '待审批' : r.extensions_approved ? `已批准 ${r.extensions_approved} 次` : '',
    reopenCount: r.reopen_count,
    satisfaction: r.satisfaction ? satisfactionNames[r.satisfaction as Satisfaction].zh : '',
    resolvedAt: time(r.resolved_at),
    closedAt: time(r.closed_at),
    reporterName: r.reporter_name_enc ? maskName(cipher.decrypt(r.reporter_name_enc, 'case_record.reporter_name')) : '',
    reporterPhone: r.reporter_phone_enc ? maskPhone(cipher.decrypt(r.reporter_phone_enc, 'case_record.reporter_phone')) : '',
    lng: r.lng,
    lat: r.lat,
  };
}

const columns: { key: keyof CaseExportRow; header: string; width: number }[] = [
  { key: 'number', header: '案件编号', width: 17 },
  { key: 'receivedAt', header: '受理时间', width: 17 },
  { key: 'channel', header: '来源渠道', width: 13 },
  { key: 'type', header: '类型', width: 7 },
  { key: 'categoryParent', header: '大类', width: 13 },
  { key: 'category', header: '小类', width: 16 },
  { key: 'status', header: '状态', width: 8 },
  { key: 'urgent', header: '紧急', width: 6 },
  { key: 'title', header: '标题', width: 30 },
  { key: 'description', header: '问题描述', width: 50 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'subdistrict', header: '街镇', width: 12 },
  { key: 'neighborhood', header: '居民区', width: 14 },
  { key: 'grid', header: '网格', width: 14 },
  { key: 'lead', header: '主办部门', width: 18 },
  { key: 'assists', header: '协办部门', width: 22 },
  { key: 'signDueAt', header: '签收时限', width: 17 },
  { key: 'handleDueAt', header: '办理时限', width: 17 },
  { key: 'warning', header: '预警', width: 9 },
  { key: 'overdue', header: '超期', width: 6 },
  { key: 'supervised', header: '督办', width: 6 },
  { key: 'extension', header: '延期', width: 11 },
  { key: 'reopenCount', header: '重办次数', width: 8 },
  { key: 'satisfaction', header: '满意度', width: 9 },
  { key: 'resolvedAt', header: '办结时间', width: 17 },
  { key: 'closedAt', header: '结案时间', width: 17 },
  { key: 'reporterName', header: '反映人（脱敏）', width: 12 },
  { key: 'reporterPhone', header: '联系电话（脱敏）', width: 15 },
  { key: 'lng', header: '经度', width: 11 },
  { key: 'lat', header: '纬度', width: 11 },
];

export const caseExportHeaders = columns.map((c) => c.header);

const filterNames: Partial<Record<keyof CaseExportQuery, string>> = {
  status: '状态',
  type: '类型',
  channel: '渠道',
  category: '分类',
  unit: '区划',
  department: '部门',
  overdue: '超期',
  warning: '预警',
  supervised: '督办',
  extensionRequested: '延期待审批',
  from: '受理起',
  to: '受理止',
  q: '关键词',
  sort: '排序',
};

export interface CaseExportMeta {
  exportedBy: string;
  exportedAt: string;
  filters: CaseExportQuery;
  cap: number;
  capped: boolean;
}

/**
 * The cases as a workbook: one sheet of cases and one saying who exported what with which
 * filters. Values are plain strings and numbers, never formulas, so a description such as
 * `=HYPERLINK(…)` stays inert text.
 */
export async function caseWorkbook(rows: CaseExportRow[], meta: CaseExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  wb.created = new Date();
  const sheet = wb.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => r[c.key]));
  if (meta.capped) {
    sheet.addRow([]);
    sheet.addRow([`仅导出了前 ${meta.cap.toLocaleString('en-US')} 条案件，请缩小筛选范围后分批导出。`]).font = { bold: true, color: { argb: 'FFC00000' } };
  }

  const about = wb.addWorksheet('导出说明');
  about.columns = [{ width: 16 }, { width: 70 }];
  const given = (Object.keys(filterNames) as (keyof CaseExportQuery)[]).filter((k) => meta.filters[k] !== undefined);
  const show = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  about.addRows([
    ['导出人', meta.exportedBy],
    ['导出时间', meta.exportedAt],
    ['案件条数', rows.length],
    ['筛选条件', given.length ? given.map((k) => `${filterNames[k]}=${show(meta.filters[k])}`).join('；') : '（无）'],
    ['是否截断', meta.capped ? `是：超过 ${meta.cap} 条，仅包含前 ${meta.cap} 条` : '否'],
    ['说明', '仅包含导出人辖区内可见的案件；反映人姓名与电话已脱敏。本次导出已记入审计日志（操作 case.export）。'],
  ]);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
