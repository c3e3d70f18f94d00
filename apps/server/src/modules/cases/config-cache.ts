import type { CaseType } from '@gongzhi/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { ResponsibilityRuleTable } from '../../db/schema-cases.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { CaseConfigRepository } from './config-repository.js';

export interface CategoryEntry {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  parentName: string | null;
  kind: 'component' | 'event';
  defaultType: CaseType;
  complex: boolean;
  urgent: boolean;
  active: boolean;
}

export interface RuleEntry {
  id: string;
  categoryCode: string;
  subdistrictId: string | null;
  leadKind: string | null;
  leadLevel: 'district' | 'subdistrict' | null;
  leadDepartmentId: string | null;
  assistKinds: string[];
  autoDispatch: boolean;
}

export interface DeadlineRuleEntry {
  caseType: string | null;
  categoryCode: string | null;
  signWorkingHours: number;
  urgentSignHours: number;
  handleWorkingDays: number;
  complexWorkingDays: number;
  followUpWorkingDays: number;
  warnRatio: number;
}

export interface DepartmentEntry {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: 'district' | 'subdistrict';
  unitId: string;
  path: string;
}

export interface CaseConfigSnapshot {
  categories: Map<string, CategoryEntry>;
  rules: RuleEntry[];
  deadlineRules: DeadlineRuleEntry[];
  departments: Map<string, DepartmentEntry>;
}

/**
 * The configuration every intake reads, held in memory (intake must not query rules per case at
 * 1,000 cases/s). Reloaded after a local edit and when another instance bumps the version stamp.
 */
export class CaseConfigCache {
  private snapshot: CaseConfigSnapshot | null = null;
  private seenVersion: string | null | undefined;
  private checkedAt = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly pollMs = 15_000,
  ) {}

  async get(): Promise<CaseConfigSnapshot> {
    const now = Date.now();
    if (this.snapshot && now - this.checkedAt < this.pollMs) return this.snapshot;
    this.checkedAt = now;
    const version = await new CaseConfigRepository(this.db).version();
    if (!this.snapshot || version !== this.seenVersion) {
      this.snapshot = await this.load();
      this.seenVersion = version;
    }
    return this.snapshot;
  }

  /** After an edit in this process. */
  invalidate(): void {
    this.snapshot = null;
  }

  private async load(): Promise<CaseConfigSnapshot> {
    const repo = new CaseConfigRepository(this.db);
    const [cats, rules, deadlines, depts] = await Promise.all([repo.categories(), repo.responsibilityRules(), repo.deadlineRules(), repo.departments()]);
    const names = new Map(cats.map((c) => [c.code, c.name]));
    const categories = new Map<string, CategoryEntry>(
      cats.map((c) => [
        c.code,
        {
          code: c.code,
          parentCode: c.parent_code,
          name: c.name,
          nameEn: c.name_en,
          parentName: c.parent_code ? (names.get(c.parent_code) ?? null) : null,
          kind: c.kind,
          defaultType: c.default_type as CaseType,
          complex: c.complex,
          urgent: c.urgent,
          active: c.active,
        },
      ]),
    );
    return {
      categories,
      rules: rules.map(ruleEntryOf),
      deadlineRules: deadlines.map((d) => ({
        caseType: d.case_type,
        categoryCode: d.category_code,
        signWorkingHours: Number(d.sign_working_hours),
        urgentSignHours: Number(d.urgent_sign_hours),
        handleWorkingDays: d.handle_working_days,
        complexWorkingDays: d.complex_working_days,
        followUpWorkingDays: d.follow_up_working_days,
        warnRatio: Number(d.warn_ratio),
      })),
      departments: new Map(
        depts.map((d) => [d.id, { id: d.id, code: d.code, name: d.name, kind: d.kind, level: d.level, unitId: d.unit_id, path: d.path }]),
      ),
    };
  }
}

/** A 权责清单 row as dispatch reads it. */
export const ruleEntryOf = (r: Selectable<ResponsibilityRuleTable>): RuleEntry => ({
  id: r.id,
  categoryCode: r.category_code,
  subdistrictId: r.subdistrict_id,
  leadKind: r.lead_kind,
  leadLevel: r.lead_level,
  leadDepartmentId: r.lead_department_id,
  assistKinds: r.assist_kinds,
  autoDispatch: r.auto_dispatch,
});

const caches = new WeakMap<AppContext, CaseConfigCache>();

/** The one configuration cache of an application context (intake, actions, Open311 and imports share it). */
export function caseConfigOf(ctx: AppContext): CaseConfigCache {
  let c = caches.get(ctx);
  if (!c) {
    c = new CaseConfigCache(ctx.db);
    caches.set(ctx, c);
  }
  return c;
}
