import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const XINHUA = '310105004';
const PANYU = '310105004001'; // 番禺居委会
const GRID = '310105004001001'; // grid.xinhua's grid
const HONGQIAO = '310105009';
const DAY = 86_400_000;

const shanghaiDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Case statistics against cases made through the API and moved through the loop, with every
 * figure worked out by hand below (dispatcher.xinhua's default view: 新华路街道, the last 30 days).
 */
describe.skipIf(!testDbAvailable())('case statistics', () => {
  let t: TestApp;
  let dispatcher: Session;
  let handler: Session;
  let grid: Session;
  let resident: Session;
  let admin: Session;
  let where: [number, number];
  let cgzf: string;
  const ids: Record<string, string> = {};

  const get = async (s: Session, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: s.headers });
    return { status: res.statusCode, body: res.json() };
  };
  const ok = async (r: Promise<{ status: number; body: unknown }>) => {
    const x = await r;
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    return x.body as Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [dispatcher, handler, grid, resident, admin] = await Promise.all(['dispatcher.xinhua', 'handler.chengguan', 'grid.xinhua', 'resident.demo', 'district.admin'].map((u) => loginAs(t.app, u)));
    where = await pointIn(t, GRID);
    cgzf = await departmentId(t, '310105-CGZF');
    const made = async (s: Session, body: Record<string, unknown>) => {
      const r = await createCase(t.app, s, { location: where, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.case.id as string;
    };
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

    // A: the whole loop on time, rated 满意.
    ids.a = await made(resident, { categoryCode: 'B0201', type: 'complaint', description: '小区门口每天晚上有无证摊贩占道经营，油烟很大' });
    await act(t.app, dispatcher, ids.a, 'redispatch', { leadDepartmentId: cgzf });
    for (const a of ['sign', 'start', 'resolve']) expect((await act(t.app, handler, ids.a, a)).status).toBe(200);
    expect((await act(t.app, grid, ids.a, 'verify_pass')).status).toBe(200);
    expect((await act(t.app, dispatcher, ids.a, 'follow_up')).status).toBe(200);
    expect((await act(t.app, dispatcher, ids.a, 'close')).status).toBe(200);
    expect((await act(t.app, resident, ids.a, 'rate', { satisfaction: 'satisfied' })).status).toBe(200);

    // B: resolved, rated 不满意, reopened: open again and counted unsatisfied.
    ids.b = await made(resident, { categoryCode: 'B0202', type: 'complaint', description: '商铺把货架摆到人行道上，轮椅过不去' });
    await act(t.app, dispatcher, ids.b, 'redispatch', { leadDepartmentId: cgzf });
    for (const a of ['sign', 'start', 'resolve']) expect((await act(t.app, handler, ids.b, a)).status).toBe(200);
    const rated = await act(t.app, resident, ids.b, 'rate', { satisfaction: 'unsatisfied' });
    expect(rated.body.status).toBe('in_progress');

    // C: a hotline order received 20 days ago, auto-dispatched on its receipt time: overdue now.
    ids.c = await made(dispatcher, { channel: 'hotline_12345', categoryCode: 'A0203', type: 'complaint', description: '地铁站出口共享单车乱停放堵住盲道', receivedAt: ago(20) });

    // D: received 20 days ago, handled by the bureau, its deadline passed before it was resolved;
    // rated 基本满意 on the follow-up call.
    ids.d = await made(dispatcher, { channel: 'hotline_12345', categoryCode: 'B0303', type: 'complaint', description: '工地渣土车沿路撒漏泥土，雨天非常泥泞', receivedAt: ago(20) });
    await act(t.app, dispatcher, ids.d, 'redispatch', { leadDepartmentId: cgzf });
    for (const a of ['sign', 'start']) expect((await act(t.app, handler, ids.d, a)).status).toBe(200);
    await t.ctx.db.updateTable('case_record').set({ handle_due_at: new Date(Date.now() - 3600_000) }).where('id', '=', ids.d).execute();
    expect((await act(t.app, handler, ids.d, 'resolve')).status).toBe(200);
    expect((await act(t.app, grid, ids.d, 'verify_pass')).status).toBe(200);
    expect((await act(t.app, dispatcher, ids.d, 'follow_up', { satisfaction: 'basically_satisfied' })).status).toBe(200);

    // E: registered and cancelled: intake, not effective.
    ids.e = await made(dispatcher, { channel: 'grid_patrol', categoryCode: 'B0101', type: 'complaint', description: '弄堂口堆放大量装修垃圾无人清运' });
    expect((await act(t.app, dispatcher, ids.e, 'cancel', { reason: '重复登记' })).status).toBe(200);

    // G: received 40 days ago (before the period), still open and overdue.
    ids.g = await made(dispatcher, { channel: 'hotline_12345', categoryCode: 'A0203', type: 'complaint', description: '小区围墙外共享单车长期堆积无人管理', receivedAt: ago(40) });

    // F: in 虹桥街道: the district sees it, 新华路街道 does not.
    const hq = await pointIn(t, HONGQIAO);
    const f = await createCase(t.app, admin, { channel: 'hotline_12345', categoryCode: 'B0203', type: 'complaint', description: '虹桥路上机动车违规停车占用非机动车道', location: hq });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    ids.f = f.body.case.id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('gives the indicators of a 街镇 for the last 30 days, exactly', async () => {
    const o = await ok(get(dispatcher, '/api/case-stats/overview'));
    expect(o.unit).toEqual({ code: XINHUA, name: '新华路街道', level: 'subdistrict' });
    expect((o.ancestors as { code: string }[]).map((a) => a.code)).toEqual(['310105']);
    const today = shanghaiDay(Date.now());
    expect(o.period).toEqual({ from: shanghaiDay(Date.now() - 29 * DAY), to: today, days: 30 });
    expect(o.todayIntake).toBe(3); // A, B, E
    expect(o.figures).toEqual({
      intake: 5, // A B C D E (G is older)
      effective: 4, // E cancelled
      resolved: 2, // A closed, D followed up
      closed: 1,
      open: 3, // B (reopened), C, G
      overdue: 2, // C, G
      closureRate: { numerator: 2, denominator: 4, rate: 0.5 },
      onTimeRate: { numerator: 1, denominator: 3, rate: 0.3333 }, // A on time; D late; C overdue
      satisfactionRate: { numerator: 2, denominator: 3, rate: 0.6667 }, // A 满意, D 基本满意, B 不满意
      ratings: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 1 },
    });
    // Every neighborhood of 新华路街道 is listed; 番禺 holds them all.
    const units = o.units as { code: string; level: string; hasChildren: boolean; figures: { intake: number; open: number } }[];
    expect(o.childLevel).toBe('neighborhood');
    expect(units.length).toBeGreaterThan(5);
    expect(units.every((u) => u.level === 'neighborhood' && u.code.startsWith(XINHUA))).toBe(true);
    const panyu = units.find((u) => u.code === PANYU)!;
    expect(panyu.figures.intake).toBe(5);
    expect(panyu.hasChildren).toBe(true);
    expect(units.filter((u) => u.code !== PANYU).every((u) => u.figures.intake === 0 && u.figures.open === 0)).toBe(true);

    // Departments: the bureau led A, B, D; the 中队 and the police station the rest.
    const depts = o.departments as { id: string; name: string; figures: { intake: number; onTimeRate: { rate: number | null }; satisfactionRate: { rate: number | null } } }[];
    const bureau = depts.find((d) => d.id === cgzf)!;
    expect(bureau.figures.intake).toBe(3);
    expect(bureau.figures.onTimeRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(bureau.figures.satisfactionRate).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    // Ranked on the on-time rate, unrated last.
    const rates = depts.map((d) => d.figures.onTimeRate.rate ?? -1);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));

    // Categories, most first, then by code: one each in the period (G's A0203 is older).
    const cats = o.categories as { code: string | null; name: string; parentName: string | null; intake: number; share: number }[];
    expect(cats[0]).toMatchObject({ code: 'A0203', name: '共享单车乱停放', intake: 1 });
    expect(cats.reduce((s, c) => s + c.intake, 0)).toBe(5);

    // The trend: one point per day; C and D on their day, A B E today; A and D resolved today.
    const trend = o.trend as { day: string; intake: number; resolved: number }[];
    expect(trend).toHaveLength(30);
    expect(trend.at(-1)).toEqual({ day: today, intake: 3, resolved: 2 });
    expect(trend.find((p) => p.day === shanghaiDay(Date.now() - 20 * DAY))!.intake).toBe(2);
    expect(trend.reduce((s, p) => s + p.intake, 0)).toBe(5);
  });

  it('drills down to a neighborhood and a grid, and widens for the district', async () => {
    const nb = await ok(get(dispatcher, `/api/case-stats/overview?unit=${PANYU}`));
    expect(nb.childLevel).toBe('grid');
    expect((nb.ancestors as { code: string }[]).map((a) => a.code)).toEqual(['310105', XINHUA]);
    expect((nb.units as { code: string; figures: { intake: number } }[]).find((u) => u.code === GRID)!.figures.intake).toBe(5);
    const g = await ok(get(dispatcher, `/api/case-stats/overview?unit=${GRID}`));
    expect(g.childLevel).toBeNull();
    expect(g.units).toEqual([]);
    expect((g.figures as { intake: number }).intake).toBe(5);

    // The district admin sees 虹桥 too; by subdistrict, every 街镇 is a row.
    const d = await ok(get(admin, '/api/case-stats/overview'));
    expect((d.unit as { code: string }).code).toBe('310105');
    expect((d.figures as { intake: number; open: number }).intake).toBe(6);
    expect((d.figures as { open: number }).open).toBe(4);
    const subs = d.units as { code: string; figures: { intake: number } }[];
    expect(subs).toHaveLength(10);
    expect(subs.find((s) => s.code === HONGQIAO)!.figures.intake).toBe(1);
    expect(subs.find((s) => s.code === XINHUA)!.figures.intake).toBe(5);

    // A period that ends before the recent cases: only C and D, and today's intake still counts today.
    const from = shanghaiDay(Date.now() - 25 * DAY);
    const to = shanghaiDay(Date.now() - 10 * DAY);
    const past = await ok(get(dispatcher, `/api/case-stats/overview?from=${from}&to=${to}`));
    expect(past.period).toEqual({ from, to, days: 16 });
    expect((past.figures as { intake: number }).intake).toBe(2);
    expect(past.todayIntake).toBe(3);
    expect(past.trend as unknown[]).toHaveLength(16);
  });

  it('keeps a caller to its own place', async () => {
    const hq = await loginAs(t.app, 'dispatcher.hongqiao');
    const own = await ok(get(hq, '/api/case-stats/overview'));
    expect((own.figures as { intake: number }).intake).toBe(1);
    // Another 街镇: 404, as for its cases; the district narrows to the caller's 街镇.
    expect((await get(hq, `/api/case-stats/overview?unit=${XINHUA}`)).status).toBe(404);
    const wide = await ok(get(hq, '/api/case-stats/overview?unit=310105'));
    expect((wide.unit as { code: string }).code).toBe(HONGQIAO);
    // A handler: the cases of its department, wherever they are.
    const h = await ok(get(handler, '/api/case-stats/overview'));
    expect((h.figures as { intake: number }).intake).toBe(3);
    // Residents have no statistics; nobody signed in is asked to sign in.
    expect((await get(resident, '/api/case-stats/overview')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/case-stats/overview' })).statusCode).toBe(401);
  });

  it('answers bad input with 4xx and a Chinese message', async () => {
    const cases = [
      ['/api/case-stats/overview?from=2025-02-30', 400, '日期不存在'],
      ['/api/case-stats/overview?from=2025-03-02&to=2025-03-01', 400, '开始日期不能晚于结束日期'],
      ['/api/case-stats/overview?from=2024-01-01&to=2025-12-31', 400, '最长 366 天'],
      ['/api/case-stats/overview?unit=12', 400, '区划代码'],
      ['/api/case-stats/overview?unit=310105999', 404, '找不到'],
      ['/api/case-stats/feed?limit=1000', 400, '最多为 100'],
    ] as const;
    for (const [url, status, text] of cases) {
      const r = await get(admin, url);
      expect(r.status, url).toBe(status);
      expect(r.body.error.message, url).toContain(text);
    }
  });

  it('feeds the latest public steps without personal data, and open cases as points', async () => {
    const feed = (await ok(get(dispatcher, '/api/case-stats/feed?limit=50'))).items as Record<string, unknown>[];
    expect(feed.length).toBeGreaterThan(10);
    expect(feed.every((e) => e.subdistrict === '新华路街道')).toBe(true);
    const ats = feed.map((e) => Date.parse(e.at as string));
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    expect(feed[0]).toMatchObject({ action: 'cancel', actionName: '撤销', status: 'cancelled', category: '暴露垃圾', neighborhood: '番禺居委会' });
    const text = JSON.stringify(feed);
    for (const secret of ['张', 'reporter', 'description', '重复登记']) expect(text).not.toContain(secret);
    // No phone number, plain or masked (a bare '138' would also match a timestamp's milliseconds).
    expect(text).not.toMatch(/1[3-9]\d(\d{4}|\*{4})\d{4}/);

    const pts = await ok(get(dispatcher, '/api/case-stats/points'));
    expect(pts.capped).toBe(false);
    // B (open, today), C and G (overdue).
    expect((pts.items as number[][]).map((p) => p[2]).sort()).toEqual([1, 1, 2]);
    expect((pts.items as number[][])[0]!.slice(0, 2)).toEqual(where);
  });

  it('gives the screen every grid boundary of the district in one request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/jurisdictions/310105/geometry?level=grid', headers: dispatcher.headers });
    expect(res.statusCode).toBe(200);
    const fc = res.json() as { features: { properties: { level: string; role: string } }[] };
    const grids = await t.ctx.db.selectFrom('jurisdiction_unit').select((eb) => eb.fn.countAll().as('n')).where('level', '=', 'grid').executeTakeFirstOrThrow();
    expect(fc.features.filter((f) => f.properties.role === 'child' && f.properties.level === 'grid')).toHaveLength(Number(grids.n));
    expect(fc.features.filter((f) => f.properties.role === 'self')).toHaveLength(1);
    console.info(`grid layer: ${fc.features.length} features, ${(res.rawPayload.length / 1024).toFixed(0)} kB`);
    expect((await t.app.inject({ method: 'GET', url: '/api/jurisdictions/310105/geometry?level=city', headers: dispatcher.headers })).statusCode).toBe(400);
  });

  it('exports the tables as xlsx and audits the export', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/case-stats/export.xlsx?unit=${XINHUA}`, headers: dispatcher.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('案件统计-新华路街道'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['总体指标', '按居民区', '按部门', '按类别', '每日趋势', '导出说明']);
    const total = wb.getWorksheet('总体指标')!.getRow(2).values as unknown[];
    // 区划, 今日受理, 受理量, 有效受理, 办结量, 结案量, 在办, 超期, 办结率, 按期办结率, 满意率 …
    expect(total.slice(1, 12)).toEqual(['新华路街道', 3, 5, 4, 2, 1, 3, 2, 0.5, 0.3333, 0.6667]);
    expect(wb.getWorksheet('按类别')!.rowCount).toBe(1 + 5);
    expect(wb.getWorksheet('每日趋势')!.rowCount).toBe(1 + 30);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'resource_type', sql<string>`unit_path::text`.as('unit_path'), 'detail'])
      .where('action', '=', 'case_stats.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_name: 'dispatcher.xinhua', resource_type: 'case_stats', unit_path: `310105.${XINHUA}` });
  });
});
