import { z } from 'zod';
import { caseActions, caseChannels, caseStatuses, caseTypes, satisfactionLevels } from './case-workflow.js';
import { PageQuerySchema, pageOf } from './common.js';
import { UnitRefSchema } from './jurisdiction.js';
import { MobileSchema } from './users.js';

/** Contracts of the case engine (/api/cases …): requests, responses and their validation messages. */

export const CaseStatusSchema = z.enum(caseStatuses);
export const CaseChannelSchema = z.enum(caseChannels);
export const CaseTypeSchema = z.enum(caseTypes);
export const CaseActionSchema = z.enum(caseActions);
export const SatisfactionSchema = z.enum(satisfactionLevels);
export const CategoryCodeSchema = z.string().regex(/^[A-Z]\d{2}(\d{2})?$/, '分类代码格式应为 A01 或 A0101');

const LngLat = z.tuple([
  z.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
  z.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
]);

export const CaseReporterInputSchema = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名不能超过 30 个字').optional(),
  phone: MobileSchema.optional(),
  /** Whether the reporter agrees to be contacted (回访). */
  contactConsent: z.boolean().default(false),
});

export const CaseCreateSchema = z
  .object({
    channel: CaseChannelSchema.default('resident_app'),
    /** Left out: the classification assist suggests one. */
    type: CaseTypeSchema.optional(),
    categoryCode: CategoryCodeSchema.optional(),
    title: z.string().trim().max(60, '标题不能超过 60 个字').optional(),
    description: z.string().trim().min(5, '问题描述至少 5 个字').max(2000, '问题描述不能超过 2000 个字'),
    location: LngLat,
    address: z.string().trim().max(200, '地址不能超过 200 个字').default(''),
    urgent: z.boolean().optional(),
    reporter: CaseReporterInputSchema.optional(),
    /** Ids of photos uploaded first through POST /api/cases/photos (up to 6). */
    photoIds: z.array(z.string().uuid('照片编号不正确')).max(6, '最多上传 6 张照片').default([]),
    /** When the case was first received elsewhere (hotline, reception): the clock starts then. Staff only. */
    receivedAt: z.iso.datetime({ offset: true, message: '受理时间应为带时区的 ISO 8601 时间' }).optional(),
    /** Hotline order number, device alarm id …: unique per channel. */
    sourceRef: z.string().trim().min(1).max(64, '来源编号不能超过 64 个字符').optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .meta({ id: 'CaseCreate' });
export type CaseCreate = z.infer<typeof CaseCreateSchema>;

export const CaseRefSchema = z.object({ id: z.string().uuid(), number: z.string() });
export const DepartmentRefSchema = z.object({ id: z.string().uuid(), code: z.string(), name: z.string() });
export type DepartmentRef = z.infer<typeof DepartmentRefSchema>;
export const CategoryRefSchema = z.object({ code: z.string(), name: z.string(), parentName: z.string().nullable() });

export const CaseClassificationSchema = z.object({
  type: CaseTypeSchema,
  typeConfidence: z.number(),
  categoryCode: z.string().nullable(),
  categoryConfidence: z.number(),
  /** The best few categories, best first. */
  alternatives: z.array(z.object({ categoryCode: z.string(), name: z.string(), confidence: z.number() })),
  modelTrainedOn: z.number().int(),
});
export type CaseClassification = z.infer<typeof CaseClassificationSchema>;

export const CaseDeadlinesSchema = z.object({
  signDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  followUpDueAt: z.string().nullable(),
  /** yellow: most of the handling time has passed; red: overdue. */
  warning: z.enum(['none', 'yellow', 'red']),
  overdue: z.boolean(),
  paused: z.boolean(),
  /** False when a deadline reaches into a year the holiday calendar does not know yet (counted Mon–Fri). */
  calendarKnown: z.boolean(),
});

export const CaseSchema = z
  .object({
    id: z.string().uuid(),
    number: z.string(),
    channel: CaseChannelSchema,
    type: CaseTypeSchema,
    category: CategoryRefSchema.nullable(),
    status: CaseStatusSchema,
    urgent: z.boolean(),
    complex: z.boolean(),
    title: z.string(),
    description: z.string(),
    address: z.string(),
    location: z.tuple([z.number(), z.number()]),
    subdistrict: UnitRefSchema.nullable(),
    neighborhood: UnitRefSchema.nullable(),
    grid: UnitRefSchema.nullable(),
    leadDepartment: DepartmentRefSchema.nullable(),
    assistDepartments: z.array(DepartmentRefSchema),
    /** Masked by role; null when nobody left contact details. */
    reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable(), contactConsent: z.boolean(), isAccount: z.boolean() }).nullable(),
    flags: z.object({
      extensionRequested: z.boolean(),
      extensionsApproved: z.number().int(),
      supervised: z.boolean(),
      escalationLevel: z.number().int(),
      reopenCount: z.number().int(),
      satisfaction: SatisfactionSchema.nullable(),
    }),
    deadlines: CaseDeadlinesSchema,
    classification: CaseClassificationSchema.nullable(),
    duplicateOf: CaseRefSchema.extend({ score: z.number() }).nullable(),
    mergedInto: CaseRefSchema.nullable(),
    publicNote: z.string().nullable(),
    photos: z.array(z.object({ id: z.string().uuid(), url: z.string() })),
    sourceRef: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()).nullable(),
    receivedAt: z.string(),
    dispatchedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
    version: z.number().int(),
    /** What the caller may do now (from the workflow table). */
    allowedActions: z.array(CaseActionSchema),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof CaseSchema>;

export const CaseCreatedSchema = z
  .object({
    case: CaseSchema,
    /** True when an Idempotency-Key replay answered the first result. */
    replayed: z.boolean(),
    autoDispatched: z.boolean(),
  })
  .meta({ id: 'CaseCreated' });

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20).optional());

export const CaseListQuerySchema = PageQuerySchema.extend({
  status: csv(CaseStatusSchema),
  type: csv(CaseTypeSchema),
  category: z.string().regex(/^[A-Z]\d{2}(\d{2})?$/, '分类代码格式应为 A01 或 A0101').optional(),
  channel: csv(CaseChannelSchema),
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
  department: z.string().uuid('部门编号不正确').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  warning: z.enum(['yellow', 'red']).optional(),
  supervised: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** true: an extension request awaits the dispatcher's decision. */
  extensionRequested: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  from: z.iso.datetime({ offset: true, message: '开始时间应为带时区的 ISO 8601 时间' }).optional(),
  to: z.iso.datetime({ offset: true, message: '结束时间应为带时区的 ISO 8601 时间' }).optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  /** The caller's own reports: a resident's cases (always on for residents); for staff, the cases they took in. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(['received_desc', 'received_asc', 'due_asc']).default('received_desc'),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

/** GET /api/cases/export.xlsx: the list's filters without paging (the server caps the rows). */
export const CaseExportQuerySchema = CaseListQuerySchema.omit({ limit: true, cursor: true });
export type CaseExportQuery = z.infer<typeof CaseExportQuerySchema>;

export const CaseSummarySchema = CaseSchema.pick({
  id: true,
  number: true,
  channel: true,
  type: true,
  category: true,
  status: true,
  urgent: true,
  title: true,
  address: true,
  location: true,
  subdistrict: true,
  leadDepartment: true,
  deadlines: true,
  flags: true,
  receivedAt: true,
  updatedAt: true,
})
  .extend({
    /** The open case this one likely repeats (flagged at intake), for the dispatcher's queue. */
    duplicateOfId: z.string().uuid().nullable(),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export const CasePageSchema = pageOf(CaseSummarySchema).meta({ id: 'CasePage' });

export const CaseActionRequestSchema = z
  .object({
    reason: z.string().trim().max(500, '理由不能超过 500 个字').optional(),
    /** A note the reporter and the public (Open311 status_notes) see. */
    publicNote: z.string().trim().max(500, '公开说明不能超过 500 个字').optional(),
    leadDepartmentId: z.string().uuid('主办部门编号不正确').optional(),
    assistDepartmentIds: z.array(z.string().uuid('协办部门编号不正确')).max(5, '协办部门最多 5 个').optional(),
    /** dispatch / redispatch: the dispatcher approves the long handling time of a complex case. */
    complex: z.boolean().optional(),
    satisfaction: SatisfactionSchema.optional(),
    masterCaseId: z.string().uuid('主案件编号不正确').optional(),
    extensionWorkingDays: z.number().int().min(1, '延期天数至少 1 天').max(30, '延期天数最多 30 天').optional(),
    /** classify: the corrected category (second level) and/or type. */
    categoryCode: CategoryCodeSchema.optional(),
    type: CaseTypeSchema.optional(),
    /** Photos uploaded first through POST /api/cases/photos (on-site evidence of a note, resolution or verification). */
    photoIds: z.array(z.string().uuid('照片编号不正确')).max(6, '最多上传 6 张照片').optional(),
    /** Optimistic check: the version the caller saw. */
    version: z.number().int().optional(),
  })
  .meta({ id: 'CaseActionRequest' });
export type CaseActionRequest = z.infer<typeof CaseActionRequestSchema>;

export const CaseEventSchema = z
  .object({
    id: z.string(),
    action: z.string(),
    actionName: z.string(),
    fromStatus: CaseStatusSchema.nullable(),
    toStatus: CaseStatusSchema,
    actor: z.string().nullable(),
    actorRole: z.string().nullable(),
    department: z.string().nullable(),
    note: z.string().nullable(),
    public: z.boolean(),
    data: z.record(z.string(), z.unknown()).nullable(),
    at: z.string(),
  })
  .meta({ id: 'CaseEvent' });
export type CaseEventView = z.infer<typeof CaseEventSchema>;
export const CaseEventListSchema = z.object({ items: z.array(CaseEventSchema) }).meta({ id: 'CaseEventList' });

export const DispatchSuggestionSchema = z
  .object({
    lead: DepartmentRefSchema.nullable(),
    assists: z.array(DepartmentRefSchema),
    rule: z.object({ id: z.string(), categoryCode: z.string(), autoDispatch: z.boolean() }).nullable(),
    reason: z.string(),
  })
  .meta({ id: 'DispatchSuggestion' });
export type DispatchSuggestion = z.infer<typeof DispatchSuggestionSchema>;

export const ClassifyRequestSchema = z.object({ text: z.string().trim().min(2, '请输入至少 2 个字').max(2000, '文字不能超过 2000 个字') });

export const DuplicateCandidateSchema = CaseRefSchema.extend({
  title: z.string(),
  status: CaseStatusSchema,
  distanceMeters: z.number(),
  similarity: z.number(),
  receivedAt: z.string(),
});
export const DuplicateListSchema = z.object({ items: z.array(DuplicateCandidateSchema) }).meta({ id: 'DuplicateList' });

export const PhotoUploadedSchema = z
  .object({ id: z.string().uuid(), contentType: z.string(), sizeBytes: z.number().int(), width: z.number().int().nullable(), height: z.number().int().nullable() })
  .meta({ id: 'PhotoUploaded' });

export const CaseChangeEventSchema = z.object({
  caseId: z.string().uuid(),
  number: z.string(),
  action: z.string(),
  status: CaseStatusSchema,
  subdistrict: z.string().nullable(),
  at: z.string(),
});
export type CaseChangeEvent = z.infer<typeof CaseChangeEventSchema>;
