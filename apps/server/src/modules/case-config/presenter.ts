import {
  type CaseCategoryView,
  type CaseType,
  type DeadlineRuleView,
  type DepartmentKind,
  type ResponsibilityRuleView,
  caseTypeNames,
  departmentKindNames,
} from '@gongzhi/contracts';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { type CaseConfigSnapshot, type DepartmentEntry, type RuleEntry, ruleEntryOf } from '../cases/config-cache.js';
import { chooseDepartments } from '../cases/dispatch.js';
import type { CategoryRow, DeadlineRow, RuleRow, UnitRow } from './repository.js';

export const presentCategory = (r: CategoryRow): CaseCategoryView => ({
  code: r.code,
  parentCode: r.parent_code,
  name: r.name,
  nameEn: r.name_en,
  kind: r.kind,
  defaultType: r.default_type as CaseType,
  complex: r.complex,
  urgent: r.urgent,
  active: r.active,
  sortOrder: r.sort_order,
  updatedAt: toShanghaiIso(new Date(r.updated_at)),
});

export const kindName = (kind: string): string => departmentKindNames[kind as DepartmentKind]?.zh ?? kind;
export const unitRef = (u: UnitRow) => ({ code: u.code, name: u.name, level: u.level });
const deptRef = (d: DepartmentEntry) => ({ id: d.id, code: d.code, name: d.name, level: d.level });

export interface Resolution {
  subdistrict: UnitRow;
  lead: DepartmentEntry | null;
  assists: DepartmentEntry[];
  fallback: boolean;
}

/**
 * Where one rule lands in one 街镇: the dispatch code itself decides, run on a snapshot holding
 * only this rule, so what the admin sees is what intake will do.
 */
export function resolveRule(cfg: CaseConfigSnapshot, rule: RuleEntry, sub: UnitRow): Resolution {
  const choice = chooseDepartments({ ...cfg, rules: [rule] }, rule.categoryCode, sub.id);
  const lead = choice.rule ? choice.lead : null;
  const fallback = !!lead && !rule.leadDepartmentId && rule.leadLevel === 'subdistrict' && lead.level === 'district';
  return { subdistrict: sub, lead, assists: lead ? choice.assists : [], fallback };
}

/**
 * One 权责清单 rule with its names and the departments it lands on in `places` (the 街镇 it
 * applies to that the caller asked about); a district-wide rule lists the 街镇 that override it.
 */
export function presentRule(r: RuleRow, cfg: CaseConfigSnapshot, places: UnitRow[], overriddenIn: UnitRow[]): ResponsibilityRuleView {
  const entry = ruleEntryOf(r);
  const dept = r.lead_department_id ? (cfg.departments.get(r.lead_department_id) ?? null) : null;
  const skip = new Set(overriddenIn.map((u) => u.id));
  const applies = r.subdistrict_id ? places.filter((u) => u.id === r.subdistrict_id) : places.filter((u) => !skip.has(u.id));
  return {
    id: r.id,
    category: { code: r.category_code, name: r.category_name, parentCode: r.category_parent_code, parentName: r.parent_name, active: r.category_active },
    subdistrict: r.unit_code ? { code: r.unit_code, name: r.unit_name!, level: 'subdistrict' } : null,
    lead: { kind: r.lead_kind, kindName: r.lead_kind ? kindName(r.lead_kind) : null, level: r.lead_level, department: dept ? deptRef(dept) : null },
    assistKinds: r.assist_kinds.map((k) => ({ kind: k, name: kindName(k) })),
    autoDispatch: r.auto_dispatch,
    note: r.note,
    updatedAt: toShanghaiIso(new Date(r.updated_at)),
    resolved: applies.map((u) => {
      const x = resolveRule(cfg, entry, u);
      return { subdistrict: unitRef(u), lead: x.lead ? deptRef(x.lead) : null, assists: x.assists.map(deptRef), fallback: x.fallback };
    }),
    overriddenIn: overriddenIn.map(unitRef),
  };
}

export function presentDeadlineRule(r: DeadlineRow, cfg: CaseConfigSnapshot): DeadlineRuleView {
  const cat = r.category_code ? cfg.categories.get(r.category_code) : undefined;
  return {
    id: r.id,
    caseType: r.case_type as CaseType | null,
    caseTypeName: r.case_type ? (caseTypeNames[r.case_type as CaseType]?.zh ?? r.case_type) : null,
    category: r.category_code ? { code: r.category_code, name: cat?.name ?? r.category_code, parentName: cat?.parentName ?? null } : null,
    signWorkingHours: Number(r.sign_working_hours),
    urgentSignHours: Number(r.urgent_sign_hours),
    handleWorkingDays: r.handle_working_days,
    complexWorkingDays: r.complex_working_days,
    followUpWorkingDays: r.follow_up_working_days,
    warnRatio: Number(r.warn_ratio),
    isDefault: r.case_type === null && r.category_code === null,
    updatedAt: toShanghaiIso(new Date(r.updated_at)),
  };
}

/** What the audit trail keeps of a rule: its settings, not its joins. */
export const ruleAuditView = (r: { lead_kind: string | null; lead_level: string | null; lead_department_id: string | null; assist_kinds: string[]; auto_dispatch: boolean; note: string | null }) => ({
  leadKind: r.lead_kind,
  leadLevel: r.lead_level,
  leadDepartmentId: r.lead_department_id,
  assistKinds: r.assist_kinds,
  autoDispatch: r.auto_dispatch,
  note: r.note,
});

export const deadlineAuditView = (r: DeadlineRow) => ({
  caseType: r.case_type,
  categoryCode: r.category_code,
  signWorkingHours: Number(r.sign_working_hours),
  urgentSignHours: Number(r.urgent_sign_hours),
  handleWorkingDays: r.handle_working_days,
  complexWorkingDays: r.complex_working_days,
  followUpWorkingDays: r.follow_up_working_days,
  warnRatio: Number(r.warn_ratio),
});

export const categoryAuditView = (r: CategoryRow) => ({
  name: r.name,
  nameEn: r.name_en,
  kind: r.kind,
  defaultType: r.default_type,
  complex: r.complex,
  urgent: r.urgent,
  active: r.active,
  sortOrder: r.sort_order,
});
