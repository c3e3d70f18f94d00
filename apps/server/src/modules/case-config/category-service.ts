import type { CaseCategoryCreate, CaseCategoryPatch, CaseCategoryTree, CaseCategoryView } from '@gongzhi/contracts';
import type { Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { CaseCategoryTable } from '../../db/schema-cases.js';
import { AppError } from '../../http/app-error.js';
import { auditBase, bumpInside, type ConfigCaller, reloadLocal } from './access.js';
import { categoryAuditView, presentCategory } from './presenter.js';
import { CaseConfigAdminRepository, type CategoryRow, isUniqueViolation } from './repository.js';

const kindNames = { component: '部件', event: '事件' } as const;

const invalid = (zh: string, field: string, en: string) => new AppError('INVALID_CATEGORY', zh, { field }, en);
const exists = (code: string, name: string) =>
  new AppError('CATEGORY_EXISTS', `分类代码 ${code} 已存在（${name}）`, { field: 'code' }, `Category ${code} already exists`);
const sameName = (name: string, code: string) =>
  new AppError('CATEGORY_EXISTS', `同一级下已有名为“${name}”的分类（${code}）`, { field: 'name' }, `A sibling category is already named ${name}`);

/**
 * The category taxonomy as district admins edit it. Categories are never deleted (cases keep
 * their codes): they are deactivated, and a first-level one takes its children with it.
 */
export class CategoryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly districtPath: () => Promise<string>,
  ) {}

  /** First level with its children; inactive ones only when asked (admins). */
  async tree(all: boolean): Promise<CaseCategoryTree> {
    const rows = (await new CaseConfigAdminRepository(this.ctx.db).categories()).map(presentCategory);
    const shown = (c: CaseCategoryView) => all || c.active;
    const items = rows
      .filter((c) => c.parentCode === null && shown(c))
      .map((top) => ({ ...top, children: rows.filter((c) => c.parentCode === top.code && shown(c)) }));
    return { items };
  }

  async create(input: CaseCategoryCreate, caller: ConfigCaller): Promise<CaseCategoryView> {
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const first = input.code.length === 3;
    let parent: CategoryRow | undefined;
    if (first) {
      if (input.parentCode) throw invalid(`一级分类 ${input.code} 不能指定上级分类；二级分类代码应为 5 位，如 ${input.parentCode}01`, 'parentCode', 'A first-level category has no parent');
      if (!input.kind) throw invalid('一级分类须指定性质：component（部件）或 event（事件）', 'kind', 'A first-level category needs a kind');
    } else {
      const prefix = input.code.slice(0, 3);
      if (input.parentCode && input.parentCode !== prefix) {
        throw invalid(`二级分类代码应以上级分类代码 ${input.parentCode} 开头，如 ${input.parentCode}01`, 'code', `The code must start with the parent's code ${input.parentCode}`);
      }
      parent = await repo.category(prefix);
      if (!parent) throw invalid(`上级分类 ${prefix} 不存在，请先新增一级分类`, 'parentCode', `No parent category ${prefix}`);
      if (parent.parent_code) throw invalid(`${prefix} 不是一级分类`, 'parentCode', `${prefix} is not a first-level category`);
      if (!parent.active) throw invalid(`上级分类 ${prefix}（${parent.name}）已停用，请先启用`, 'parentCode', `The parent category ${prefix} is inactive`);
      if (input.kind && input.kind !== parent.kind) {
        throw invalid(`二级分类的性质随上级分类（${kindNames[parent.kind]}），不能设为${kindNames[input.kind]}`, 'kind', "A second-level category takes its parent's kind");
      }
    }
    const taken = await repo.category(input.code);
    if (taken) throw exists(input.code, taken.name);
    const twin = await repo.siblingNamed(parent?.code ?? null, input.name);
    if (twin) throw sameName(input.name, twin.code);

    const path = await this.districtPath();
    let row: CategoryRow;
    try {
      row = await this.ctx.db.transaction().execute(async (trx) => {
        const t = new CaseConfigAdminRepository(trx);
        const created = await t.insertCategory({
          code: input.code,
          parent_code: parent?.code ?? null,
          name: input.name,
          name_en: input.nameEn,
          kind: parent?.kind ?? input.kind!,
          default_type: input.defaultType,
          complex: input.complex,
          urgent: input.urgent,
          sort_order: input.sortOrder ?? (await t.nextSortOrder()),
        });
        await bumpInside(trx);
        await this.ctx.audit.append(
          { ...auditBase(caller), action: 'case_category.create', resourceType: 'case_category', resourceId: created.code, unitPath: path, after: { code: created.code, parentCode: created.parent_code, ...categoryAuditView(created) } },
          trx,
        );
        return created;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw exists(input.code, input.name);
      throw e;
    }
    reloadLocal(this.ctx);
    // The classification assist only suggests active categories it has been trained with.
    void this.ctx.classifier.retrain().catch(() => undefined);
    return presentCategory(row);
  }

  async patch(code: string, input: CaseCategoryPatch, caller: ConfigCaller): Promise<{ category: CaseCategoryView; childrenChanged: string[] }> {
    const repo = new CaseConfigAdminRepository(this.ctx.db);
    const current = await repo.category(code);
    if (!current) throw new AppError('NOT_FOUND', `分类 ${code} 不存在`, { field: 'code' }, `No category ${code}`);
    if (input.name !== undefined && input.name !== current.name) {
      const twin = await repo.siblingNamed(current.parent_code, input.name, code);
      if (twin) throw sameName(input.name, twin.code);
    }
    if (input.active === true && current.parent_code) {
      const parent = await repo.category(current.parent_code);
      if (parent && !parent.active) {
        throw invalid(`上级分类 ${parent.code}（${parent.name}）已停用，请先启用上级分类`, 'active', `The parent category ${parent.code} is inactive`);
      }
    }

    const set: Updateable<CaseCategoryTable> = {};
    if (input.name !== undefined && input.name !== current.name) set.name = input.name;
    if (input.nameEn !== undefined && input.nameEn !== current.name_en) set.name_en = input.nameEn;
    if (input.defaultType !== undefined && input.defaultType !== current.default_type) set.default_type = input.defaultType;
    if (input.complex !== undefined && input.complex !== current.complex) set.complex = input.complex;
    if (input.urgent !== undefined && input.urgent !== current.urgent) set.urgent = input.urgent;
    if (input.sortOrder !== undefined && input.sortOrder !== current.sort_order) set.sort_order = input.sortOrder;
    if (input.active !== undefined && input.active !== current.active) set.active = input.active;
    const isParent = current.parent_code === null;
    // Deactivating a group always takes its children; reactivating brings them back only when asked.
    const cascade = isParent && input.active !== undefined && (input.active === false || input.includeChildren === true);
    if (Object.keys(set).length === 0 && !cascade) return { category: presentCategory(current), childrenChanged: [] };

    const path = await this.districtPath();
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const t = new CaseConfigAdminRepository(trx);
      const locked = (await t.category(code, { lock: true }))!;
      const row = Object.keys(set).length ? await t.updateCategory(code, set) : locked;
      const children = cascade ? await t.setChildrenActive(code, input.active!) : [];
      if (Object.keys(set).length === 0 && children.length === 0) return { row, children };
      await bumpInside(trx);
      const before = categoryAuditView(locked);
      const after = categoryAuditView(row);
      const changed = Object.keys(after).filter((k) => before[k as keyof typeof before] !== after[k as keyof typeof after]);
      await this.ctx.audit.append(
        {
          ...auditBase(caller),
          action: 'case_category.update',
          resourceType: 'case_category',
          resourceId: code,
          unitPath: path,
          before: Object.fromEntries(changed.map((k) => [k, before[k as keyof typeof before]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k as keyof typeof after]])),
          ...(children.length ? { detail: { childrenActive: input.active, children } } : {}),
        },
        trx,
      );
      return { row, children };
    });
    reloadLocal(this.ctx);
    // The classification assist only suggests active categories it has been trained with.
    void this.ctx.classifier.retrain().catch(() => undefined);
    return { category: presentCategory(result.row), childrenChanged: result.children };
  }
}
