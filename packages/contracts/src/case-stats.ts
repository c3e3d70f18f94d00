import { z } from 'zod';
import { CaseStatusSchema } from './cases.js';
import { UnitCodeSchema, UnitRefSchema } from './jurisdiction.js';

/**
 * Contracts of the case statistics (/api/case-stats …) behind the big screen and the leaders'
 * dashboards. Definitions (docs/case-stats.md):
 * - the period's cohort is the cases RECEIVED in [from, to] (Shanghai days, both included);
 * - `open` and `overdue` are snapshots of now, whatever the receipt day;
 * - closure rate 办结率 = resolved (办结 or later) / effective intake (not merged nor cancelled);
 * - on-time rate 按期办结率 = resolved by the handling deadline / (resolved + open and overdue);
 * - satisfaction rate 满意率 = (满意 + 基本满意) / rated, each case counted once with its latest
 *   rating (an unsatisfied rating that reopened the case counts until the case is rated again).
 */

/** Most days one request may span (a year and a day, so a leap year's full year fits). */
export const caseStatsMaxDays = 366;

const isDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(+d) && d.toISOString().slice(0, 10) === s;
};
export const StatsDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isDay, '日期不存在');

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const CaseStatsQuerySchema = z
  .object({
    /** The unit to look at (drill-down); default: the caller's own place (or the district). */
    unit: UnitCodeSchema.optional(),
    /** First and last day (Asia/Shanghai) of the period; default: the last 30 days up to today. */
    from: StatsDaySchema.optional(),
    to: StatsDaySchema.optional(),
    /** How many categories the top list holds. */
    top: z.coerce.number().int().min(1, '排行数量至少为 1').max(50, '排行数量最多为 50').default(10),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '开始日期不能晚于结束日期' });
    else if (q.from && q.to && daysBetween(q.from, q.to) >= caseStatsMaxDays) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `统计区间最长 ${caseStatsMaxDays} 天` });
    }
  });
export type CaseStatsQuery = z.infer<typeof CaseStatsQuerySchema>;

/** A rate with what it is made of; `rate` is null when nothing counts yet (shown as "—"). */
export const StatsRateSchema = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
export type StatsRate = z.infer<typeof StatsRateSchema>;

export const CaseFiguresSchema = z
  .object({
    /** Received in the period. */
    intake: z.number().int(),
    /** Received in the period, not merged nor cancelled. */
    effective: z.number().int(),
    /** Of the period's cases: resolved (办结) or further. */
    resolved: z.number().int(),
    /** Of the period's cases: closed (结案). */
    closed: z.number().int(),
    /** Now: not yet resolved (received, dispatched, signed, in progress, returned). */
    open: z.number().int(),
    /** Now: being handled and past the handling deadline. */
    overdue: z.number().int(),
    closureRate: StatsRateSchema,
    onTimeRate: StatsRateSchema,
    satisfactionRate: StatsRateSchema,
    /** Ratings of the period's cases by level (latest rating of each case). */
    ratings: z.object({ satisfied: z.number().int(), basicallySatisfied: z.number().int(), unsatisfied: z.number().int() }),
  })
  .meta({ id: 'CaseFigures' });
export type CaseFigures = z.infer<typeof CaseFiguresSchema>;

export const CaseStatsUnitRowSchema = UnitRefSchema.extend({ figures: CaseFiguresSchema, hasChildren: z.boolean() });
export type CaseStatsUnitRow = z.infer<typeof CaseStatsUnitRowSchema>;

export const CaseStatsDepartmentRowSchema = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  level: z.enum(['district', 'subdistrict']),
  figures: CaseFiguresSchema,
});
export type CaseStatsDepartmentRow = z.infer<typeof CaseStatsDepartmentRowSchema>;

export const CaseStatsCategoryRowSchema = z.object({
  /** null: not classified yet. */
  code: z.string().nullable(),
  name: z.string(),
  parentName: z.string().nullable(),
  intake: z.number().int(),
  open: z.number().int(),
  share: z.number().nullable(),
});
export type CaseStatsCategoryRow = z.infer<typeof CaseStatsCategoryRowSchema>;

export const CaseStatsTrendPointSchema = z.object({ day: z.string(), intake: z.number().int(), resolved: z.number().int() });
export type CaseStatsTrendPoint = z.infer<typeof CaseStatsTrendPointSchema>;

export const CaseStatsOverviewSchema = z
  .object({
    unit: UnitRefSchema,
    /** From the district down to the unit's parent: the drill-down path back up. */
    ancestors: z.array(UnitRefSchema),
    period: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
    /** When the figures were computed (ISO 8601, +08:00). */
    asOf: z.string(),
    /** Received today (Shanghai), whatever the period. */
    todayIntake: z.number().int(),
    figures: CaseFiguresSchema,
    /** The unit's children (subdistricts, neighborhoods or grids), every one even without cases. */
    childLevel: z.enum(['subdistrict', 'neighborhood', 'grid']).nullable(),
    units: z.array(CaseStatsUnitRowSchema),
    /** Lead departments of the period's cases, best on-time rate first. */
    departments: z.array(CaseStatsDepartmentRowSchema),
    /** The top categories by intake in the period. */
    categories: z.array(CaseStatsCategoryRowSchema),
    /** One point per day of the period: received and resolved that day. */
    trend: z.array(CaseStatsTrendPointSchema),
  })
  .meta({ id: 'CaseStatsOverview' });
export type CaseStatsOverview = z.infer<typeof CaseStatsOverviewSchema>;

export const CaseStatsFeedQuerySchema = z.object({
  unit: UnitCodeSchema.optional(),
  limit: z.coerce.number().int().min(1, '条数至少为 1').max(100, '条数最多为 100').default(30),
});

/** A public step of a case, for the screen's feed: no names, no phone, no free text. */
export const CaseStatsFeedItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  caseNumber: z.string(),
  action: z.string(),
  actionName: z.string(),
  status: CaseStatusSchema,
  category: z.string().nullable(),
  subdistrict: z.string().nullable(),
  neighborhood: z.string().nullable(),
});
export type CaseStatsFeedItem = z.infer<typeof CaseStatsFeedItemSchema>;
export const CaseStatsFeedSchema = z.object({ items: z.array(CaseStatsFeedItemSchema) }).meta({ id: 'CaseStatsFeed' });
export type CaseStatsFeed = z.infer<typeof CaseStatsFeedSchema>;

export const CaseStatsPointsQuerySchema = z.object({ unit: UnitCodeSchema.optional() });
/** Most points one map answer holds (newest open cases first). */
export const caseStatsPointCap = 5000;
/**
 * Open cases on the map as `[lng, lat, kind]` tuples (compact: thousands of points every refresh);
 * kind 0 = open, 1 = overdue, 2 = received today.
 */
export const CaseStatsPointsSchema = z
  .object({ items: z.array(z.tuple([z.number(), z.number(), z.number().int()])), capped: z.boolean() })
  .meta({ id: 'CaseStatsPoints' });
export type CaseStatsPoints = z.infer<typeof CaseStatsPointsSchema>;
