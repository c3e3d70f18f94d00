import { z } from 'zod';
import { PageQuerySchema, pageOf } from './common.js';

/**
 * Contracts of the case engine's extra intake channels: 12345 hotline spreadsheet imports and
 * the IoT alarm webhook. (Photo uploads answer `PhotoUploadedSchema` in cases.ts.)
 */

// ---- 12345 hotline imports -------------------------------------------------------------------

/**
 * The columns of a 12345 work-order export, by the header people see. Headers are matched
 * ignoring spaces, full-width characters, a trailing `*` and a bracketed note (`经度(WGS84)`),
 * and through the aliases below; order does not matter.
 */
export const hotlineColumns = [
  { key: 'orderNo', header: '工单编号', required: true, aliases: ['工单号', '工单编码', '热线工单号'] },
  { key: 'receivedAt', header: '受理时间', required: true, aliases: ['来电时间', '登记时间', '受理日期'] },
  { key: 'type', header: '诉求类型', required: true, aliases: ['类型', '工单类型'] },
  { key: 'content', header: '诉求内容', required: true, aliases: ['内容', '问题描述', '诉求描述'] },
  { key: 'address', header: '问题地址', required: true, aliases: ['地址', '事发地址', '事发地点'] },
  { key: 'lng', header: '经度', required: true, aliases: [] },
  { key: 'lat', header: '纬度', required: true, aliases: [] },
  { key: 'callerName', header: '来电人', required: false, aliases: ['来电人姓名', '姓名', '联系人'] },
  { key: 'phone', header: '联系电话', required: false, aliases: ['来电号码', '电话', '手机号'] },
  { key: 'categoryCode', header: '分类代码', required: false, aliases: ['分类编码', '案件分类代码'] },
  { key: 'urgent', header: '是否紧急', required: false, aliases: ['紧急'] },
] as const;
export type HotlineColumnKey = (typeof hotlineColumns)[number]['key'];

export const hotlineImportOutcomes = ['accepted', 'duplicate', 'rejected'] as const;
export type HotlineImportOutcome = (typeof hotlineImportOutcomes)[number];
export const hotlineImportOutcomeNames: Record<HotlineImportOutcome, { zh: string; en: string }> = {
  accepted: { zh: '已导入', en: 'Imported' },
  duplicate: { zh: '重复（已导入过）', en: 'Duplicate (imported before)' },
  rejected: { zh: '未导入', en: 'Rejected' },
};

export const hotlineFileTypes = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

export const HotlineImportQuerySchema = z.object({
  /** The uploaded file's name, for the import list (the body is the raw file). */
  fileName: z.string().trim().min(1, '请提供文件名').max(200, '文件名不能超过 200 个字').optional(),
});

/** One row's outcome. Never carries the caller's name or phone. */
export const HotlineImportRowSchema = z
  .object({
    /** The spreadsheet row number as the user sees it (the header is row 1). */
    row: z.number().int(),
    orderNo: z.string().nullable(),
    outcome: z.enum(hotlineImportOutcomes),
    /** Why (in Chinese): what was wrong, or which case the row became. */
    message: z.string(),
    /** The columns that were wrong, for highlighting. */
    fields: z.array(z.string()),
    caseId: z.string().uuid().nullable(),
    caseNumber: z.string().nullable(),
  })
  .meta({ id: 'HotlineImportRow' });
export type HotlineImportRow = z.infer<typeof HotlineImportRowSchema>;

export const HotlineImportSummarySchema = z
  .object({
    id: z.string().uuid(),
    fileName: z.string(),
    fileSha256: z.string(),
    rowsTotal: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    importedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'HotlineImportSummary' });
export type HotlineImportSummary = z.infer<typeof HotlineImportSummarySchema>;

export const HotlineImportSchema = HotlineImportSummarySchema.extend({ rows: z.array(HotlineImportRowSchema) }).meta({ id: 'HotlineImport' });
export type HotlineImport = z.infer<typeof HotlineImportSchema>;
export const HotlineImportPageSchema = pageOf(HotlineImportSummarySchema).meta({ id: 'HotlineImportPage' });
export const HotlineImportListQuerySchema = PageQuerySchema;

// ---- IoT alarms ------------------------------------------------------------------------------

export const iotAlarmKinds = ['manhole_cover_tilt', 'elevator_trapped', 'smoke', 'water_level', 'gas_leak', 'ebike_charging'] as const;
export type IotAlarmKind = (typeof iotAlarmKinds)[number];
export const iotAlarmKindNames: Record<IotAlarmKind, { zh: string; en: string }> = {
  manhole_cover_tilt: { zh: '井盖倾斜位移', en: 'Manhole cover tilted or moved' },
  elevator_trapped: { zh: '电梯困人', en: 'People trapped in an elevator' },
  smoke: { zh: '烟感报警', en: 'Smoke detected' },
  water_level: { zh: '积水水位超限', en: 'Water level over the limit' },
  gas_leak: { zh: '燃气浓度超限', en: 'Gas concentration over the limit' },
  ebike_charging: { zh: '电动车违规充电', en: 'E-bike charging indoors' },
};

// A device or alarm id: letters, digits, `.`, `_`, `-` (no `:`, which joins them into the source ref).
const deviceRef = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `请提供${what}`)
    .max(max, `${what}不能超过 ${max} 个字符`)
    .regex(/^[A-Za-z0-9._-]+$/, `${what}只能包含字母、数字、点、下划线和连字符`);

export const IotAlarmSchema = z
  .object({
    deviceId: deviceRef('设备编号', 32),
    /** The device's own id for this alarm: a re-sent alarm carries the same one. */
    alarmId: deviceRef('告警编号', 31),
    kind: z.enum(iotAlarmKinds, { message: `告警类型应为 ${iotAlarmKinds.join('、')} 之一` }),
    reading: z.number().finite().optional(),
    unit: z.string().trim().max(16, '读数单位不能超过 16 个字符').optional(),
    location: z.tuple([
      z.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
      z.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
    ]),
    address: z.string().trim().max(200, '地址不能超过 200 个字').optional(),
    occurredAt: z.iso.datetime({ offset: true, message: '告警时间应为带时区的 ISO 8601 时间' }),
  })
  .meta({ id: 'IotAlarm' });
export type IotAlarm = z.infer<typeof IotAlarmSchema>;

export const IotAlarmAcceptedSchema = z
  .object({
    caseId: z.string().uuid(),
    number: z.string(),
    /** True when this alarm (device + alarm id) had already become a case: nothing new was made. */
    duplicate: z.boolean(),
    categoryCode: z.string(),
    urgent: z.boolean(),
    autoDispatched: z.boolean(),
  })
  .meta({ id: 'IotAlarmAccepted' });
export type IotAlarmAccepted = z.infer<typeof IotAlarmAcceptedSchema>;
