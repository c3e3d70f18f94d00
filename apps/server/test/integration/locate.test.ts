import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

interface GridRow {
  code: string;
  path: string;
  center_lng: number;
  center_lat: number;
}

const levels = ['district', 'subdistrict', 'neighborhood', 'grid'] as const;
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe.skipIf(!testDbAvailable())('point → grid location', () => {
  let t: TestApp;
  let session: Session;
  let grids: GridRow[];
  let names: Map<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    session = await loginAs(t.app, 'dispatcher.xinhua');
    grids = (await t.ctx.db
      .selectFrom('jurisdiction_unit')
      .select(['code', 'path', 'center_lng', 'center_lat'])
      .where('level', '=', 'grid')
      .orderBy('code')
      .execute()) as GridRow[];
    const all = await t.ctx.db.selectFrom('jurisdiction_unit').select(['code', 'name']).execute();
    names = new Map(all.map((u) => [u.code, u.name]));
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The chain a grid's own path says it belongs to. */
  const chainOf = (g: GridRow) => {
    const [district, subdistrict, neighborhood, grid] = g.path.split('.');
    const ref = (code: string | undefined, level: string) => ({ code, name: names.get(code!), level });
    return {
      district: ref(district, 'district'),
      subdistrict: ref(subdistrict, 'subdistrict'),
      neighborhood: ref(neighborhood, 'neighborhood'),
      grid: ref(grid, 'grid'),
    };
  };

  it('every grid’s interior point locates to that grid and its true ancestors', () => {
    expect(grids.length).toBeGreaterThanOrEqual(1000);
    const wrong: string[] = [];
    for (const g of grids) {
      expect(g.center_lng).not.toBeNull();
      const found = t.ctx.locator.locate(g.center_lng, g.center_lat);
      const expected = chainOf(g);
      const same = found !== null && levels.every((l) => found[l].code === expected[l].code && found[l].name === expected[l].name && found[l].level === l);
      if (!same) wrong.push(`${g.code} → ${found?.grid.code ?? 'nothing'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the HTTP route agrees for a sample of grids, using the unit detail’s center', async () => {
    const sample = grids.filter((_, i) => i % Math.floor(grids.length / 50) === 0).slice(0, 50);
    expect(sample).toHaveLength(50);
    for (const g of sample) {
      const detail = await t.app.inject({ method: 'GET', url: `/api/jurisdictions/${g.code}`, headers: session.headers });
      const [lng, lat] = detail.json().center as [number, number];
      const res = await t.app.inject({ method: 'GET', url: `/api/geo/locate?lng=${lng}&lat=${lat}` });
      expect(res.statusCode, g.code).toBe(200);
      expect(res.json()).toEqual(chainOf(g));
      expect(detail.json().ancestors.map((a: { code: string }) => a.code)).toEqual(g.path.split('.').slice(0, 3));
    }
  });

  it('a point in Huangpu is outside the jurisdiction', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/geo/locate?lng=121.50&lat=31.23' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('OUTSIDE_JURISDICTION');
    expect(hasChinese(body.error.message)).toBe(true);
    expect(body.error.details).toEqual({ lng: 121.5, lat: 31.23 });
  });

  it.each([
    ['lng out of range', 'lng=200&lat=31.2', '经度'],
    ['lat not a number', 'lng=121.4&lat=abc', 'lat'],
    ['lat missing', 'lng=121.4', 'lat'],
    ['both missing', '', ''],
    ['lat out of range', 'lng=121.4&lat=-91', '纬度'],
  ])('%s → 400 VALIDATION_FAILED in Chinese', async (_name, qs, mention) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/geo/locate?${qs}` });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(hasChinese(body.error.message)).toBe(true);
    expect(body.error.message).toContain(mention);
  });
});
