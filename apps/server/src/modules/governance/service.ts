import { type CompoundType, compoundTypes, type GovernanceIndicator, type GovernanceItem, type GovernanceOverview, type GovernanceType, rolePermissions } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { GovernanceIndicatorTable, GovernanceItemTable } from '../../db/schema-community.js';
import { AppError } from '../../http/app-error.js';
import type { AuditEntry } from '../audit/writer.js';
import { shanghaiIso } from '../audit/routes.js';
import { authorize } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { GovernanceRepository, type ListKind } from './repository.js';
import { sanitizeGuide } from './sanitize.js';

export const presentItem = (r: Selectable<GovernanceItemTable>): GovernanceItem => ({
  id: r.id,
  listKind: r.list_kind,
  title: r.title,
  detail: r.detail,
  sortOrder: r.sort_order,
  updatedAt: shanghaiIso(new Date(r.updated_at)),
});

export const presentIndicator = (r: Selectable<GovernanceIndicatorTable>): GovernanceIndicator => ({
  id: r.id,
  name: r.name,
  description: r.description,
  weight: Number(r.weight),
  sortOrder: r.sort_order,
  active: r.active,
});

export interface Caller {
  principal: Principal;
  ip: string;
  requestId: string;
}

export function auditOf(c: Caller, action: string, rest: Omit<AuditEntry, 'action' | 'actorId' | 'actorName' | 'actingRole' | 'ip' | 'requestId'>): AuditEntry {
  const p = c.principal;
  const role = p.grants.find((g) => rolePermissions[g.role].includes(action.startsWith('compound.') ? 'compound.evaluate' : 'governance.configure'))?.role ?? null;
  return { actorId: p.userId, actorName: p.username, actingRole: role, ip: c.ip, requestId: c.requestId, action, ...rest };
}

/** Hundredths, so 33.33 + 33.33 + 33.34 adds up to exactly 100. */
const cents = (n: number) => Math.round(n * 100);

/** The three lists, the guide and the indicators of each compound type. */
export class GovernanceService {
  private readonly repo: GovernanceRepository;
  private districtPath: string | undefined;

  constructor(private readonly ctx: AppContext) {
    this.repo = new GovernanceRepository(ctx.db);
  }

  /** Editing needs governance.configure at the district: the lists are district-wide. */
  async configure(req: FastifyRequest, type: string, id?: string): Promise<Caller> {
    const principal = await authorize(this.ctx, req, 'governance.configure', { path: await this.district(), type: 'governance', id: id ?? type });
    return { principal, ip: req.ip, requestId: req.id };
  }

  private async district(): Promise<string | null> {
    this.districtPath ??= (await this.ctx.db.selectFrom('jurisdiction_unit').select('path').where('level', '=', 'district').orderBy('path').executeTakeFirst())?.path;
    return this.districtPath ?? null;
  }

  async overview(scope: string[]): Promise<GovernanceOverview> {
    const { items, indicators, compounds } = await this.repo.overview(scope);
    const count = (type: string, kind: string) => Number(items.find((r) => r.compound_type === type && r.list_kind === kind)?.n ?? 0);
    return {
      items: compoundTypes.map((type) => ({
        type,
        problems: count(type, 'problems'),
        resources: count(type, 'resources'),
        services: count(type, 'services'),
        indicators: Number(indicators.find((r) => r.compound_type === type)?.n ?? 0),
        compounds: Number(compounds.find((r) => r.type === type)?.n ?? 0),
      })),
    };
  }

  async type(type: CompoundType, principal: Principal): Promise<GovernanceType> {
    const [items, guide, indicators] = await Promise.all([this.repo.items(type), this.repo.guide(type), this.repo.indicators(type)]);
    const lists = { problems: [] as GovernanceItem[], resources: [] as GovernanceItem[], services: [] as GovernanceItem[] };
    for (const r of items) lists[r.list_kind].push(presentItem(r));
    return {
      type,
      lists,
      guide: guide
        ? { html: guide.strategy_html, version: guide.version, updatedAt: shanghaiIso(new Date(guide.updated_at)), updatedBy: guide.display_name }
        : { html: '', version: 1, updatedAt: shanghaiIso(new Date(0)), updatedBy: null },
      indicators: indicators.map(presentIndicator),
      editable: can(principal, 'governance.configure', { path: await this.district() }),
    };
  }

  async addItem(type: CompoundType, input: { listKind: ListKind; title: string; detail: string }, c: Caller): Promise<GovernanceItem> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertItem(trx, { type, kind: input.listKind, title: input.title, detail: input.detail, userId: c.principal.userId });
      await this.ctx.audit.append(auditOf(c, 'governance.item_create', { resourceType: 'governance_item', resourceId: row.id, after: { type, listKind: row.list_kind, title: row.title } }), trx);
      return presentItem(row);
    });
  }

  async editItem(type: CompoundType, id: string, input: { title?: string | undefined; detail?: string | undefined }, c: Caller): Promise<GovernanceItem> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await this.repo.item(type, id, trx);
      if (!before) throw new AppError('NOT_FOUND', '找不到该清单条目');
      const row = await this.repo.updateItem(trx, id, { ...input, userId: c.principal.userId });
      await this.ctx.audit.append(
        auditOf(c, 'governance.item_update', { resourceType: 'governance_item', resourceId: id, before: { title: before.title, detail: before.detail }, after: { title: row.title, detail: row.detail } }),
        trx,
      );
      return presentItem(row);
    });
  }

  async deleteItem(type: CompoundType, id: string, c: Caller): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const before = await this.repo.item(type, id, trx);
      if (!before) throw new AppError('NOT_FOUND', '找不到该清单条目');
      await this.repo.deleteItem(trx, id);
      await this.ctx.audit.append(auditOf(c, 'governance.item_delete', { resourceType: 'governance_item', resourceId: id, before: { type, listKind: before.list_kind, title: before.title } }), trx);
    });
  }

  async reorder(type: CompoundType, kind: ListKind, ids: string[], c: Caller): Promise<GovernanceItem[]> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const current = new Set((await this.repo.listIds(trx, type, kind)).map((r) => r.id));
      if (new Set(ids).size !== ids.length || ids.length !== current.size || ids.some((id) => !current.has(id))) {
        throw new AppError('VALIDATION_FAILED', '排序须包含该清单的全部条目且不重复，请刷新后重试', { field: 'ids' });
      }
      await this.repo.setOrder(trx, ids);
      await this.ctx.audit.append(auditOf(c, 'governance.item_reorder', { resourceType: 'governance_list', resourceId: `${type}/${kind}`, after: { ids } }), trx);
      return (await this.repo.items(type, trx)).filter((r) => r.list_kind === kind).map(presentItem);
    });
  }

  async saveGuide(type: CompoundType, input: { html: string; version: number }, c: Caller) {
    const html = sanitizeGuide(input.html);
    return this.ctx.db.transaction().execute(async (trx) => {
      const saved = await this.repo.saveGuide(trx, type, html, input.version, c.principal.userId);
      if (!saved) throw new AppError('CONFLICT', '治理攻略已被他人修改，请刷新后再编辑', { field: 'version' }, 'The guide was changed by someone else; reload and edit again');
      await this.ctx.audit.append(
        auditOf(c, 'governance.guide_update', { resourceType: 'governance_guide', resourceId: type, after: { version: saved.version, length: html.length, stripped: html.length < input.html.trim().length } }),
        trx,
      );
      return { html, version: saved.version, updatedAt: shanghaiIso(new Date(saved.updated_at)), updatedBy: c.principal.username };
    });
  }

  async saveIndicators(
    type: CompoundType,
    rows: { id?: string | undefined; name: string; description: string; weight: number; active: boolean }[],
    c: Caller,
  ): Promise<GovernanceIndicator[]> {
    const active = rows.filter((r) => r.active);
    const sum = active.reduce((s, r) => s + cents(r.weight), 0);
    if (active.length === 0 || sum !== 10_000) {
      const shown = (sum / 100).toFixed(2).replace(/\.?0+$/, '');
      throw new AppError('INVALID_WEIGHTS', `启用指标的权重合计须为 100，当前为 ${shown}`, { sum: sum / 100 }, `The active weights add up to ${shown}, not 100`);
    }
    const names = rows.map((r) => r.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new AppError('VALIDATION_FAILED', `指标名称“${dup}”重复`, { field: 'name' });
    return this.ctx.db.transaction().execute(async (trx: Kysely<DB>) => {
      const before = await this.repo.indicators(type, trx, { lock: true });
      const known = new Set(before.map((r) => r.id));
      const stranger = rows.find((r) => r.id && !known.has(r.id));
      if (stranger) throw new AppError('CONFLICT', '指标已被他人修改，请刷新后重试', { field: 'id' });
      await this.repo.replaceIndicators(trx, type, rows);
      const after = await this.repo.indicators(type, trx);
      const view = (r: Selectable<GovernanceIndicatorTable>) => ({ name: r.name, weight: Number(r.weight), active: r.active });
      await this.ctx.audit.append(
        auditOf(c, 'governance.indicators_update', { resourceType: 'governance_indicator', resourceId: type, before: before.map(view), after: after.map(view) }),
        trx,
      );
      return after.map(presentIndicator);
    });
  }
}
