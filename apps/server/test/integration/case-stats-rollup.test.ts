import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOfInstant, dayStart } from '../../src/modules/case-stats/figures.js';
import { CaseStatsRepository, type FigureCounts, type GroupedCounts, type StatsWindow } from '../../src/modules/case-stats/repository.js';
import { CaseStatsRollupRepository, planRollup } from '../../src/modules/case-stats/rollup-repository.js';
import { DeadlineJob } from '../../src/modules/cases/deadline-job.js';
import { createRng } from '../../src/modules/geo/rng.js';
import { JurisdictionRepository } from '../../src/modules/jurisdiction/repository.js';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const GRID = '310105004001001'; // grid.xinhua's grid, in 新华路街道
const PLACES = [GRID, GRID, GRID, '310105009', '310105002'];
const CATEGORIES = ['A0203', 'B0101', 'B0201', 'B0202', 'B0303'];
const DAY = 86_400_000;


/**
 * The rollups of migration 0016 against the scanning queries they replace: after a random walk of
 * intakes, steps of the loop (ratings that reopen, extensions, merges, cancellations), deadline
 * scans, cases past their deadline not flagged yet, and rows inserted and deleted behind the API,
 * both give the same figures for several scopes and periods, with deltas pending and folded.
 */
describe.skipIf(!testDbAvailable())('case statistics rollups', () => {
  let t: TestApp;
  let admin: Session;
  let handler: Session;
  let grid: Session;
  let resident: Session;
  let cgzf: string;
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    [admin, handler, grid, resident] = await Promise.all(['district.admin', 'handler.chengguan', 'grid.xinhua', 'resident.demo'].map((u) => loginAs(t.app, u)));
    cgzf = await departmentId(t, '310105-CGZF');
    const units = await t.ctx.db.selectFrom('jurisdiction_unit').select(['code', 'path']).where('code', 'in', ['310105', '310105004', '310105009', '310105002']).execute();
    for (const u of units) paths[u.code] = u.path;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const scopes = () => [
    { name: 'district admin', where: { paths: [paths['310105']!], departmentIds: [], unitPath: paths['310105']! }, unit: '310105', column: 'subdistrict_id' as const },
    { name: '新华路 dispatcher', where: { paths: [paths['310105004']!], departmentIds: [], unitPath: paths['310105004']! }, unit: '310105004', column: 'neighborhood_id' as const },
    { name: 'two 街镇 granted, district asked', where: { paths: [paths['310105004']!, paths['310105009']!], departmentIds: [], unitPath: paths['310105']! }, unit: '310105', column: 'subdistrict_id' as const },
    { name: 'district admin in 虹桥', where: { paths: [paths['310105']!], departmentIds: [], unitPath: paths['310105009']! }, unit: '310105009', column: 'neighborhood_id' as const },
  ];
  const windows = (now: Date): { name: string; win: StatsWindow }[] => {
    const today = dayOfInstant(now);
    const w = (name: string, from: string, to: string, at = now) => ({ name, win: { from: dayStart(from), to: dayStart(addDays(to, 1)), today: dayStart(dayOfInstant(at)), now: at } });
    const later = new Date(+now + 6 * DAY);
    return [
      w('last 30 days', addDays(today, -29), today),
      w('50 to 10 days ago', addDays(today, -50), addDays(today, -10)),
      w('a year', addDays(today, -365), today),
      // Six days on, with no deadline scan between: deadlines passed meanwhile count as overdue.
      w('six days later', addDays(today, -23), dayOfInstant(later), later),
    ];
  };

  /** Counts as plain data; groups with nothing in them dropped, `today` kept for the total only (the only one shown). */
  const plain = (g: GroupedCounts) => {
    const strip = (m: Map<string, FigureCounts>) =>
      Object.fromEntries(
        [...m.entries()]
          .map(([k, c]) => [k, { ...c, today: 0 }] as const)
          .filter(([, c]) => Object.values(c).some((v) => v !== 0))
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    return { total: g.total, units: strip(g.units), departments: strip(g.departments), categories: strip(g.categories) };
  };

  async function compare(label: string, fold: boolean) {
    const repo = new CaseStatsRepository(t.ctx.db);
    const roll = new CaseStatsRollupRepository(t.ctx.db);
    const units = new JurisdictionRepository(t.ctx.db);
    if (fold) await roll.fold();
    const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_stat_delta`.execute(t.ctx.db);
    if (!fold) expect(Number(pending.rows[0]!.n), `${label}: deltas pending`).toBeGreaterThan(0);
    for (const s of scopes()) {
      const unit = (await units.findByCode(s.unit))!;
      const children = await units.children(unit.id);
      const plan = planRollup(s.where, children);
      expect(plan, s.name).not.toBeNull();
      for (const { name, win } of windows(new Date())) {
        const at = `${label} · ${s.name} · ${name}`;
        const scanned = await repo.grouped(s.where, win, s.column);
        const rolled = await roll.grouped(plan!, win);
        // Figures from the units' ids: the scan groups by the child column, the rollups by path.
        expect(plain(rolled), at).toEqual(plain(scanned));
        expect(rolled.total.today, at).toBe(scanned.total.today);
        const d1 = await repo.daily(s.where, win);
        const d2 = await roll.daily(plan!, win);
        const nonzero = (m: Map<number, { intake: number; resolved: number }>) => [...m].filter(([, v]) => v.intake || v.resolved).sort(([a], [b]) => a - b);
        expect(nonzero(d2), `${at} · trend`).toEqual(nonzero(d1));
      }
    }
  }

  it('gives the figures of the scanning queries after a random walk of case writes', async () => {
    const r = createRng(20251128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const points = new Map<string, [number, number]>();
    for (const code of new Set(PLACES)) points.set(code, await pointIn(t, code));
    const ids: string[] = [];
    const byResident = new Set<string>();

    // Intakes: hotline orders received up to 60 days ago, and residents' reports of today.
    for (let i = 0; i < 28; i++) {
      const own = r() < 0.3;
      const place = own ? GRID : pick(PLACES);
      const body: Record<string, unknown> = { location: points.get(place), categoryCode: pick(CATEGORIES), type: 'complaint', description: `随机案件 ${i}：路面坑洼积水影响通行` };
      if (!own) Object.assign(body, { channel: 'hotline_12345', receivedAt: new Date(Date.now() - Math.floor(r() * 60 * DAY)).toISOString() });
      const res = await createCase(t.app, own ? resident : admin, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.case.id);
      if (own) byResident.add(res.body.case.id);
    }
    await compare('after intake', false);

    const statusOf = async (id: string) => (await t.ctx.db.selectFrom('case_record').select(['status', 'reopen_count']).where('id', '=', id).executeTakeFirstOrThrow()).status;
    const sat = () => pick(['satisfied', 'basically_satisfied', 'unsatisfied'] as const);
    let copies: string[] = [];
    const done = new Map<string, number>();
    for (let step = 0; step < 200; step++) {
      const id = pick(ids);
      const status = await statusOf(id);
      const roll = r();
      if (roll < 0.04) {
        // Behind the API: a row inserted (as a bulk load would) and, later, deleted. Without a
        // deadline, so that the deadline job leaves it alone (its steps would keep it from deletion).
        const c = await sql<{ id: string }>`
          INSERT INTO case_record (number, channel, type, category_code, title, description, lng, lat, subdistrict_id, neighborhood_id,
            grid_id, path, status, lead_department_id, received_at, resolved_at, handle_due_at, overdue, satisfaction, search_vector)
          SELECT 'T' || ${String(step).padStart(6, '0')}, channel, type, category_code, title, description, lng, lat, subdistrict_id,
            neighborhood_id, grid_id, path, status, lead_department_id, received_at - interval '3 days', resolved_at, NULL, overdue,
            satisfaction, search_vector
          FROM case_record WHERE id = ${id} RETURNING id`.execute(t.ctx.db);
        copies.push(c.rows[0]!.id);
        continue;
      }
      if (roll < 0.07 && copies.length) {
        await t.ctx.db.deleteFrom('case_record').where('id', 'in', copies).execute();
        copies = [];
        continue;
      }
      if (roll < 0.1) {
        // Its handling deadline passes; the deadline job flags it on its next scan (or not yet).
        await t.ctx.db.updateTable('case_record').set({ handle_due_at: new Date(Date.now() - 3600_000) }).where('id', '=', id).execute();
        continue;
      }
      if (roll < 0.13) {
        await new DeadlineJob(t.ctx).scan(new Date());
        continue;
      }
      if (roll < 0.15) {
        await compare(`step ${step}`, r() < 0.5);
        continue;
      }
      // Weighted towards going forward, so the walk reaches ratings and closures.
      const moves: [Session, string, Record<string, unknown>][] = [];
      const add = (times: number, who: Session, action: string, body: Record<string, unknown> = {}) => {
        for (let i = 0; i < times; i++) moves.push([who, action, body]);
      };
      switch (status) {
        case 'received':
          add(6, admin, 'dispatch', { leadDepartmentId: cgzf });
          add(1, admin, 'classify', { categoryCode: pick(CATEGORIES) });
          add(1, admin, 'cancel', { reason: '重复登记' });
          add(1, admin, 'merge', { masterCaseId: pick(ids) });
          break;
        case 'returned':
          add(3, admin, 'redispatch', { leadDepartmentId: cgzf });
          add(1, admin, 'cancel', { reason: '无法处理' });
          break;
        case 'dispatched':
          add(6, handler, 'sign');
          add(1, handler, 'return', { reason: '不属本部门' });
          add(1, admin, 'redispatch', { leadDepartmentId: cgzf });
          add(1, admin, 'merge', { masterCaseId: pick(ids) });
          break;
        case 'signed':
          add(3, handler, 'start');
          add(3, handler, 'resolve');
          add(1, handler, 'request_extension', { reason: '需要协调' });
          break;
        case 'in_progress':
          add(5, handler, 'resolve');
          add(1, handler, 'request_extension', { reason: '需要协调' });
          add(1, admin, 'approve_extension');
          add(1, admin, 'merge', { masterCaseId: pick(ids) });
          break;
        case 'resolved':
          add(4, grid, 'verify_pass');
          add(1, grid, 'verify_fail', { reason: '未处理完' });
          add(1, admin, 'reopen', { reason: '复查' });
          if (byResident.has(id)) add(3, resident, 'rate', { satisfaction: sat() });
          break;
        case 'verified':
          add(2, admin, 'follow_up', r() < 0.7 ? { satisfaction: sat() } : {});
          add(2, admin, 'close');
          break;
        case 'followed_up':
          add(2, admin, 'close');
          if (byResident.has(id)) add(2, resident, 'rate', { satisfaction: sat() });
          break;
        case 'closed':
          if (byResident.has(id)) add(1, resident, 'rate', { satisfaction: sat() });
          break;
      }
      if (!moves.length) continue;
      const [who, action, body] = pick(moves);
      const res = await act(t.app, who, id, action, body);
      // Refusals (a guard, another department's case, a place outside the verifier's grid) are fine: no write.
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      if (res.status === 200) done.set(action, (done.get(action) ?? 0) + 1);
    }
    // The walk went through the loop's corners (the seed is fixed: this holds every run).
    const mix = await sql<{ reopened: number; rated: number; unsatisfied: number; flagged: number; merged: number; cancelled: number }>`
      SELECT count(*) FILTER (WHERE reopen_count > 0)::int AS reopened, count(*) FILTER (WHERE satisfaction IS NOT NULL)::int AS rated,
        (SELECT count(DISTINCT case_id) FROM case_event WHERE (data->>'satisfaction') = 'unsatisfied')::int AS unsatisfied,
        count(*) FILTER (WHERE overdue)::int AS flagged, count(*) FILTER (WHERE status = 'merged')::int AS merged,
        count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
      FROM case_record`.execute(t.ctx.db);
    console.log(JSON.stringify({ actions: Object.fromEntries(done), ...mix.rows[0] }));
    await compare('at the end, pending', false);
    await compare('at the end, folded', true);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_stat_delta`.execute(t.ctx.db);
    expect(Number(left.rows[0]!.n)).toBe(0);

    // A rebuild from the cases gives the rollups the triggers kept.
    const before = await sql`SELECT node::text, dim::text, day, key, intake, effective, resolved, closed, on_time, due_judged, satisfied,
      basically_satisfied, unsatisfied, resolved_on FROM case_stat_day
      WHERE intake <> 0 OR resolved_on <> 0 OR effective <> 0 OR resolved <> 0 OR due_judged <> 0 OR satisfied <> 0 OR unsatisfied <> 0 OR basically_satisfied <> 0
      ORDER BY 1, 2, 3, 4`.execute(t.ctx.db);
    const nowBefore = await sql`SELECT node::text, dim::text, key, open, overdue FROM case_stat_now WHERE open <> 0 OR overdue <> 0 ORDER BY 1, 2, 3`.execute(t.ctx.db);
    await new CaseStatsRollupRepository(t.ctx.db).rebuild();
    const after = await sql`SELECT node::text, dim::text, day, key, intake, effective, resolved, closed, on_time, due_judged, satisfied,
      basically_satisfied, unsatisfied, resolved_on FROM case_stat_day ORDER BY 1, 2, 3, 4`.execute(t.ctx.db);
    const nowAfter = await sql`SELECT node::text, dim::text, key, open, overdue FROM case_stat_now WHERE open <> 0 OR overdue <> 0 ORDER BY 1, 2, 3`.execute(t.ctx.db);
    expect(after.rows).toEqual(before.rows);
    expect(nowAfter.rows).toEqual(nowBefore.rows);
  }, 240_000);
});
