import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const reporter = { name: '欧阳小明', phone: '13912345678', contactConsent: true };
const pointKeys = ['categoryCode', 'categoryName', 'categoryNameEn', 'location', 'number', 'receivedAt', 'stage', 'status', 'subdistrict'];

describe.skipIf(!testDbAvailable())('public read-outs for the resident portal', () => {
  let t: TestApp;
  let dispatcher: Session;
  const made: Record<string, { id: string; number: string }> = {};

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json(), raw: res.body, headers: res.headers };
  };

  beforeAll(async () => {
    t = await startTestApp();
    dispatcher = await loginAs(t.app, 'dispatcher.xinhua');
    const where = await pointIn(t, '310105004001001');
    const make = async (key: string, body: Record<string, unknown>) => {
      const r = await createCase(t.app, null, { location: where, reporter, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made[key] = { id: r.body.case.id, number: r.body.case.number };
    };
    await make('light', { categoryCode: 'A0102', description: '番禺路 88 弄门口路灯不亮，电话 13912345678', address: '番禺路88弄3号楼502室' });
    await make('parking', { categoryCode: 'B0203', description: '消防通道长期被私家车占用，救护车进不来' });
    await make('report', { type: 'report', categoryCode: 'B0203', description: '有人在楼道里私拉电线给电动车充电' });
    await make('cancelled', { categoryCode: 'A0102', description: '路灯问题重复提交，请忽略这一条' });
    const r = await act(t.app, dispatcher, made.cancelled!.id, 'cancel', { reason: '重复提交' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists recent cases as points with public fields only, without 举报 or cancelled cases', async () => {
    const r = await get('/api/cases/public/map');
    expect(r.status).toBe(200);
    const numbers = r.body.items.map((i: { number: string }) => i.number);
    expect(numbers).toContain(made.light!.number);
    expect(numbers).toContain(made.parking!.number);
    expect(numbers).not.toContain(made.report!.number);
    expect(numbers).not.toContain(made.cancelled!.number);
    for (const item of r.body.items) expect(Object.keys(item).sort()).toEqual(pointKeys);
    const light = r.body.items.find((i: { number: string }) => i.number === made.light!.number);
    expect(light).toMatchObject({ categoryCode: 'A0102', categoryName: '路灯损坏', subdistrict: '新华路街道', stage: 'open' });
    // Rounded to four decimals (about 10 m).
    for (const v of light.location) expect(Math.round(v * 1e4) / 1e4).toBe(v);
    // No reporter, description or address anywhere in the answer.
    for (const secret of ['欧阳', '13912345678', '139****5678', '502', '电话', '消防通道']) expect(r.raw).not.toContain(secret);
    expect(r.body.truncated).toBe(false);
    expect(r.body.since).toMatch(/\+08:00$/);
    expect(r.headers['cache-control']).toBe('public, max-age=60');
  });

  it('filters by category (first or second level) and by stage', async () => {
    const second = await get('/api/cases/public/map?category=A0102');
    expect(second.body.items.map((i: { number: string }) => i.number)).toEqual([made.light!.number]);
    const first = await get('/api/cases/public/map?category=B02');
    expect(first.body.items.map((i: { number: string }) => i.number)).toEqual([made.parking!.number]);
    expect((await get('/api/cases/public/map?stage=closed')).body.items).toEqual([]);
    expect((await get('/api/cases/public/map?stage=open')).body.items.length).toBe(2);
    const limited = await get('/api/cases/public/map?limit=1');
    expect(limited.body.items).toHaveLength(1);
    expect(limited.body.truncated).toBe(true);
  });

  it('refuses bad filters with a Chinese message', async () => {
    for (const [q, text] of [
      ['days=91', '最多查询近 90 天'],
      ['stage=merged', '状态应为'],
      ['category=light', '分类代码格式'],
    ] as const) {
      const r = await get(`/api/cases/public/map?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.message).toContain(text);
    }
  });

  it('answers the district outline with its subdistricts to anyone', async () => {
    const r = await get('/api/cases/public/area');
    expect(r.status).toBe(200);
    const self = r.body.features.filter((f: { properties: { role: string } }) => f.properties.role === 'self');
    expect(self).toHaveLength(1);
    expect(self[0].properties).toMatchObject({ code: '310105', name: '长宁区', level: 'district' });
    const subs = r.body.features.filter((f: { properties: { level: string } }) => f.properties.level === 'subdistrict');
    expect(subs).toHaveLength(10);
    expect(subs.every((f: { geometry: unknown }) => f.geometry)).toBe(true);
    const doc = await get('/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/cases/public/area', '/api/cases/public/map']));
  });

  it('answers every neighborhood outline for a map zoomed in, and refuses an unknown detail', async () => {
    const r = await get('/api/cases/public/area?detail=neighborhood');
    expect(r.status).toBe(200);
    expect(r.body.features).toHaveLength(189);
    expect(r.body.features.every((f: { properties: { level: string; role: string } }) => f.properties.level === 'neighborhood' && f.properties.role === 'child')).toBe(true);
    const bad = await get('/api/cases/public/area?detail=grid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('detail 应为');
  });

  it('limits each address to 60 requests a minute', async () => {
    // Earlier tests used some of the minute's allowance; go until refused.
    let status = 200;
    for (let i = 0; i < 61 && status === 200; i++) status = (await t.app.inject({ method: 'GET', url: '/api/cases/public/area' })).statusCode;
    expect(status).toBe(429);
  });
});
