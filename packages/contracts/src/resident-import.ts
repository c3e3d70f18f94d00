import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';

/**
 * 居民信息采集: importing residents and households from the spreadsheet a 居委会 keeps (.xlsx or
 * CSV). Headers are matched ignoring spaces, full-width characters, a `*` mark and a bracketed
 * note (`户籍在本址(是/否)`), and through the aliases below; column order does not matter.
 */
export const residentImportColumns = [
  { key: 'seq', header: '序号', required: false, aliases: ['编号', '行号'] },
  { key: 'name', header: '姓名', required: true, aliases: ['居民姓名'] },
  { key: 'idNumber', header: '身份证号', required: true, aliases: ['身份证号码', '公民身份号码', '证件号码'] },
  { key: 'phone', header: '联系电话', required: false, aliases: ['手机号', '手机号码', '电话'] },
  { key: 'relation', header: '与户主关系', required: true, aliases: ['户主关系', '关系'] },
  { key: 'compound', header: '小区', required: true, aliases: ['小区名称', '所在小区'] },
  { key: 'building', header: '楼号', required: true, aliases: ['楼栋', '楼栋号', '幢号'] },
  { key: 'unit', header: '单元', required: false, aliases: ['单元号'] },
  { key: 'room', header: '室号', required: true, aliases: ['房号', '房间号', '门牌号'] },
  { key: 'hukouHere', header: '户籍在本址', required: true, aliases: ['户籍在本地址', '户籍'] },
  { key: 'livesHere', header: '实际居住', required: true, aliases: ['是否实际居住', '常住'] },
  { key: 'politicalStatus', header: '政治面貌', required: false, aliases: [] },
  { key: 'housingStatus', header: '住房性质', required: false, aliases: ['居住性质', '房屋性质'] },
  { key: 'tags', header: '特殊群体', required: false, aliases: ['特殊人群', '人员类别'] },
  { key: 'movedInOn', header: '迁入日期', required: false, aliases: ['入住日期', '迁入时间'] },
] as const;
export type ResidentImportColumnKey = (typeof residentImportColumns)[number]['key'];

export const residentImportStatuses = ['accepted', 'updated', 'unchanged', 'rejected'] as const;
export type ResidentImportStatus = (typeof residentImportStatuses)[number];
export const residentImportStatusNames: Record<ResidentImportStatus, { zh: string; en: string }> = {
  accepted: { zh: '新增', en: 'Added' },
  updated: { zh: '已更新', en: 'Updated' },
  unchanged: { zh: '无变化', en: 'Unchanged' },
  rejected: { zh: '未导入', en: 'Rejected' },
};

export const residentImportFileTypes = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

const neighborhoodCode = z.string().regex(/^\d{12}$/, '居民区代码应为 12 位数字');

export const ResidentImportQuerySchema = z.object({
  neighborhood: neighborhoodCode,
  /** The uploaded file's name, for the history (the body is the raw file). */
  fileName: z.string().trim().min(1, '请提供文件名').max(200, '文件名不能超过 200 个字').optional(),
});

/** One row's outcome; reasons in Chinese, never a personal value. */
export const ResidentImportRowSchema = z
  .object({
    /** The spreadsheet row number as the user sees it (the header is usually row 1). */
    row: z.number().int(),
    status: z.enum(residentImportStatuses),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'ResidentImportRow' });
export type ResidentImportRow = z.infer<typeof ResidentImportRowSchema>;

export const ResidentImportSummarySchema = z
  .object({
    id: z.string().uuid(),
    neighborhood: z.object({ code: z.string(), name: z.string() }),
    fileName: z.string(),
    accepted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    importedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ResidentImportSummary' });
export type ResidentImportSummary = z.infer<typeof ResidentImportSummarySchema>;

export const ResidentImportSchema = ResidentImportSummarySchema.extend({ rows: z.array(ResidentImportRowSchema) }).meta({ id: 'ResidentImport' });
export type ResidentImport = z.infer<typeof ResidentImportSchema>;
export const ResidentImportPageSchema = pageOf(ResidentImportSummarySchema).meta({ id: 'ResidentImportPage' });
export const ResidentImportListQuerySchema = PageQuerySchema.extend({ neighborhood: neighborhoodCode.optional() });
