import { z } from 'zod';
import { caseTypes } from './case-workflow.js';
import { UnitRefSchema } from './jurisdiction.js';
import { departmentKinds } from './labels.js';

/**
 * Contracts of the case engine's configuration, edited by district admins: the category taxonomy
 * (/api/case-categories), the 权责清单 (/api/responsibility-rules) and the deadline rules
 * (/api/deadline-rules).
 */

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const CaseTypeSchema = z.enum(caseTypes, { error: `案件类型应为 ${caseTypes.join('、')} 之一` });
const KindSchema = z.enum(departmentKinds, { error: `部门类别应为 ${departmentKinds.join('、')} 之一` });
export const CategoryKindSchema = z.enum(['component', 'event'], { error: '分类性质应为 component（部件）或 event（事件）' });
export const FirstLevelCodeSchema = z.string().regex(/^[A-Z]\d{2}$/, '一级分类代码格式应为 A01');
export const AnyCategoryCodeSchema = z.string().regex(/^[A-Z]\d{2}(\d{2})?$/, '分类代码格式应为 A01 或 A0101');
const SubdistrictCodeSchema = z.string().regex(/^\d{9}$/, '街镇代码应为 9 位数字');

// ---------- categories ----------

export const CaseCategoryViewSchema = z
  .object({
    code: z.string(),
    parentCode: z.string().nullable(),
    name: z.string(),
    nameEn: z.string(),
    kind: CategoryKindSchema,
    defaultType: CaseTypeSchema,
    complex: z.boolean(),
    urgent: z.boolean(),
    active: z.boolean(),
    sortOrder: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CaseCategory' });
export type CaseCategoryView = z.infer<typeof CaseCategoryViewSchema>;

export const CaseCategoryNodeSchema = CaseCategoryViewSchema.extend({ children: z.array(CaseCategoryViewSchema) }).meta({ id: 'CaseCategoryNode' });
export const CaseCategoryTreeSchema = z.object({ items: z.array(CaseCategoryNodeSchema) }).meta({ id: 'CaseCategoryTree' });
export type CaseCategoryTree = z.infer<typeof CaseCategoryTreeSchema>;

export const CaseCategoryListQuerySchema = z.object({
  /** Include inactive categories (district admins only). */
  all: boolQuery.optional(),
});

const NameSchema = z.string().trim().min(1, '请填写分类名称').max(50, '分类名称不能超过 50 个字');
const NameEnSchema = z.string().trim().max(100, '英文名称不能超过 100 个字符');

export const CaseCategoryCreateSchema = z
  .object({
    /** A01 (first level) or A0101 (second level: the parent's code plus two digits). */
    code: AnyCategoryCodeSchema,
    /** Second level only; when left out it is read from the code's first three characters. */
    parentCode: FirstLevelCodeSchema.optional(),
    name: NameSchema,
    nameEn: NameEnSchema.default(''),
    /** First level only: 部件 or 事件. A second-level category takes its parent's. */
    kind: CategoryKindSchema.optional(),
    defaultType: CaseTypeSchema.default('complaint'),
    complex: z.boolean().default(false),
    urgent: z.boolean().default(false),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  })
  .meta({ id: 'CaseCategoryCreate' });
export type CaseCategoryCreate = z.infer<typeof CaseCategoryCreateSchema>;

export const CaseCategoryPatchSchema = z
  .object({
    name: NameSchema.optional(),
    nameEn: NameEnSchema.optional(),
    defaultType: CaseTypeSchema.optional(),
    complex: z.boolean().optional(),
    urgent: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    /** false: stop taking cases in this category (a first-level one takes its children with it). */
    active: z.boolean().optional(),
    /** With active: true on a first-level category: reactivate its second-level categories too. */
    includeChildren: z.boolean().optional(),
  })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== 'includeChildren' && x !== undefined), { message: '请至少修改一项' })
  .meta({ id: 'CaseCategoryPatch' });
export type CaseCategoryPatch = z.infer<typeof CaseCategoryPatchSchema>;

export const CaseCategoryChangedSchema = z
  .object({
    category: CaseCategoryViewSchema,
    /** Second-level categories switched along with a first-level one. */
    childrenChanged: z.array(z.string()),
  })
  .meta({ id: 'CaseCategoryChanged' });

export const CategoryCodeParamsSchema = z.object({ code: AnyCategoryCodeSchema });

// ---------- 权责清单 ----------

const DeptRef = z.object({ id: z.string().uuid(), code: z.string(), name: z.string(), level: z.enum(['district', 'subdistrict']) });

/** The lead: a department kind at a level (the stationed office or the bureau), or one department. */
export const RuleLeadInputSchema = z
  .object({
    kind: KindSchema.optional(),
    level: z.enum(['district', 'subdistrict'], { error: '主办层级应为 district（区级部门）或 subdistrict（街镇派驻机构）' }).optional(),
    departmentId: z.string().uuid('主办部门编号不正确').optional(),
  })
  .superRefine((v, c) => {
    const byKind = v.kind !== undefined || v.level !== undefined;
    if (v.departmentId && byKind) c.addIssue({ code: 'custom', message: '主办部门请二选一：填写 kind+level，或填写 departmentId' });
    else if (!v.departmentId && (v.kind === undefined || v.level === undefined)) c.addIssue({ code: 'custom', message: '主办部门须同时填写 kind 和 level，或填写 departmentId' });
  });

export const ResponsibilityRuleInputSchema = z
  .object({
    lead: RuleLeadInputSchema,
    assistKinds: z
      .array(KindSchema)
      .max(5, '协办部门类别最多 5 个')
      .refine((a) => new Set(a).size === a.length, '协办部门类别不能重复')
      .default([]),
    autoDispatch: z.boolean().default(true),
    note: z.string().trim().max(200, '备注不能超过 200 个字').optional(),
  })
  .meta({ id: 'ResponsibilityRuleWrite' });
export type ResponsibilityRuleInput = z.infer<typeof ResponsibilityRuleInputSchema>;

export const ResolvedLeadSchema = z.object({
  subdistrict: UnitRefSchema,
  lead: DeptRef.nullable(),
  assists: z.array(DeptRef),
  /** The rule asks for the 街镇's stationed office, but there is none: the district bureau takes it. */
  fallback: z.boolean(),
});

export const ResponsibilityRuleSchema = z
  .object({
    id: z.string().uuid(),
    category: z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), parentName: z.string().nullable(), active: z.boolean() }),
    /** null: the district-wide rule. */
    subdistrict: UnitRefSchema.nullable(),
    lead: z.object({ kind: z.string().nullable(), kindName: z.string().nullable(), level: z.enum(['district', 'subdistrict']).nullable(), department: DeptRef.nullable() }),
    assistKinds: z.array(z.object({ kind: z.string(), name: z.string() })),
    autoDispatch: z.boolean(),
    note: z.string().nullable(),
    updatedAt: z.string(),
    /** The actual departments the rule lands on, per 街镇 it applies to (all of them, or the one asked for). */
    resolved: z.array(ResolvedLeadSchema),
    /** District-wide rules: the 街镇 whose own rule replaces this one. */
    overriddenIn: z.array(UnitRefSchema),
  })
  .meta({ id: 'ResponsibilityRule' });
export type ResponsibilityRuleView = z.infer<typeof ResponsibilityRuleSchema>;

export const ResponsibilityRuleListQuerySchema = z.object({
  /** Only the rules that apply in this 街镇 (district-wide and its own), resolved for it. */
  subdistrict: SubdistrictCodeSchema.optional(),
  /** One category; a first-level code also lists its children's rules. */
  category: AnyCategoryCodeSchema.optional(),
});
export const ResponsibilityRuleListSchema = z.object({ items: z.array(ResponsibilityRuleSchema) }).meta({ id: 'ResponsibilityRuleList' });

export const ConfigWarningSchema = z.object({ code: z.string(), message: z.string(), subdistricts: z.array(UnitRefSchema).optional() });

export const ResponsibilityRuleSavedSchema = z
  .object({ rule: ResponsibilityRuleSchema, created: z.boolean(), warnings: z.array(ConfigWarningSchema) })
  .meta({ id: 'ResponsibilityRuleSaved' });

export const RuleParamsSchema = z.object({ categoryCode: AnyCategoryCodeSchema });
export const RuleOverrideParamsSchema = RuleParamsSchema.extend({ code: SubdistrictCodeSchema });

// ---------- deadline rules ----------

// Stored as numeric(5, 2): more decimals would be rounded by the database (0.004 → 0, which its check refuses).
const hours = (what: string) =>
  z.number({ error: `${what}应为数字` }).gt(0, `${what}应大于 0`).max(999, `${what}不能超过 999 小时`).multipleOf(0.01, `${what}最多两位小数`);
const days = (what: string, min: number, max: number) =>
  z.number({ error: `${what}应为整数` }).int(`${what}应为整数`).min(min, `${what}至少 ${min} 天`).max(max, `${what}不能超过 ${max} 天`);

export const DeadlineRuleInputSchema = z
  .object({
    /** null: any type. */
    caseType: CaseTypeSchema.nullable().default(null),
    /** null: any category; a first-level code covers its children. */
    categoryCode: AnyCategoryCodeSchema.nullable().default(null),
    signWorkingHours: hours('签收时限'),
    urgentSignHours: hours('紧急件签收时限'),
    handleWorkingDays: days('办理时限', 0, 60),
    complexWorkingDays: days('复杂件办理时限', 1, 60).default(15),
    followUpWorkingDays: days('回访时限', 0, 30),
    warnRatio: z.number().gt(0, '预警比例应在 0 到 1 之间').lt(1, '预警比例应在 0 到 1 之间').multipleOf(0.01, '预警比例最多两位小数').default(0.75),
  })
  .meta({ id: 'DeadlineRuleWrite' });
export type DeadlineRuleInput = z.infer<typeof DeadlineRuleInputSchema>;

export const DeadlineRuleSchema = z
  .object({
    id: z.string().uuid(),
    caseType: CaseTypeSchema.nullable(),
    caseTypeName: z.string().nullable(),
    category: z.object({ code: z.string(), name: z.string(), parentName: z.string().nullable() }).nullable(),
    signWorkingHours: z.number(),
    urgentSignHours: z.number(),
    handleWorkingDays: z.number().int(),
    complexWorkingDays: z.number().int(),
    followUpWorkingDays: z.number().int(),
    warnRatio: z.number(),
    /** The (any type, any category) rule: always present, cannot be deleted. */
    isDefault: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeadlineRule' });
export type DeadlineRuleView = z.infer<typeof DeadlineRuleSchema>;

export const DeadlineRuleListSchema = z.object({ items: z.array(DeadlineRuleSchema) }).meta({ id: 'DeadlineRuleList' });
export const DeadlineRuleSavedSchema = z.object({ rule: DeadlineRuleSchema, created: z.boolean() }).meta({ id: 'DeadlineRuleSaved' });
export const DeadlineRuleIdParamsSchema = z.object({ id: z.string().uuid('时限规则编号不正确') });

export const DeadlinePreviewQuerySchema = z.object({
  /** Left out: the category's default type, else complaint. */
  type: CaseTypeSchema.optional(),
  category: AnyCategoryCodeSchema.optional(),
  /** Left out: now. */
  from: z.iso.datetime({ offset: true, message: '起算时间应为带时区的 ISO 8601 时间' }).optional(),
  /** Left out: the category's urgent flag. */
  urgent: boolQuery.optional(),
});

export const deadlineMatches = ['category_type', 'category', 'parent_type', 'parent', 'type', 'default'] as const;

export const DeadlinePreviewSchema = z
  .object({
    type: CaseTypeSchema,
    category: z.object({ code: z.string(), name: z.string(), parentName: z.string().nullable() }).nullable(),
    urgent: z.boolean(),
    /** The rule that applies, and how it was matched (most specific wins). */
    rule: DeadlineRuleSchema.nullable(),
    matchedBy: z.enum(deadlineMatches),
    from: z.string(),
    signDueAt: z.string(),
    handleDueAt: z.string(),
    /** Yellow warning from here. */
    warnAt: z.string(),
    /** If the dispatcher approves the long time of a complex case. */
    complexHandleDueAt: z.string(),
    /** If the case is resolved right at the handling deadline. */
    followUpDueAt: z.string(),
    calendarKnown: z.boolean(),
  })
  .meta({ id: 'DeadlinePreview' });
export type DeadlinePreview = z.infer<typeof DeadlinePreviewSchema>;

export const RuleOverrideDeletedSchema = z
  .object({
    deleted: z.literal(true),
    /** The district-wide rule that applies in the 街镇 from now on (null: the category goes to manual dispatch). */
    districtRule: ResponsibilityRuleSchema.nullable(),
  })
  .meta({ id: 'RuleOverrideDeleted' });
export const DeadlineRuleDeletedSchema = z.object({ deleted: z.literal(true) }).meta({ id: 'DeadlineRuleDeleted' });
