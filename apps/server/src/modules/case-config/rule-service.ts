import type { ConfigWarningSchema, ResponsibilityRuleInput, ResponsibilityRuleView } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import type { CaseConfigSnapshot, RuleEntry } from '../cases/config-cache.js';
import { auditBase, bumpInside, type ConfigCaller, freshSnapshot, reloadLocal } from './access.js';
import { kindName, presentRule, resolveRule, ruleAuditView, unitRef } from './presenter.js';
import { CaseConfigAdminRepository, isUniqueViolation, type RuleRow, type UnitRow } from './repository.js';

type Warning = z.infer<typeof ConfigWarningSchema>;

const invalid = (zh: string, en: string, details: Record<string, unknown>) => new AppError('INVALID_RULE', zh, details, en);
const names = (units: UnitRow[]) => units.map((u) => u.name).join('、');

/**
 * The 权责清单: a district-wide rule per category, and a 街镇's own rule overriding it there.
 * Every change is checked against the departments that exist, so a rule never points nowhere.
 */
export class ResponsibilityRuleService {
  constructor(private readonly ctx: AppContext) {}

  async list(f: { subdistrict?: UnitRow | undefined; categoryCode?: string | undefined }): Promise<ResponsibilityRuleView[]> {
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const [rows, cfg, all] = await Promise.all([repo.rules({ subdistrictId: f.subdistrict?.id, categoryCode: f.categoryCode }), freshSnapshot(this.ctx.db), repo.subdistricts()]);
    const places = f.subdistrict ? [f.subdistrict] : all;
    return rows.map((r) => presentRule(r, cfg, places, r.subdistrict_id ? [] : overridesOf(rows, r.category_code, all)));
  }

  /** Creates or replaces the rule of a category, district-wide (`sub` null) or for one 街镇. */
  async put(categoryCode: string, sub: UnitRow | null, input: ResponsibilityRuleInput, caller: ConfigCaller, auditPath: string) {
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const cat = await repo.category(categoryCode);
    if (!cat) throw new AppError('UNKNOWN_CATEGORY', `案件分类 ${categoryCode} 不存在`, { field: 'categoryCode' }, `No category ${categoryCode}`);
    const [cfg, subs] = await Promise.all([freshSnapshot(this.ctx.db), repo.subdistricts()]);
    const values = {
      lead_kind: input.lead.departmentId ? null : input.lead.kind!,
      lead_level: input.lead.departmentId ? null : input.lead.level!,
      lead_department_id: input.lead.departmentId ?? null,
      assist_kinds: input.assistKinds,
      auto_dispatch: input.autoDispatch,
      note: input.note ?? null,
    };
    const candidate: RuleEntry = {
      id: '00000000-0000-0000-0000-000000000000',
      categoryCode,
      subdistrictId: sub?.id ?? null,
      leadKind: values.lead_kind,
      leadLevel: values.lead_level,
      leadDepartmentId: values.lead_department_id,
      assistKinds: values.assist_kinds,
      autoDispatch: values.auto_dispatch,
    };
    const warnings = checkRule(cfg, candidate, sub ? [sub] : subs, sub);
    const scope = sub ? `${sub.name}` : '全区';

    let saved: { id: string; created: boolean };
    try {
      saved = await this.ctx.db.transaction().execute(async (trx) => {
        const t = new CaseConfigAdminRepository(trx);
        const existing = await t.ruleAt(categoryCode, sub?.id ?? null);
        const id = existing ? (await t.updateRule(existing.id, values)).id : (await t.insertRule({ category_code: categoryCode, subdistrict_id: sub?.id ?? null, ...values })).id;
        await bumpInside(trx);
        await this.ctx.audit.append(
          {
            ...auditBase(caller),
            action: existing ? 'responsibility_rule.update' : 'responsibility_rule.create',
            resourceType: 'responsibility_rule',
            resourceId: id,
            unitPath: auditPath,
            before: existing ? ruleAuditView(existing) : null,
            after: ruleAuditView(values),
            detail: { categoryCode, categoryName: cat.name, scope, ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}) },
          },
          trx,
        );
        return { id, created: !existing };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '另一位管理员刚刚修改了同一条规则，请刷新后重试');
      throw e;
    }
    reloadLocal(this.ctx);
    return { rule: await this.view(saved.id, sub, subs, cfg), created: saved.created, warnings };
  }

  /** Removes a 街镇's own rule: the district-wide rule applies there again. */
  async deleteOverride(categoryCode: string, sub: UnitRow, caller: ConfigCaller) {
    const removed = await this.ctx.db.transaction().execute(async (trx) => {
      const t = new CaseConfigAdminRepository(trx);
      const existing = await t.ruleAt(categoryCode, sub.id);
      if (!existing) return null;
      await t.deleteRule(existing.id);
      await bumpInside(trx);
      await this.ctx.audit.append(
        {
          ...auditBase(caller),
          action: 'responsibility_rule.delete',
          resourceType: 'responsibility_rule',
          resourceId: existing.id,
          unitPath: sub.path,
          before: ruleAuditView(existing),
          after: null,
          detail: { categoryCode, scope: sub.name },
        },
        trx,
      );
      return existing;
    });
    if (!removed) throw new AppError('NOT_FOUND', `${sub.name}没有单独设置分类 ${categoryCode} 的权责清单规则`, undefined, `${sub.code} has no own rule for ${categoryCode}`);
    reloadLocal(this.ctx);
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const district = (await repo.rules({ categoryCode })).find((r) => r.category_code === categoryCode && r.subdistrict_id === null);
    return { deleted: true as const, districtRule: district ? await this.view(district.id, sub, [sub], await freshSnapshot(this.ctx.db)) : null };
  }

  private async view(id: string, sub: UnitRow | null, subs: UnitRow[], cfg: CaseConfigSnapshot): Promise<ResponsibilityRuleView> {
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const row = (await repo.rule(id))!;
    const siblings = row.subdistrict_id ? [] : await repo.rules({ categoryCode: row.category_code });
    const places = sub ? [sub] : subs;
    const overridden = overridesOf(siblings, row.category_code, subs).filter((u) => places.some((p) => p.id === u.id));
    return presentRule(row, cfg, places, overridden);
  }
}

/** The 街镇 that have their own rule for the category. */
function overridesOf(rows: RuleRow[], categoryCode: string, subs: UnitRow[]): UnitRow[] {
  const ids = new Set(rows.filter((r) => r.category_code === categoryCode && r.subdistrict_id).map((r) => r.subdistrict_id));
  return subs.filter((s) => ids.has(s.id));
}

/**
 * Refuses a rule whose lead cannot be found in some 街镇 it applies to, or whose assisting kind has
 * no department at all; warns where the lead falls back to the district bureau or lands oddly.
 */
export function checkRule(cfg: CaseConfigSnapshot, rule: RuleEntry, places: UnitRow[], sub: UnitRow | null): Warning[] {
  const warnings: Warning[] = [];
  const depts = [...cfg.departments.values()];
  if (rule.leadDepartmentId) {
    const d = cfg.departments.get(rule.leadDepartmentId);
    if (!d) throw invalid('指定的主办部门不存在', 'The lead department does not exist', { field: 'lead.departmentId' });
    if (d.level === 'subdistrict' && sub && d.unitId !== sub.id) {
      warnings.push({ code: 'LEAD_OTHER_SUBDISTRICT', message: `${d.name}是其他街镇的派驻机构，${sub.name}的此类案件也将派给它` });
    } else if (d.level === 'subdistrict' && !sub) {
      warnings.push({ code: 'LEAD_ONE_OFFICE_DISTRICT_WIDE', message: `全区各街镇的此类案件都将派给${d.name}（一个街镇的派驻机构）` });
    }
  } else {
    const kind = kindName(rule.leadKind!);
    if (rule.leadLevel === 'district' && !depts.some((d) => d.kind === rule.leadKind && d.level === 'district')) {
      throw invalid(`本区没有“${kind}”类的区级部门，不能作为主办部门`, `No district department of kind ${rule.leadKind}`, { field: 'lead.kind' });
    }
    const missing: UnitRow[] = [];
    const fallback: UnitRow[] = [];
    for (const u of places) {
      const r = resolveRule(cfg, rule, u);
      if (!r.lead) missing.push(u);
      else if (r.fallback) fallback.push(u);
    }
    if (missing.length) {
      throw invalid(`${names(missing)}没有可承接的“${kind}”部门（既无街镇派驻机构，也无区级部门）`, `No department of kind ${rule.leadKind} serves ${missing.map((u) => u.code).join(', ')}`, {
        field: 'lead.kind',
        subdistricts: missing.map(unitRef),
      });
    }
    if (fallback.length) {
      const bureau = depts.find((d) => d.kind === rule.leadKind && d.level === 'district');
      warnings.push({
        code: 'LEAD_FALLBACK',
        message: `${names(fallback)}没有“${kind}”派驻机构，这些街镇的案件将由${bureau?.name ?? '区级部门'}主办`,
        subdistricts: fallback.map(unitRef),
      });
    }
  }
  for (const k of rule.assistKinds) {
    if (!depts.some((d) => d.kind === k)) {
      throw invalid(`协办部门类别“${kindName(k)}”在本区没有对应部门`, `No department of kind ${k} for assisting`, { field: 'assistKinds' });
    }
  }
  return warnings;
}
