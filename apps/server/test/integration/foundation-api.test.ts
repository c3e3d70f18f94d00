import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BBox, bboxInside } from '../support/geojson.js';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const csv = readFileSync(fileURLToPath(new URL('../../data/reference/changning-committees-2023.csv', import.meta.url)), 'utf8');
const committees = csv.trim().split('\n').slice(1).map((l) => {
  const [code, name, streetCode, streetName] = l.split(',');
  return { code: code!, name: name!, streetCode: streetCode!, streetName: streetName! };
});
const XINHUA = '310105004';
const xinhuaNeighborhoods = committees.filter((c) => c.streetCode === XINHUA);

describe.skipIf(!testDbAvailable())('foundation API', () => {
  let t: TestApp;
  let session: Session;
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: session.headers });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };

  beforeAll(async () => {
    t = await startTestApp();
    session = await loginAs(t.app, 'district.admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('health names the database this project runs on', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: testDbKind() });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('root is 长宁区 with the whole tree counted', async () => {
    const { status, body } = await get('/api/jurisdictions/root');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '310105', name: '长宁区', level: 'district', parent: null, ancestors: [], boundarySource: 'reference' });
    expect(body.counts.subdistricts).toBe(10);
    expect(body.counts.neighborhoods).toBe(189);
    expect(body.counts.grids).toBeGreaterThanOrEqual(1000);
    expect(body.counts.grids).toBeLessThanOrEqual(1200);
    expect(body.counts.compounds).toBeGreaterThan(0);
    expect(body.counts.buildings).toBeGreaterThan(body.counts.compounds);
    expect(body.counts.departments).toBeGreaterThan(0);
    expect(body.areaKm2).toBeGreaterThan(30);
    expect(body.areaKm2).toBeLessThan(45);
    expect(committees).toHaveLength(189);
  });

  it('children of 新华路街道 are its 17 neighborhoods from the reference list', async () => {
    const { status, body } = await get(`/api/jurisdictions/${XINHUA}/children`);
    expect(status).toBe(200);
    expect(xinhuaNeighborhoods).toHaveLength(17);
    const items = body.items as { code: string; name: string; level: string; childCount: number }[];
    expect(items.map((i) => i.code).sort()).toEqual(xinhuaNeighborhoods.map((c) => c.code).sort());
    for (const i of items) {
      expect(i.level).toBe('neighborhood');
      expect(i.name).toBe(xinhuaNeighborhoods.find((c) => c.code === i.code)!.name);
      expect(i.childCount).toBeGreaterThan(0);
    }
  });

  it('a neighborhood has its ancestors and a bbox inside the district', async () => {
    const root = (await get('/api/jurisdictions/root')).body;
    const { status, body } = await get('/api/jurisdictions/310105004001');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '310105004001', name: '番禺居委会', level: 'neighborhood' });
    expect(body.ancestors).toEqual([
      { code: '310105', name: '长宁区', level: 'district' },
      { code: XINHUA, name: '新华路街道', level: 'subdistrict' },
    ]);
    expect(body.parent).toEqual({ code: XINHUA, name: '新华路街道', level: 'subdistrict' });
    expect(bboxInside(body.bbox as BBox, root.bbox as BBox)).toBe(true);
    const [x0, y0, x1, y1] = body.bbox as BBox;
    expect(x1).toBeGreaterThan(x0);
    expect(y1).toBeGreaterThan(y0);
    expect(body.center[0]).toBeGreaterThan(x0);
    expect(body.center[0]).toBeLessThan(x1);
    expect(body.counts.subdistricts).toBe(0);
    expect(body.counts.grids).toBeGreaterThan(0);
  });

  it('geometry is a FeatureCollection of the unit and its children', async () => {
    const children = (await get(`/api/jurisdictions/${XINHUA}/children`)).body.items as { code: string }[];
    const res = await get(`/api/jurisdictions/${XINHUA}/geometry`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    expect(res.body.type).toBe('FeatureCollection');
    const features = res.body.features as { id: string; geometry: { type: string } | null; properties: { code: string; role: string } }[];
    expect(features).toHaveLength(1 + children.length);
    expect(features.filter((f) => f.properties.role === 'self').map((f) => f.properties.code)).toEqual([XINHUA]);
    expect(features.filter((f) => f.properties.role === 'child').map((f) => f.properties.code)).toEqual(children.map((c) => c.code));
    for (const f of features) {
      expect(f.id).toBe(f.properties.code);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry?.type);
    }
    const self = await get(`/api/jurisdictions/${XINHUA}/geometry?children=0`);
    expect(self.body.features.map((f: { id: string }) => f.id)).toEqual([XINHUA]);
  });

  it('search finds units by URL-encoded Chinese name and by code prefix, filtered by level', async () => {
    const byName = await get(`/api/jurisdictions/search?q=${encodeURIComponent('番禺')}`);
    expect(byName.status).toBe(200);
    const hit = byName.body.items.find((i: { code: string }) => i.code === '310105004001');
    expect(hit).toMatchObject({ name: '番禺居委会', level: 'neighborhood' });
    expect(hit.ancestors.map((a: { code: string }) => a.code)).toEqual(['310105', XINHUA]);

    const byCode = await get(`/api/jurisdictions/search?q=${XINHUA}&level=neighborhood&limit=50`);
    expect(byCode.status).toBe(200);
    expect(byCode.body.items.map((i: { code: string }) => i.code).sort()).toEqual(xinhuaNeighborhoods.map((c) => c.code).sort());

    const sub = await get(`/api/jurisdictions/search?q=${encodeURIComponent('新华')}&level=subdistrict`);
    expect(sub.body.items.map((i: { code: string }) => i.code)).toEqual([XINHUA]);
    const nb = await get(`/api/jurisdictions/search?q=${encodeURIComponent('新华')}&level=neighborhood`);
    expect(nb.body.items.length).toBeGreaterThan(0);
    for (const i of nb.body.items) {
      expect(i.level).toBe('neighborhood');
      expect(i.ancestors).toHaveLength(2);
    }
    expect(nb.body.items.map((i: { name: string }) => i.name)).toContain('新华居委会');
  });

  it('compounds of a subdistrict page through completely with no duplicates', async () => {
    const detail = (await get(`/api/jurisdictions/${XINHUA}`)).body;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/compounds?unit=${XINHUA}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(50);
      for (const c of res.body.items) {
        expect(c.neighborhood.code.startsWith(XINHUA)).toBe(true);
        if (c.grid) expect(c.grid.code.startsWith(c.neighborhood.code)).toBe(true);
        seen.push(c.code);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(detail.counts.compounds);
    expect(seen).toEqual([...seen].sort());
    expect(pages).toBe(Math.max(1, Math.ceil(seen.length / 50)));
  });

  it('compounds filter by type and search by name', async () => {
    const all = (await get('/api/compounds?limit=200')).body.items as { code: string; name: string; type: string }[];
    const type = all[0]!.type;
    const typed = await get(`/api/compounds?type=${type}&limit=200`);
    expect(typed.status).toBe(200);
    expect(typed.body.items.length).toBeGreaterThan(0);
    expect(typed.body.items.every((c: { type: string }) => c.type === type)).toBe(true);
    expect(typed.body.items.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(all.filter((c) => c.type === type).map((c) => c.code).filter((code) => code <= typed.body.items.at(-1).code)));

    const target = all[3]!;
    const found = await get(`/api/compounds?q=${encodeURIComponent(target.name)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { code: string }) => c.code)).toContain(target.code);
    expect(found.body.items.every((c: { name: string; address: string }) => c.name.includes(target.name) || c.address.includes(target.name))).toBe(true);
    const none = await get(`/api/compounds?q=${encodeURIComponent('不存在的小区名')}`);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('departments of a subdistrict: district ones and its own, not another subdistrict’s', async () => {
    const res = await get(`/api/departments?unit=${XINHUA}`);
    expect(res.status).toBe(200);
    const items = res.body.items as { code: string; name: string; level: string; unit: { code: string } }[];
    const district = items.filter((d) => d.level === 'district');
    const own = items.filter((d) => d.level === 'subdistrict');
    expect(district.length).toBeGreaterThan(0);
    expect(district.every((d) => d.unit.code === '310105')).toBe(true);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((d) => d.unit.code === XINHUA && d.name.startsWith('新华路'))).toBe(true);
    expect(items.some((d) => d.name === '新华路派出所')).toBe(true);
    expect(items.some((d) => d.unit.code !== '310105' && d.unit.code !== XINHUA)).toBe(false);
    const other = (await get('/api/departments?unit=310105001')).body.items as { code: string; level: string }[];
    expect(other.some((d) => d.code.startsWith('310105001-'))).toBe(true);
    const ownCodes = new Set(own.map((d) => d.code));
    expect(other.some((d) => ownCodes.has(d.code))).toBe(false);
    // A neighborhood is served by the same departments as its subdistrict.
    const nb = (await get('/api/departments?unit=310105004001')).body.items as { code: string }[];
    expect(nb.map((d) => d.code).sort()).toEqual(items.map((d) => d.code).sort());
    const root = (await get('/api/jurisdictions/root')).body;
    expect((await get('/api/departments')).body.items).toHaveLength(root.counts.departments);
  });

  it('publishes an OpenAPI 3.1 document and the docs page', async () => {
    const { status, body } = await get('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(body.info.title).toContain('Gongzhi');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/jurisdictions/{code}', '/api/geo/locate']));
    expect(body.paths['/api/openapi.json']).toBeUndefined();
    let docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    if (docs.statusCode >= 300 && docs.statusCode < 400) docs = await t.app.inject({ method: 'GET', url: new URL(docs.headers.location!, 'http://x/api/docs').pathname });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toMatch(/<html/i);
  });

  it('reference data needs a signed-in staff member; compounds are limited to the caller\'s scope', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/jurisdictions/root' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    expect((await t.app.inject({ method: 'GET', url: '/api/compounds' })).statusCode).toBe(401);
    // The resident role holds no staff action.
    const resident = await loginAs(t.app, 'resident.demo');
    expect((await t.app.inject({ method: 'GET', url: '/api/jurisdictions/root', headers: resident.headers })).statusCode).toBe(403);
    // A 新华路 dispatcher sees the whole map but only 新华路's compounds.
    const xinhua = await loginAs(t.app, 'dispatcher.xinhua');
    expect((await t.app.inject({ method: 'GET', url: '/api/jurisdictions/310105009', headers: xinhua.headers })).statusCode).toBe(200);
    const own = await t.app.inject({ method: 'GET', url: '/api/compounds?limit=200', headers: xinhua.headers });
    expect(own.statusCode).toBe(200);
    const items = own.json().items as { neighborhood: { code: string } }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.neighborhood.code.startsWith(XINHUA))).toBe(true);
    const other = await t.app.inject({ method: 'GET', url: '/api/compounds?unit=310105009', headers: xinhua.headers });
    expect(other.json().items).toEqual([]);
  });
});
