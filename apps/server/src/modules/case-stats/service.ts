import {
  type CaseStatsFeedItem,
  type CaseStatsOverview,
  type CaseStatsQuery,
  type CaseStatus,
  type UnitLevel,
  type UnitRef,
  caseActionNames,
  caseStatsPointCap,
} from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import { caseScope } from '../cases/scope.js';
import type { Principal } from '../identity/principal.js';
import { JurisdictionRepository, type UnitInfo } from '../jurisdiction/repository.js';
import { addDays, dayNumber, dayOfInstant, dayOfNumber, dayStart, figuresOf, noCounts, periodOf, rankDepartments } from './figures.js';
import { type ChildColumn, CaseStatsRepository, type StatsWhere } from './repository.js';
import { CaseStatsRollupRepository, planRollup } from './rollup-repository.js';

const childOf: Record<UnitLevel, { level: 'subdistrict' | 'neighborhood' | 'grid'; column: Exclude<ChildColumn, null> } | null> = {
  district: { level: 'subdistrict', column: 'subdistrict_id' },
  subdistrict: { level: 'neighborhood', column: 'neighborhood_id' },
  neighborhood: { level: 'grid', column: 'grid_id' },
  grid: null,
};

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);
const ref = (u: Pick<UnitInfo, 'code' | 'name' | 'level'>): UnitRef => ({ code: u.code, name: u.name, level: u.level });

const FEED_NAMES: Record<string, string> = { intake: '受理' };
/** The feed looks back this far at most (a quiet grid's feed is not a walk through all history). */
const FEED_WINDOW_DAYS = 30;

/** The unit a statistic is about and the cases it may count. */
interface Target {
  unit: UnitInfo;
  where: StatsWhere;
}

/**
 * Case statistics for a caller: the unit asked for (or the caller's own place), limited to the
 * caller's case scope like every case list (staff: the subtree of their grants; handlers: the cases
 * of their department), aggregated in SQL.
 */
export class CaseStatsService {
  private readonly repo: CaseStatsRepository;
  private readonly rollups: CaseStatsRollupRepository;
  private readonly units: JurisdictionRepository;

  constructor(ctx: AppContext) {
    this.repo = new CaseStatsRepository(ctx.db);
    this.rollups = new CaseStatsRollupRepository(ctx.db);
    this.units = new JurisdictionRepository(ctx.db);
  }

  /**
   * Staff with case.read only; a unit outside the caller's place answers 404. A unit above the
   * caller's one place narrows to that place (a 街镇 dispatcher asking for the district sees its 街镇).
   */
  async target(p: Principal, code: string | undefined): Promise<Target> {
    const scope = caseScope(p, 'case.read');
    if (p.kind === 'resident' || (scope.paths.length === 0 && scope.departmentIds.length === 0)) throw new AppError('FORBIDDEN');
    let unit: UnitInfo | undefined;
    if (code) {
      unit = await this.units.findByCode(code);
      if (!unit) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${code} 的区划或网格`);
    } else {
      unit = scope.paths.length === 1 && scope.departmentIds.length === 0 ? await this.units.findByCode(scope.paths[0]!.split('.').at(-1)!) : await this.units.findRoot();
      if (!unit) throw new AppError('UNIT_NOT_FOUND', '尚未初始化辖区数据');
    }
    const inside = scope.paths.some((s) => within(unit!.path, s));
    if (!inside && scope.departmentIds.length === 0) {
      const below = scope.paths.filter((s) => within(s, unit!.path));
      if (below.length === 0) throw new AppError('NOT_FOUND', '该区划不在您的管辖范围内', undefined, 'This unit is outside your jurisdiction');
      if (below.length === 1) unit = (await this.units.findByCode(below[0]!.split('.').at(-1)!)) ?? unit;
    }
    return { unit, where: { paths: scope.paths, departmentIds: scope.departmentIds, unitPath: unit.path } };
  }

  async overview(p: Principal, q: CaseStatsQuery, now = new Date()): Promise<CaseStatsOverview> {
    return (await this.overviewAt(p, q, now)).overview;
  }

  /** The overview and the unit's path (the export's audit record is placed there). */
  async overviewAt(p: Principal, q: CaseStatsQuery, now = new Date()): Promise<{ overview: CaseStatsOverview; unitPath: string }> {
    const { unit, where } = await this.target(p, q.unit);
    const period = periodOf(q, now);
    const win = { from: dayStart(period.from), to: dayStart(addDays(period.to, 1)), today: dayStart(dayOfInstant(now)), now };
    const child = childOf[unit.level];
    const children = child ? await this.units.children(unit.id) : [];
    // The rollups answer the district and 街镇 views (docs/case-stats.md, "Rollups"); smaller places
    // and departments' scopes are counted over their cases. One after another: on the embedded
    // database every query waits for the one before anyway.
    const plan = planRollup(where, children);
    let grouped;
    let daily;
    if (plan) {
      await this.rollups.fold();
      grouped = await this.rollups.grouped(plan, win);
      daily = await this.rollups.daily(plan, win);
    } else {
      grouped = await this.repo.grouped(where, win, child?.column ?? null);
      daily = await this.repo.daily(where, win);
    }
    const [ancestors, departments, categories] = await Promise.all([this.units.ancestors(unit.path), this.repo.departments(), this.repo.categories()]);

    const deptRows = departments
      .filter((d) => grouped.departments.has(d.id))
      .map((d) => ({ id: d.id, code: d.code, name: d.name, level: d.level as 'district' | 'subdistrict', figures: figuresOf(grouped.departments.get(d.id)!) }));
    const catNames = new Map(categories.map((c) => [c.code, c]));
    const totalIntake = grouped.total.intake;
    const catRows = [...grouped.categories.entries()]
      .filter(([, c]) => c.intake > 0)
      .sort(([a, x], [b, y]) => y.intake - x.intake || a.localeCompare(b))
      .map(([code, c]) => {
        const cat = code ? catNames.get(code) : undefined;
        return { code: code || null, name: code ? (cat?.name ?? code) : '未分类', parentName: cat?.parent_name ?? null, intake: c.intake, open: c.open, share: totalIntake ? Math.round((c.intake / totalIntake) * 10_000) / 10_000 : null };
      });
    const first = dayNumber(period.from);
    const trend = Array.from({ length: period.days }, (_, i) => {
      const d = daily.get(first + i);
      return { day: dayOfNumber(first + i), intake: d?.intake ?? 0, resolved: d?.resolved ?? 0 };
    });
    const overview: CaseStatsOverview = {
      unit: ref(unit),
      ancestors: ancestors.map(ref),
      period,
      asOf: toShanghaiIso(now),
      todayIntake: grouped.total.today,
      figures: figuresOf(grouped.total),
      childLevel: child?.level ?? null,
      units: children.map((c) => ({ ...ref(c), hasChildren: Number(c.child_count) > 0, figures: figuresOf(grouped.units.get(c.id) ?? noCounts()) })),
      departments: rankDepartments(deptRows),
      categories: q.top ? catRows.slice(0, q.top) : catRows,
      trend,
    };
    return { overview, unitPath: unit.path };
  }

  async feed(p: Principal, code: string | undefined, limit: number, now = new Date()): Promise<CaseStatsFeedItem[]> {
    const { where } = await this.target(p, code);
    const rows = await this.repo.feed(where, new Date(+now - FEED_WINDOW_DAYS * 86_400_000), limit);
    const names = new Map((await this.repo.categories()).map((c) => [c.code, c.name]));
    return rows.map((r) => ({
      id: r.id,
      at: toShanghaiIso(r.at),
      caseNumber: r.number,
      action: r.action,
      actionName: FEED_NAMES[r.action] ?? caseActionNames[r.action as keyof typeof caseActionNames]?.zh ?? r.action,
      status: r.to_status as CaseStatus,
      category: r.category_code ? (names.get(r.category_code) ?? r.category_code) : null,
      subdistrict: r.sub_name,
      neighborhood: r.nb_name,
    }));
  }

  async points(p: Principal, code: string | undefined, now = new Date()) {
    const { where } = await this.target(p, code);
    const items = await this.repo.points(where, { today: dayStart(dayOfInstant(now)), now }, caseStatsPointCap + 1);
    return { items: items.slice(0, caseStatsPointCap), capped: items.length > caseStatsPointCap };
  }
}
