import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImportReport, importBoundaries } from '../../src/modules/geo/import-boundaries.js';
import { geometrySnapshot } from '../support/db-state.js';
import { type BBox, type PolygonGeometry, type Position, areaOf, areaOutside, bowTie, collection, feature, inside, rect } from '../support/geojson.js';
import { lastJson, runCli } from '../support/spawn.js';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const PANYU = '310105004001';
const XINHUA = '310105004';

describe.skipIf(!testDbAvailable())('boundary import', () => {
  let t: TestApp;
  let panyuBox: BBox;
  let tmp: string;

  const run = (c: unknown, opts: { rewind?: boolean; dryRun?: boolean } = {}): Promise<ImportReport> =>
    importBoundaries(t.ctx.db, { level: 'neighborhood', nameProperty: 'name', rewind: false, dryRun: false, seed: t.ctx.config.seed, suite: t.ctx.config.crypto, actor: 'test', collection: c, ...opts });
  let session: Session;
  const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: session.headers })).json();
  /** Runs an import that must write nothing, and returns its report. */
  const runUnchanged = async (c: unknown, opts: { rewind?: boolean; dryRun?: boolean } = {}) => {
    const before = await geometrySnapshot(t.ctx.db);
    const report = await run(c, opts);
    expect(report.applied).toBe(false);
    expect(report.unitsUpdated).toBe(0);
    expect(await geometrySnapshot(t.ctx.db)).toBe(before);
    return report;
  };

  beforeAll(async () => {
    t = await startTestApp();
    session = await loginAs(t.app, 'district.admin');
    tmp = mkdtempSync(path.join(tmpdir(), 'gongzhi-import-'));
    panyuBox = (await get(`/api/jurisdictions/${PANYU}`)).bbox as BBox;
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('(a) one self-intersecting feature: reported in Chinese, nothing written', async () => {
    const report = await runUnchanged(collection(feature('牛桥居委会', bowTie(panyuBox)), feature('番禺居委会', rect(panyuBox))));
    expect(report.features).toBe(2);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ index: 0, code: 'SELF_INTERSECTION' });
    expect(report.problems[0]!.message).toMatch(/^第 1 个要素：外环自相交/);
  });

  it('(b) a name that matches nothing is listed as unmatched', async () => {
    const report = await runUnchanged(collection(feature('不存在居委会', rect(panyuBox)), feature('310105999999', rect(panyuBox))));
    expect(report.unmatched).toEqual([
      { index: 0, value: '不存在居委会', reason: expect.stringContaining('不匹配') },
      { index: 1, value: '310105999999', reason: expect.stringContaining('第 2 个要素') },
    ]);
    expect(report.matched).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.warnings.join()).toContain('nothing matched');
  });

  it('(d) a clockwise exterior is reported unless rewind is asked for', async () => {
    const cw = collection(feature('番禺居民区', rect(panyuBox, true)));
    const strict = await runUnchanged(cw);
    expect(strict.problems).toEqual([{ index: 0, code: 'WRONG_RING_ORDER', message: expect.stringContaining('方向错误') }]);
    const rewound = await runUnchanged(cw, { rewind: true, dryRun: true });
    expect(rewound.problems).toEqual([]);
    expect(rewound.matched).toEqual([{ index: 0, code: PANYU, name: '番禺居委会' }]);
  });

  it('(e) a Point is NOT_A_POLYGON; a non-collection is refused', async () => {
    const report = await runUnchanged(collection(feature(PANYU, { type: 'Point', coordinates: [121.41, 31.2] })));
    expect(report.problems).toEqual([{ index: 0, code: 'NOT_A_POLYGON', message: expect.stringContaining('Point') }]);
    await expect(run({ type: 'Topology' })).rejects.toMatchObject({ code: 'INVALID_GEOMETRY' });
  });

  it('(c) a neighborhood that sticks out into the next subdistrict is applied', async () => {
    const gridsBefore = await t.ctx.db.selectFrom('jurisdiction_unit').select('code').where('level', '=', 'grid').orderBy('code').execute();
    // 番禺 lies on 新华路's west edge; stretch its box west until it reaches into the neighbour.
    const [x0, y0, x1, y1] = panyuBox;
    const w = x1 - x0, h = y1 - y0;
    const shapeBox: BBox = [x0 - 0.6 * w, y0, x1, y1];
    const shape = rect(shapeBox);
    const outside: { p: Position; sub: string }[] = [];
    for (let i = 1; i < 10; i++) {
      for (let j = 1; j < 10; j++) {
        const p: Position = [x0 - 0.55 * w + (0.5 * w * i) / 10, y0 + 0.1 * h + (0.8 * h * j) / 10];
        const sub = t.ctx.locator.locate(p[0], p[1])!.subdistrict.code;
        if (sub !== XINHUA) outside.push({ p, sub });
      }
    }
    expect(outside.length).toBeGreaterThan(0);
    const { p, sub: neighbour } = outside[Math.floor(outside.length / 2)]!;

    const file = collection(feature('番禺居委会', shape));
    let report: ImportReport;
    if (testDbKind() === 'postgres') {
      // The real command, in its own process, on the test database.
      const f = path.join(tmp, 'panyu.geojson');
      writeFileSync(f, JSON.stringify(file));
      const r = await runCli(['import-boundaries', '--level', 'neighborhood', '--name-property', 'name', f], { DATABASE_URL: t.testDb.databaseUrl! });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('已导入 1 个边界');
      report = lastJson<ImportReport>(r.stdout);
    } else {
      report = await run(file);
    }
    expect(report).toMatchObject({ applied: true, problems: [], unmatched: [], matched: [{ index: 0, code: PANYU, name: '番禺居委会' }] });
    expect(report.unitsUpdated).toBeGreaterThan(1);
    // The import is a write like any other: it leaves an audit record naming who and what.
    const audited = await t.ctx.db.selectFrom('audit_log').select(['actor_name', 'detail']).where('action', '=', 'jurisdiction.import_boundaries').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.actor_name).toMatch(/^(cli:|test)/);
    expect((audited[0]!.detail as { matched: string[] }).matched).toEqual([PANYU]);
    await t.ctx.locator.rebuild(t.ctx.db);

    // The point that was in the neighbour now belongs to 番禺 and 新华路.
    const located = t.ctx.locator.locate(p[0], p[1])!;
    expect(located.neighborhood.code).toBe(PANYU);
    expect(located.subdistrict.code).toBe(XINHUA);
    expect(located.grid.code.startsWith(PANYU)).toBe(true);
    const http = await get(`/api/geo/locate?lng=${p[0]}&lat=${p[1]}`);
    expect(http.neighborhood.code).toBe(PANYU);

    const detail = await get(`/api/jurisdictions/${PANYU}`);
    expect(detail.boundarySource).toBe('imported');
    detail.bbox.forEach((v: number, k: number) => expect(v).toBeCloseTo(shapeBox[k]!, 9));

    // Outlines: 新华路 grows to cover the import; the neighbour gives the point up.
    const xinhua = (await get(`/api/jurisdictions/${XINHUA}/geometry?children=0`)).features[0].geometry as PolygonGeometry;
    expect(areaOutside(shape, xinhua) / areaOf(shape)).toBeLessThan(1e-6);
    const other = (await get(`/api/jurisdictions/${neighbour}/geometry?children=0`)).features[0].geometry as PolygonGeometry;
    expect(inside(other, p)).toBe(false);

    // 番禺's grids tile the imported shape.
    const grids = (await get(`/api/jurisdictions/${PANYU}/geometry`)).features.filter((f: { properties: { role: string } }) => f.properties.role === 'child');
    expect(grids.length).toBeGreaterThan(0);
    let sum = 0;
    for (const g of grids) {
      expect(g.geometry, g.id).not.toBeNull();
      expect(areaOutside(g.geometry, shape) / areaOf(g.geometry)).toBeLessThan(1e-6);
      sum += areaOf(g.geometry);
    }
    expect(Math.abs(sum - areaOf(shape)) / areaOf(shape)).toBeLessThan(1e-4);
    const gridsAfter = await t.ctx.db.selectFrom('jurisdiction_unit').select('code').where('level', '=', 'grid').orderBy('code').execute();
    expect(gridsAfter).toEqual(gridsBefore);
  });

  it('(c) afterwards every grid has geometry and locates to itself', async () => {
    const grids = await t.ctx.db.selectFrom('jurisdiction_unit').select(['code', 'geometry', 'center_lng', 'center_lat']).where('level', '=', 'grid').execute();
    expect(grids.length).toBe((await get('/api/jurisdictions/root')).counts.grids);
    expect(grids.filter((g) => g.geometry === null || g.center_lng === null).map((g) => g.code)).toEqual([]);
    const wrong = grids.filter((g) => t.ctx.locator.locate(g.center_lng!, g.center_lat!)?.grid.code !== g.code).map((g) => g.code);
    expect(wrong).toEqual([]);
  });

  it('(c) afterwards compounds and buildings sit on consistent paths', async () => {
    const bad = await sql<{ code: string }>`
      select c.code from compound c
      join jurisdiction_unit n on n.id = c.neighborhood_id
      left join jurisdiction_unit g on g.id = c.grid_id
      where n.level <> 'neighborhood'
         or (c.grid_id is null and c.path <> n.path)
         or (c.grid_id is not null and (g.parent_id <> n.id or c.path <> g.path))`.execute(t.ctx.db);
    expect(bad.rows).toEqual([]);
    const badBuildings = await sql<{ n: number }>`
      select count(*)::int as n from building b join compound c on c.id = b.compound_id where b.path <> c.path`.execute(t.ctx.db);
    expect(badBuildings.rows[0]!.n).toBe(0);
    // A compound with a grid sits in it.
    const compounds = await t.ctx.db
      .selectFrom('compound as c')
      .innerJoin('jurisdiction_unit as g', 'g.id', 'c.grid_id')
      .select(['c.code', 'c.lng', 'c.lat', 'g.code as grid'])
      .execute();
    expect(compounds.length).toBeGreaterThan(0);
    expect(compounds.filter((c) => t.ctx.locator.locate(c.lng, c.lat)?.grid.code !== c.grid).map((c) => c.code)).toEqual([]);
  });
});
