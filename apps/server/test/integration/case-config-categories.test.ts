import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../support/accounts.js';
import { loginAs, type Session } from '../support/auth.js';
import { createCase, pointIn } from '../support/cases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

interface Node {
  code: string;
  name: string;
  kind: string;
  active: boolean;
  children: { code: string; name: string; kind: string; active: boolean }[];
}

describe.skipIf(!testDbAvailable())(`case categories: the taxonomy district admins edit (${testDbKind()})`, () => {
  let t: TestApp;
  let admin: Session;
  let dispatcher: Session;
  let where: [number, number];

  const tree = async (s?: Session, query = ''): Promise<Node[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/case-categories${query}`, ...(s ? { headers: s.headers } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const post = (s: Session, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/case-categories', headers: s.headers, payload });
  const patch = (s: Session, code: string, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/case-categories/${code}`, headers: s.headers, payload });

  beforeAll(async () => {
    t = await startTestApp();
    [admin, dispatcher] = await Promise.all(['district.admin', 'dispatcher.xinhua'].map((u) => loginAs(t.app, u)));
    where = await pointIn(t, '310105004001001');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the active tree to anyone, signed in or not; inactive ones only to admins', async () => {
    const items = await tree();
    const a01 = items.find((n) => n.code === 'A01')!;
    expect(a01.name).toBe('公用设施');
    expect(a01.children.map((c) => c.code)).toContain('A0101');
    expect(a01.children.every((c) => c.kind === 'component')).toBe(true);
    expect(items.find((n) => n.code === 'B02')!.kind).toBe('event');

    let res = await t.app.inject({ method: 'GET', url: '/api/case-categories?all=true' });
    expect(res.statusCode).toBe(401);
    res = await t.app.inject({ method: 'GET', url: '/api/case-categories?all=true', headers: dispatcher.headers });
    expect(res.statusCode).toBe(403);
    expect((await tree(admin, '?all=true')).length).toBe(items.length);
  });

  it('refuses changes from anyone but a district admin, and records the refusal', async () => {
    const before = (await auditRows(t, 'case.configure')).length;
    let res = await post(dispatcher, { code: 'B0999', name: '调度员想加的分类' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    res = await patch(dispatcher, 'A0101', { name: '改名' });
    expect(res.statusCode).toBe(403);
    const denied = await auditRows(t, 'case.configure');
    expect(denied.length).toBe(before + 2);
    expect(denied.at(-1)!.outcome).toBe('denied');
    res = await t.app.inject({ method: 'POST', url: '/api/case-categories', payload: { code: 'B0999', name: '匿名' } });
    expect(res.statusCode).toBe(401);
  });

  it('explains what is wrong with a new category', async () => {
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ code: 'A0101', name: '重复的代码' }, 409, 'CATEGORY_EXISTS', /A0101 已存在/],
      [{ code: 'B0110', parentCode: 'A01', name: '前缀不对' }, 422, 'INVALID_CATEGORY', /应以上级分类代码 A01 开头/],
      [{ code: 'Q0101', name: '没有上级' }, 422, 'INVALID_CATEGORY', /上级分类 Q01 不存在/],
      [{ code: 'Q01', name: '缺少性质' }, 422, 'INVALID_CATEGORY', /须指定性质/],
      [{ code: 'A0199', name: '性质不符', kind: 'event' }, 422, 'INVALID_CATEGORY', /随上级分类（部件）/],
      [{ code: 'A0199', name: '路灯损坏' }, 409, 'CATEGORY_EXISTS', /已有名为“路灯损坏”/],
      [{ code: 'a1', name: '格式不对' }, 400, 'VALIDATION_FAILED', /分类代码格式应为 A01 或 A0101/],
      [{ code: 'A0199', name: '' }, 400, 'VALIDATION_FAILED', /请填写分类名称/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await post(admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(message);
    }
    // English where the caller asks for it.
    const en = await t.app.inject({ method: 'POST', url: '/api/case-categories', headers: { ...admin.headers, 'accept-language': 'en' }, payload: { code: 'Q0101', name: '没有上级' } });
    expect(en.json().error.message).toMatch(/No parent category Q01/);
  });

  it('adds a first-level and a second-level category (kind inherited), audited, and intake accepts it', async () => {
    let res = await post(admin, { code: 'C01', name: '智慧城市感知', nameEn: 'Smart city sensing', kind: 'event' });
    expect(res.statusCode, res.body).toBe(201);
    res = await post(admin, { code: 'C0101', name: '积水监测报警', nameEn: 'Flooding sensor alarm', urgent: true, defaultType: 'help' });
    expect(res.statusCode, res.body).toBe(201);
    const child = res.json();
    expect(child).toMatchObject({ code: 'C0101', parentCode: 'C01', kind: 'event', urgent: true, defaultType: 'help', active: true });
    expect(child.updatedAt).toMatch(/\+08:00$/);

    const c01 = (await tree()).find((n) => n.code === 'C01')!;
    expect(c01.children.map((c) => c.code)).toEqual(['C0101']);

    const rows = await auditRows(t, 'case_category.create', 'C0101');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_name).toBe('district.admin');
    expect(rows[0]!.after).toMatchObject({ code: 'C0101', parentCode: 'C01', name: '积水监测报警', kind: 'event', urgent: true });

    // No 权责清单 rule yet: the case waits for a dispatcher.
    const made = await createCase(t.app, dispatcher, { categoryCode: 'C0101', type: 'help', description: '下立交积水监测点报警水深超过二十厘米', location: where, channel: 'grid_patrol' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.case.category.name).toBe('积水监测报警');
    expect(made.body.case.urgent).toBe(true);
    expect(made.body.autoDispatched).toBe(false);
  });

  it('renames and changes flags, auditing before and after, and cases show the new name', async () => {
    const res = await patch(admin, 'A0102', { name: '路灯损坏或不亮', urgent: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().category).toMatchObject({ code: 'A0102', name: '路灯损坏或不亮', urgent: true });
    const [row] = await auditRows(t, 'case_category.update', 'A0102');
    expect(row!.before).toEqual({ name: '路灯损坏', urgent: false });
    expect(row!.after).toEqual({ name: '路灯损坏或不亮', urgent: true });

    const made = await createCase(t.app, dispatcher, { categoryCode: 'A0102', type: 'complaint', description: '弄堂口的路灯连续三个晚上都不亮', location: where });
    expect(made.body.case.category.name).toBe('路灯损坏或不亮');
    expect(made.body.case.urgent).toBe(true);

    // The same values again change nothing and write no audit record.
    expect((await patch(admin, 'A0102', { name: '路灯损坏或不亮' })).statusCode).toBe(200);
    expect(await auditRows(t, 'case_category.update', 'A0102')).toHaveLength(1);

    expect((await patch(admin, 'A0102', { name: '窨井盖缺失破损' })).json().error.code).toBe('CATEGORY_EXISTS');
    expect((await patch(admin, 'Z0909', { name: '不存在' })).statusCode).toBe(404);
    const empty = await patch(admin, 'A0102', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/请至少修改一项/);
  });

  it('deactivating a first-level category deactivates its children; intake then answers 422 UNKNOWN_CATEGORY', async () => {
    let res = await patch(admin, 'B02', { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().childrenChanged).toEqual(['B0201', 'B0202', 'B0203']);
    const [row] = await auditRows(t, 'case_category.update', 'B02');
    expect(row!.before).toEqual({ active: true });
    expect(row!.after).toEqual({ active: false });
    expect(row!.detail).toEqual({ childrenActive: false, children: ['B0201', 'B0202', 'B0203'] });

    expect((await tree()).some((n) => n.code === 'B02')).toBe(false);
    const hidden = (await tree(admin, '?all=true')).find((n) => n.code === 'B02')!;
    expect(hidden.active).toBe(false);
    expect(hidden.children.every((c) => !c.active)).toBe(true);

    const refused = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '菜场门口有无证摊贩占道经营', location: where });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('UNKNOWN_CATEGORY');

    // A child cannot come back while its parent is off.
    res = await patch(admin, 'B0201', { active: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/上级分类 B02（街面秩序）已停用/);

    // Reactivating the group alone leaves the children off; with includeChildren they return.
    res = await patch(admin, 'B02', { active: true });
    expect(res.json().childrenChanged).toEqual([]);
    expect((await tree()).find((n) => n.code === 'B02')!.children).toEqual([]);
    res = await patch(admin, 'B02', { active: true, includeChildren: true });
    expect(res.json().childrenChanged).toEqual(['B0201', 'B0202', 'B0203']);
    const back = await createCase(t.app, dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '地铁站出口流动摊贩卖水果', location: where });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
  });

  it('documents its routes in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
    const doc = res.json();
    for (const path of ['/api/case-categories', '/api/case-categories/{code}', '/api/responsibility-rules', '/api/responsibility-rules/{categoryCode}/subdistricts/{code}', '/api/deadline-rules/preview']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/case-categories'].post.tags).toEqual(['case-config']);
  });

  it('deactivates a single second-level category', async () => {
    const res = await patch(admin, 'A0203', { active: false });
    expect(res.json()).toMatchObject({ category: { active: false }, childrenChanged: [] });
    const r = await createCase(t.app, dispatcher, { categoryCode: 'A0203', type: 'complaint', description: '人行道上共享单车堆成一片', location: where });
    expect(r.body.error.code).toBe('UNKNOWN_CATEGORY');
    expect((await tree()).find((n) => n.code === 'A02')!.children.map((c) => c.code)).not.toContain('A0203');
  });
});
