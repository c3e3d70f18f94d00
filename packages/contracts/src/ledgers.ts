import { z } from 'zod';
import { UnitRefSchema } from './jurisdiction.js';

/**
 * 台账报表 generated from the community data (issue 6): the ledger ids, the JSON shape a ledger
 * answers with (the console's table and the Excel file are the same figures), and the query of
 * the de-identified export for analysts.
 */
export const ledgerIds = [
  'population',
  'hukou-residence',
  'elderly',
  'special-groups',
  'compounds',
  'elevators',
  'group-rentals',
  'neighborhood-summary',
] as const;
export type LedgerId = (typeof ledgerIds)[number];
export const LedgerIdSchema = z.enum(ledgerIds, { error: '没有这种台账' });

export const LedgerSummarySchema = z
  .object({
    id: LedgerIdSchema,
    name: z.string(),
    nameEn: z.string(),
    description: z.string(),
    descriptionEn: z.string(),
  })
  .meta({ id: 'LedgerSummary' });
export type LedgerSummary = z.infer<typeof LedgerSummarySchema>;
export const LedgerListSchema = z.object({ items: z.array(LedgerSummarySchema) }).meta({ id: 'LedgerList' });

export const LedgerColumnSchema = z.object({
  key: z.string(),
  header: z.string(),
  headerEn: z.string(),
  kind: z.enum(['text', 'count', 'percent', 'date']),
});
export type LedgerColumn = z.infer<typeof LedgerColumnSchema>;

export const LedgerCellSchema = z.union([z.string(), z.number(), z.null()]);
export type LedgerCell = z.infer<typeof LedgerCellSchema>;

export const LedgerRowSchema = z.object({
  /** The child unit a row stands for (drill down to it); null for compounds, persons, households. */
  unit: UnitRefSchema.nullable(),
  cells: z.record(z.string(), LedgerCellSchema),
});
export type LedgerRow = z.infer<typeof LedgerRowSchema>;

/** A table of a ledger: the main one (rows per child unit) or a list (persons, households). */
export const LedgerTableSchema = z.object({
  key: z.string(),
  title: z.string(),
  titleEn: z.string(),
  columns: z.array(LedgerColumnSchema),
  rows: z.array(LedgerRowSchema),
  /** The 合计 row (sums of the count columns, rates from the sums); null for lists. */
  totals: z.record(z.string(), LedgerCellSchema).nullable(),
});
export type LedgerTable = z.infer<typeof LedgerTableSchema>;

export const LedgerResultSchema = z
  .object({
    ledger: LedgerSummarySchema,
    unit: UnitRefSchema,
    /** From the district down to the unit's parent, only those the caller may open (breadcrumb). */
    ancestors: z.array(UnitRefSchema),
    /** The day ages are counted on (Asia/Shanghai), YYYY-MM-DD. */
    asOf: z.string(),
    generatedAt: z.string(),
    /** False: names and ID numbers in lists are masked. True only after an audited plain request. */
    plain: z.boolean(),
    main: LedgerTableSchema,
    /** Lists of persons or households (at neighborhood level), masked unless plain. */
    lists: z.array(LedgerTableSchema),
    notes: z.array(z.string()),
  })
  .meta({ id: 'LedgerResult' });
export type LedgerResult = z.infer<typeof LedgerResultSchema>;

const unitCode = z.string().regex(/^\d{6}(\d{3}){0,2}$/, '统计单位应为区（6 位）、街镇（9 位）或居民区（12 位）代码');

export const LedgerQuerySchema = z.object({
  unit: unitCode,
  plain: z
    .enum(['true', 'false'], { error: 'plain 只能是 true 或 false' })
    .optional()
    .transform((v) => v === 'true'),
  reason: z.string().trim().max(200, '理由不能超过 200 个字符').optional(),
});
export type LedgerQuery = z.input<typeof LedgerQuerySchema>;

export const LedgerParamsSchema = z.object({ id: LedgerIdSchema });

export const DeidentifiedQuerySchema = z.object({
  unit: unitCode,
  k: z.coerce.number({ error: 'k 应为 2–100 的整数' }).int('k 应为 2–100 的整数').min(2, 'k 至少为 2').max(100, 'k 不能超过 100').default(5),
});
export type DeidentifiedQuery = z.input<typeof DeidentifiedQuerySchema>;
