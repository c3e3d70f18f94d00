import { type Insertable, type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseCategoryTable, DeadlineRuleTable, ResponsibilityRuleTable } from '../../db/schema-cases.js';

export type CategoryRow = Selectable<CaseCategoryTable>;
export type DeadlineRow = Selectable<DeadlineRuleTable>;
export interface UnitRow {
  id: string;
  code: string;
  name: string;
  level: 'district' | 'subdistrict' | 'neighborhood' | 'grid';
  path: string;
}

export interface RuleRow extends Selectable<ResponsibilityRuleTable> {
  category_name: string;
  category_parent_code: string | null;
  category_active: boolean;
  parent_name: string | null;
  unit_code: string | null;
  unit_name: string | null;
}

/** SQL of the configuration API: categories, 权责清单 and deadline rules as district admins edit them. */
export class CaseConfigAdminRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ---- places ----

  /** The deployment's district (the root of the tree). */
  district(): Promise<UnitRow | undefined> {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('level', '=', 'district').orderBy('path').limit(1).executeTakeFirst();
  }

  subdistricts(): Promise<UnitRow[]> {
    return this.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('level', '=', 'subdistrict').orderBy('sort_order').orderBy('code').execute();
  }

  // ---- categories ----

  categories(): Promise<CategoryRow[]> {
    return this.db.selectFrom('case_category').selectAll().orderBy('sort_order').orderBy('code').execute();
  }

  category(code: string, opts: { lock?: boolean } = {}): Promise<CategoryRow | undefined> {
    const q = this.db.selectFrom('case_category').selectAll().where('code', '=', code);
    return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
  }

  /** A sibling with this name (same parent), other than `exceptCode`. */
  siblingNamed(parentCode: string | null, name: string, exceptCode?: string): Promise<{ code: string } | undefined> {
    let q = this.db.selectFrom('case_category').select('code').where('name', '=', name);
    q = parentCode ? q.where('parent_code', '=', parentCode) : q.where('parent_code', 'is', null);
    if (exceptCode) q = q.where('code', '!=', exceptCode);
    return q.executeTakeFirst();
  }

  async nextSortOrder(): Promise<number> {
    const r = await this.db.selectFrom('case_category').select(sql<string | null>`max(sort_order)`.as('m')).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  }

  insertCategory(row: Insertable<CaseCategoryTable>): Promise<CategoryRow> {
    return this.db.insertInto('case_category').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateCategory(code: string, set: Updateable<CaseCategoryTable>): Promise<CategoryRow> {
    return this.db
      .updateTable('case_category')
      .set({ ...set, updated_at: sql`now()` })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Switches the children that are not yet in that state; returns their codes. */
  async setChildrenActive(parentCode: string, active: boolean): Promise<string[]> {
    const rows = await this.db
      .updateTable('case_category')
      .set({ active, updated_at: sql`now()` })
      .where('parent_code', '=', parentCode)
      .where('active', '!=', active)
      .returning('code')
      .execute();
    return rows.map((r) => r.code).sort();
  }

  // ---- 权责清单 ----

  rules(f: { id?: string; subdistrictId?: string | undefined; categoryCode?: string | undefined } = {}): Promise<RuleRow[]> {
    let q = this.db
      .selectFrom('responsibility_rule as r')
      .innerJoin('case_category as c', 'c.code', 'r.category_code')
      .leftJoin('case_category as pc', 'pc.code', 'c.parent_code')
      .leftJoin('jurisdiction_unit as u', 'u.id', 'r.subdistrict_id')
      .selectAll('r')
      .select([
        'c.name as category_name',
        'c.parent_code as category_parent_code',
        'c.active as category_active',
        'pc.name as parent_name',
        'u.code as unit_code',
        'u.name as unit_name',
      ]);
    if (f.id) q = q.where('r.id', '=', f.id);
    if (f.subdistrictId) q = q.where((eb) => eb.or([eb('r.subdistrict_id', 'is', null), eb('r.subdistrict_id', '=', f.subdistrictId!)]));
    if (f.categoryCode) q = q.where((eb) => eb.or([eb('r.category_code', '=', f.categoryCode!), eb('c.parent_code', '=', f.categoryCode!)]));
    return q
      .orderBy('c.sort_order')
      .orderBy('r.category_code')
      .orderBy(sql`r.subdistrict_id IS NOT NULL`)
      .orderBy('u.code')
      .execute() as Promise<RuleRow[]>;
  }

  async rule(id: string): Promise<RuleRow | undefined> {
    return (await this.rules({ id }))[0];
  }

  /** The rule for a category in one 街镇 (or district-wide when null), locked for the change. */
  ruleAt(categoryCode: string, subdistrictId: string | null) {
    let q = this.db.selectFrom('responsibility_rule').selectAll().where('category_code', '=', categoryCode);
    q = subdistrictId ? q.where('subdistrict_id', '=', subdistrictId) : q.where('subdistrict_id', 'is', null);
    return q.forUpdate().executeTakeFirst();
  }

  insertRule(row: Insertable<ResponsibilityRuleTable>) {
    return this.db.insertInto('responsibility_rule').values(row).returning('id').executeTakeFirstOrThrow();
  }

  updateRule(id: string, set: Updateable<ResponsibilityRuleTable>) {
    return this.db
      .updateTable('responsibility_rule')
      .set({ ...set, updated_at: sql`now()` })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async deleteRule(id: string): Promise<void> {
    await this.db.deleteFrom('responsibility_rule').where('id', '=', id).execute();
  }

  department(id: string) {
    return this.db.selectFrom('department').select(['id', 'code', 'name', 'kind', 'level', 'unit_id']).where('id', '=', id).executeTakeFirst();
  }

  // ---- deadline rules ----

  deadlineRules(): Promise<DeadlineRow[]> {
    return this.db
      .selectFrom('deadline_rule')
      .selectAll()
      .orderBy(sql`category_code IS NOT NULL`)
      .orderBy('category_code')
      .orderBy(sql`case_type IS NOT NULL`)
      .orderBy('case_type')
      .execute();
  }

  deadlineRule(id: string, opts: { lock?: boolean } = {}): Promise<DeadlineRow | undefined> {
    const q = this.db.selectFrom('deadline_rule').selectAll().where('id', '=', id);
    return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
  }

  deadlineRuleAt(caseType: string | null, categoryCode: string | null): Promise<DeadlineRow | undefined> {
    let q = this.db.selectFrom('deadline_rule').selectAll();
    q = caseType ? q.where('case_type', '=', caseType) : q.where('case_type', 'is', null);
    q = categoryCode ? q.where('category_code', '=', categoryCode) : q.where('category_code', 'is', null);
    return q.forUpdate().executeTakeFirst();
  }

  insertDeadlineRule(row: Insertable<DeadlineRuleTable>): Promise<DeadlineRow> {
    return this.db.insertInto('deadline_rule').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateDeadlineRule(id: string, set: Updateable<DeadlineRuleTable>): Promise<DeadlineRow> {
    return this.db
      .updateTable('deadline_rule')
      .set({ ...set, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async deleteDeadlineRule(id: string): Promise<void> {
    await this.db.deleteFrom('deadline_rule').where('id', '=', id).execute();
  }
}

/** A unique index said no: another admin created the same thing at the same moment. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
