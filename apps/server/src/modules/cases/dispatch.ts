import type { CaseConfigSnapshot, DepartmentEntry, RuleEntry } from './config-cache.js';

export interface DispatchChoice {
  rule: RuleEntry | null;
  lead: DepartmentEntry | null;
  assists: DepartmentEntry[];
  /** Why this department (or why none), in Chinese for the dispatcher. */
  reason: string;
}

/** The department of a kind at a level that serves the case's 街镇 (stationed office or bureau). */
function departmentFor(cfg: CaseConfigSnapshot, kind: string, level: 'district' | 'subdistrict', subdistrictId: string | null): DepartmentEntry | null {
  let fallback: DepartmentEntry | null = null;
  for (const d of cfg.departments.values()) {
    if (d.kind !== kind) continue;
    if (level === 'subdistrict' && d.level === 'subdistrict' && d.unitId === subdistrictId) return d;
    if (d.level === 'district') {
      if (level === 'district') return d;
      fallback = d;
    }
  }
  // No stationed office of that kind in this 街镇: the bureau takes it.
  return fallback;
}

/**
 * 权责清单 lookup: the rule for the category in this 街镇 wins over the district-wide rule of the
 * category, which wins over the first-level category's rule. Pure.
 */
export function chooseDepartments(cfg: CaseConfigSnapshot, categoryCode: string | null, subdistrictId: string | null): DispatchChoice {
  if (!categoryCode) return { rule: null, lead: null, assists: [], reason: '案件未分类，请人工派单' };
  const parent = cfg.categories.get(categoryCode)?.parentCode ?? null;
  const candidates = [categoryCode, parent].filter((c): c is string => !!c);
  let rule: RuleEntry | null = null;
  for (const code of candidates) {
    rule =
      cfg.rules.find((r) => r.categoryCode === code && r.subdistrictId !== null && r.subdistrictId === subdistrictId) ??
      cfg.rules.find((r) => r.categoryCode === code && r.subdistrictId === null) ??
      null;
    if (rule) break;
  }
  if (!rule) return { rule: null, lead: null, assists: [], reason: '权责清单中没有该分类的规则，请人工派单' };
  const lead = rule.leadDepartmentId ? (cfg.departments.get(rule.leadDepartmentId) ?? null) : departmentFor(cfg, rule.leadKind!, rule.leadLevel!, subdistrictId);
  if (!lead) return { rule, lead: null, assists: [], reason: '权责清单指定的主办部门不存在，请人工派单' };
  const assists: DepartmentEntry[] = [];
  for (const kind of rule.assistKinds) {
    const d = departmentFor(cfg, kind, 'subdistrict', subdistrictId);
    if (d && d.id !== lead.id && !assists.some((a) => a.id === d.id)) assists.push(d);
  }
  const where = rule.subdistrictId ? '本街镇' : '全区';
  return { rule, lead, assists, reason: `按${where}权责清单（${cfg.categories.get(rule.categoryCode)?.name ?? rule.categoryCode}）由${lead.name}主办` };
}
