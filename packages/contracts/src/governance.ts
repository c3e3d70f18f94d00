import { z } from 'zod';
import { governanceListKinds } from './community-labels.js';
import { CompoundTypeSchema } from './compounds.js';

/**
 * 分类治理: per compound type, three lists (问题需求 / 社会资源 / 公共服务), a governance guide
 * (治理攻略, rich text sanitised by the server) and weighted evaluation indicators (评估导则);
 * compounds are scored against their type's indicators once per year.
 */
export const GovernanceListKindSchema = z.enum(governanceListKinds);

export const GovernanceTypeParamsSchema = z.object({ type: CompoundTypeSchema });
export const GovernanceItemParamsSchema = z.object({ type: CompoundTypeSchema, id: z.string().uuid('条目编号不正确') });
export const GovernanceListParamsSchema = z.object({ type: CompoundTypeSchema, kind: GovernanceListKindSchema });

const title = z.string().trim().min(1, '请填写名称').max(100, '名称不能超过 100 个字符');
const detail = z.string().trim().max(2000, '说明不能超过 2000 个字符');

export const GovernanceItemSchema = z
  .object({
    id: z.string().uuid(),
    listKind: GovernanceListKindSchema,
    title: z.string(),
    detail: z.string(),
    sortOrder: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'GovernanceItem' });
export type GovernanceItem = z.infer<typeof GovernanceItemSchema>;

export const GovernanceItemCreateSchema = z.object({ listKind: GovernanceListKindSchema, title, detail: detail.default('') });
export const GovernanceItemPatchSchema = z
  .object({ title: title.optional(), detail: detail.optional() })
  .refine((v) => v.title !== undefined || v.detail !== undefined, '没有要修改的内容');
/** The whole list in its new order: exactly the ids the list holds. */
export const GovernanceReorderSchema = z.object({ ids: z.array(z.string().uuid('条目编号不正确')).min(1).max(200) });

export const GovernanceGuideSchema = z
  .object({
    html: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'GovernanceGuide' });
export type GovernanceGuide = z.infer<typeof GovernanceGuideSchema>;
export const GovernanceGuideInputSchema = z.object({
  html: z.string().max(100_000, '攻略内容过长（不能超过 10 万字符）'),
  /** The version the editor started from: a stale one answers 409. */
  // The column is a PostgreSQL integer: a larger number is refused here, not by the database.
  version: z.number().int().min(1).max(2_147_483_647),
});

export const GovernanceIndicatorSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    description: z.string(),
    weight: z.number(),
    sortOrder: z.number().int(),
    active: z.boolean(),
  })
  .meta({ id: 'GovernanceIndicator' });
export type GovernanceIndicator = z.infer<typeof GovernanceIndicatorSchema>;

/** The indicators of a type, saved as a set (in this order): active weights must add up to 100. */
export const GovernanceIndicatorSetSchema = z.object({
  indicators: z
    .array(
      z.object({
        id: z.string().uuid().optional(),
        name: z.string().trim().min(1, '请填写指标名称').max(60, '指标名称不能超过 60 个字符'),
        description: z.string().trim().max(500, '指标说明不能超过 500 个字符').default(''),
        weight: z.number().gt(0, '权重须大于 0').max(100, '权重不能超过 100').multipleOf(0.01, '权重最多两位小数'),
        active: z.boolean().default(true),
      }),
    )
    .min(1, '至少需要一个指标')
    .max(30, '指标不能超过 30 个'),
});

export const GovernanceTypeSchema = z
  .object({
    type: CompoundTypeSchema,
    lists: z.object({ problems: z.array(GovernanceItemSchema), resources: z.array(GovernanceItemSchema), services: z.array(GovernanceItemSchema) }),
    guide: GovernanceGuideSchema,
    indicators: z.array(GovernanceIndicatorSchema),
    /** May the caller edit (governance.configure)? */
    editable: z.boolean(),
  })
  .meta({ id: 'GovernanceType' });
export type GovernanceType = z.infer<typeof GovernanceTypeSchema>;

export const GovernanceOverviewSchema = z
  .object({
    items: z.array(
      z.object({
        type: CompoundTypeSchema,
        problems: z.number().int(),
        resources: z.number().int(),
        services: z.number().int(),
        indicators: z.number().int(),
        compounds: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'GovernanceOverview' });
export type GovernanceOverview = z.infer<typeof GovernanceOverviewSchema>;

// ---- evaluation (治理绩效评估) ----
export const EvaluationCompoundParamsSchema = z.object({ id: z.string().uuid('小区编号不正确') });
const year = z.coerce.number().int('年度应为整数').min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间');

export const EvaluationInputSchema = z.object({
  year,
  scores: z
    .array(z.object({ indicatorId: z.string().uuid('指标编号不正确'), score: z.number().min(0, '得分应在 0–100 之间').max(100, '得分应在 0–100 之间') }))
    .min(1, '请为各项指标打分')
    .max(30),
  note: z.string().trim().max(1000, '备注不能超过 1000 个字符').optional(),
});

export const EvaluationScoreSchema = z.object({ indicatorId: z.string(), name: z.string(), weight: z.number(), score: z.number() });
export const CompoundEvaluationSchema = z
  .object({
    id: z.string().uuid(),
    compound: z.object({ id: z.string().uuid(), code: z.string(), name: z.string(), type: CompoundTypeSchema }),
    year: z.number().int(),
    scores: z.array(EvaluationScoreSchema),
    total: z.number(),
    note: z.string().nullable(),
    evaluatedBy: z.string().nullable(),
    evaluatedAt: z.string(),
  })
  .meta({ id: 'CompoundEvaluation' });
export type CompoundEvaluation = z.infer<typeof CompoundEvaluationSchema>;
export const CompoundEvaluationSavedSchema = CompoundEvaluationSchema.extend({ replaced: z.boolean() });
export const CompoundEvaluationHistorySchema = z.object({ items: z.array(CompoundEvaluationSchema) }).meta({ id: 'CompoundEvaluationHistory' });

export const ComparisonQuerySchema = z.object({
  year,
  unit: z.string().regex(/^\d{6}(\d{3}){0,3}$/, '区划代码应为 6、9、12 或 15 位数字').optional(),
});
export const ComparisonSchema = z
  .object({
    type: CompoundTypeSchema,
    year: z.number().int(),
    /** Columns: the indicators that appear in the evaluations (as evaluated), in the type's order. */
    indicators: z.array(z.object({ id: z.string(), name: z.string(), weight: z.number() })),
    rows: z.array(
      z.object({
        rank: z.number().int(),
        compound: z.object({ id: z.string().uuid(), code: z.string(), name: z.string() }),
        neighborhood: z.object({ code: z.string(), name: z.string() }),
        total: z.number(),
        scores: z.record(z.string(), z.number()),
      }),
    ),
    averages: z.object({ total: z.number().nullable(), scores: z.record(z.string(), z.number()) }),
    /** Compounds of the type in scope with no evaluation that year. */
    notEvaluated: z.number().int(),
  })
  .meta({ id: 'GovernanceComparison' });
export type GovernanceComparison = z.infer<typeof ComparisonSchema>;
