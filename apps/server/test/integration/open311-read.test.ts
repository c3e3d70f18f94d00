import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Session } from '../support/auth.js';
import { act, createCase, departmentId, pointIn } from '../support/cases.js';
import { asXmlData, expectSchemaValid, getBoth } from '../support/open311.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The reporter of the main case: none of this may appear in any Open311 answer.
const reporter = { name: '欧阳小明', phone: '13912345678' };

describe.skipIf(!testDbAvailable())('Open311 GeoReport v2: reading services and requests', () => {
  let t: TestApp;
  let dispatcher: Session;
  let handler: Session;
  let main: { id: string; number: string };
  let dup: { id: string; number: string };
  let old: { id: string; number: string };
  let odd: { id: string; number: string };
  const bodies: string[] = [];

  const getAll = async (path: string, query: Record<string, string> = {}) => {
    const r = await getBoth(t.app, path, query);
    bodies.push(r.raw, r.rawXml);
    return r;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const resident = await loginAs(t.app, 'resident.demo');
    [dispatcher, handler] = await Promise.all(['dispatcher.xinhua', 'handler.chengguan'].map((u) => loginAs(t.app, u)));
    const where = await pointIn(t, '310105004001001');
    const cgzf = await departmentId(t, '310105-CGZF');
    const made = async (s: Session, body: Record<string, unknown>) => {
      const r = await createCase(t.app, s, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.case.id as string, number: r.body.case.number as string };
    };
    main = await made(resident, {
      categoryCode: 'B0201',
      type: 'complaint',
      description: `我是${reporter.name}，小区门口每晚有无证摊贩占道经营，请联系 139 1234 5678 或 ouyang@example.com`,
      location: where,
      address: '番禺路 100 弄 5 号 601 室',
      reporter: { ...reporter, contactConsent: true },
    });
    await act(t.app, dispatcher, main.id, 'redispatch', { leadDepartmentId: cgzf, reason: '内部：街道中队人手不足' });
    for (const a of ['sign', 'start']) expect((await act(t.app, handler, main.id, a)).status).toBe(200);
    await act(t.app, handler, main.id, 'add_note', { publicNote: '已安排夜间巡查' });
    await act(t.app, handler, main.id, 'add_note', { reason: '内部备注：摊主王某屡教不改' });
    expect((await act(t.app, handler, main.id, 'resolve', { publicNote: '已清理占道摊贩' })).status).toBe(200);

    dup = await made(dispatcher, { categoryCode: 'B0201', type: 'complaint', description: '番禺路路口流动摊贩占道经营', location: where, channel: 'grid_patrol' });
    expect((await act(t.app, dispatcher, dup.id, 'merge', { masterCaseId: main.id, reason: '内部：网格员重复上报' })).status).toBe(200);

    old = await made(dispatcher, { categoryCode: 'A0102', type: 'help', description: '路灯不亮已经一周了，晚上很黑', location: where, channel: 'grid_patrol' });
    // Test setup: pretend it came in 120 days ago, outside the default 90-day window.
    await t.ctx.db.updateTable('case_record').set({ received_at: sql`now() - interval '120 days'` }).where('id', '=', old.id).execute();

    odd = await made(dispatcher, { categoryCode: 'A0102', type: 'help', description: 'XML 难点 <b>&amp; "引号" \'单引号\' ]]> 结束', location: where, channel: 'grid_patrol' });
    await t.ctx.db.updateTable('case_record').set({ public_note: '控制字符\u0001已去除 & <ok>' }).where('id', '=', odd.id).execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never lists 举报 cases and withholds their content when looked up by number', async () => {
    const where = await pointIn(t, '310105004001001');
    const r = await createCase(t.app, dispatcher, { categoryCode: 'B0501', type: 'report', description: '举报：隔壁 302 室群租十几个人，房东姓赵', location: where, channel: 'reception' });
    const list = await getAll('requests');
    expect((list.body as { service_request_id: string }[]).some((x) => x.service_request_id === r.body.case.number)).toBe(false);
    const one = await getAll(`requests/${r.body.case.number}`);
    const req = (one.body as { description: string; media_url: string | null }[])[0]!;
    expect(req.description).not.toContain('群租');
    expect(one.raw).not.toContain('赵');
  });

  it('answers discovery with this endpoint and both formats', async () => {
    const { status, body, xml } = await getAll('discovery');
    expect(status).toBe(200);
    expect(body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(body.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(xml).toEqual({ discovery: asXmlData('discovery', body) });
  });

  it('lists the active second-level categories as services, valid against services.json', async () => {
    const { status, body, xml } = await getAll('services');
    expect(status).toBe(200);
    expectSchemaValid('services', body);
    const active = await t.ctx.db.selectFrom('case_category').select('code').where('parent_code', 'is not', null).where('active', '=', true).execute();
    expect(body.map((s: { service_code: string }) => s.service_code).sort()).toEqual(active.map((c) => c.code).sort());
    expect(body.find((s: { service_code: string }) => s.service_code === 'A0101')).toMatchObject({
      service_name: '窨井盖缺失破损',
      group: '公用设施',
      metadata: true,
      type: 'realtime',
    });
    expect(xml).toEqual({ services: asXmlData('services', body) });

    // An inactive category leaves the list; English on request.
    await t.ctx.db.updateTable('case_category').set({ active: false }).where('code', '=', 'A0302').execute();
    const en = await getAll('services', { lang: 'en' });
    expect(en.body.some((s: { service_code: string }) => s.service_code === 'A0302')).toBe(false);
    expect(en.body.find((s: { service_code: string }) => s.service_code === 'A0101').service_name).toBe('Missing or broken manhole cover');
    await t.ctx.db.updateTable('case_category').set({ active: true }).where('code', '=', 'A0302').execute();
  });

  it('defines a service with its attributes, valid against service-definition.json; unknown codes are 404 in Open311 form', async () => {
    const { status, body, xml } = await getAll('services/A0101');
    expect(status).toBe(200);
    expectSchemaValid('service-definition', body);
    const type = body.attributes.find((a: { code: string }) => a.code === 'case_type');
    expect(type).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true, order: 1 });
    expect(type.values.map((v: { key: string }) => v.key)).toEqual(['consult', 'help', 'complaint', 'suggestion', 'report', 'praise']);
    expect(body.attributes.find((a: { code: string }) => a.code === 'contact_consent')).toMatchObject({ required: false, datatype: 'singlevaluelist' });
    expect(xml).toEqual({ service_definition: asXmlData('service_definition', body) });

    const missing = await getAll('services/Z9999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.stringContaining('Z9999') }]);
    expect(missing.xml).toEqual({ errors: { error: [{ code: '404', description: missing.body[0].description }] } });
    // A first-level group is not a service.
    expect((await getAll('services/A01')).status).toBe(404);
  });

  it('lists requests of the last 90 days, valid against requests.json, with XML carrying the same data', async () => {
    const { status, body, xml } = await getAll('requests');
    expect(status).toBe(200);
    expectSchemaValid('requests', body);
    const ids = body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(ids).toEqual(expect.arrayContaining([main.number, dup.number, odd.number]));
    expect(ids).not.toContain(old.number);
    expect(xml).toEqual({ service_requests: asXmlData('service_requests', body) });
  });

  it('maps a case: number, status, agency, deadline, public note, masked address', async () => {
    const { body } = await getAll(`requests/${main.number}`);
    expectSchemaValid('requests', body);
    const row = await t.ctx.db.selectFrom('case_record').select(['handle_due_at', 'lat', 'lng']).where('id', '=', main.id).executeTakeFirstOrThrow();
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      service_request_id: main.number,
      status: 'open',
      status_notes: '已清理占道摊贩',
      service_code: 'B0201',
      agency_responsible: expect.stringContaining('城管'),
      lat: row.lat,
      long: row.lng,
      address: '番禺路 100 弄 5 号',
      media_url: null,
    });
    expect(body[0].requested_datetime).toMatch(/\+08:00$/);
    expect(Date.parse(body[0].expected_datetime)).toBe(+row.handle_due_at!);
    expect(body[0].extended_attributes).toBeUndefined();
    expect(body[0].description).toContain('139****5678');
    expect(body[0].description).toContain('o***@example.com');

    const missing = await getAll('requests/20000101000001');
    expect(missing.status).toBe(404);
    expect(missing.body[0].code).toBe(404);
  });

  it('with extensions=true: the detailed status and the public timeline, neutral and without internal notes', async () => {
    const { body, xml } = await getAll(`requests/${main.number}`, { extensions: 'true' });
    expectSchemaValid('requests', body);
    expect(xml).toEqual({ service_requests: asXmlData('service_requests', body) });
    const r = body[0];
    expect(r.extended_attributes).toMatchObject({ detailed_status: 'resolved', case_type: 'complaint', channel: '居民随手拍', parent_service_request_id: null });
    const notes = r.notes as { type: string; status: string; summary: string; description: string | null }[];
    expect(notes[0]).toMatchObject({ type: 'opened', status: 'received' });
    expect(notes.map((n) => n.status)).toEqual(expect.arrayContaining(['dispatched', 'signed', 'in_progress', 'resolved']));
    expect(notes.map((n) => n.description)).toEqual(expect.arrayContaining(['已安排夜间巡查', '已清理占道摊贩']));
    const text = JSON.stringify(notes);
    expect(text).not.toContain('内部');
    expect(text).not.toContain('handler.chengguan');
    expect(text).not.toContain('dispatcher.xinhua');
  });

  it('a merged case is closed and points to its master', async () => {
    const { body } = await getAll(`requests/${dup.number}`, { extensions: 'true' });
    expect(body[0].status).toBe('closed');
    expect(body[0].extended_attributes).toMatchObject({ detailed_status: 'merged', parent_service_request_id: main.number });
    expect(JSON.stringify(body[0].notes)).not.toContain('内部');
  });

  it('filters by ids (overriding the rest), service_code, status and dates', async () => {
    const both = await getAll('requests', { service_request_id: `${old.number},${dup.number}`, status: 'open', service_code: 'A0101' });
    expect(both.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([old.number, dup.number].sort());

    const lamps = await getAll('requests', { service_code: 'A0102,A0101' });
    expect(lamps.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([odd.number]);

    const closed = await getAll('requests', { status: 'closed' });
    expect(closed.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([dup.number]);
    const open = await getAll('requests', { status: 'open' });
    expect(open.body.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect((await getAll('requests', { status: 'open,closed' })).body).toHaveLength(3);

    const since = new Date(Date.now() - 130 * 86_400_000).toISOString();
    const until = new Date(Date.now() - 110 * 86_400_000).toISOString();
    const window = await getAll('requests', { start_date: since, end_date: until });
    expect(window.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([old.number]);
    expectSchemaValid('requests', window.body);

    // Empty means absent (the spec's "optional"); paging extension.
    expect((await getAll('requests', { status: '', service_code: '' })).body).toHaveLength(3);
    const page2 = await getAll('requests', { page_size: '2', page: '2' });
    expect(page2.body).toHaveLength(1);
  });

  it('refuses bad filters with 400 in the spec format, in both formats', async () => {
    for (const query of [{ status: 'pending' }, { start_date: 'yesterday' }, { start_date: '2025-01-01T00:00:00' }, { start_date: '2025-01-01T00:00:00Z', end_date: '2025-06-01T00:00:00Z' }, { page_size: '5000' }]) {
      const r = await getAll('requests', query);
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body).toEqual([{ code: 400, description: expect.any(String) }]);
      expect(r.xml).toEqual({ errors: { error: [{ code: '400', description: r.body[0].description }] } });
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/open311/v2/nothing.json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()[0].code).toBe(404);
  });

  it('escapes text in XML and drops characters XML cannot carry', async () => {
    const { body, xml, rawXml } = await getAll(`requests/${odd.number}`);
    expect(body[0].description).toBe('XML 难点 <b>&amp; "引号" \'单引号\' ]]> 结束');
    expect(rawXml).toContain('&lt;b&gt;&amp;amp;');
    expect(xml).toEqual({ service_requests: { request: [expect.objectContaining({ description: body[0].description, status_notes: '控制字符已去除 & <ok>' })] } });
  });

  it('points media_url at the case photo and serves it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1d1e6a50000000049454e44ae426082', 'hex');
    const photo = await t.ctx.db
      .insertInto('case_photo')
      .values({ case_id: odd.id, content_type: 'image/png', size_bytes: png.length, width: 1, height: 1, sha256: 'test-photo', data: png })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { body } = await getAll(`requests/${odd.number}`);
    expectSchemaValid('requests', body);
    expect(body[0].media_url).toMatch(new RegExp(`^http://[^/]+/open311/v2/media/${photo.id}$`));
    const media = await t.app.inject({ method: 'GET', url: new URL(body[0].media_url).pathname });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
    expect(media.rawPayload.equals(png)).toBe(true);
    // Unattached uploads are not published.
    await t.ctx.db.updateTable('case_photo').set({ case_id: null }).where('id', '=', photo.id).execute();
    expect((await t.app.inject({ method: 'GET', url: `/open311/v2/media/${photo.id}` })).statusCode).toBe(404);
  });

  it('documents the JSON routes in the app\'s OpenAPI under the open311 tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths).filter((p) => p.startsWith('/open311/'));
    expect(paths).toEqual(expect.arrayContaining(['/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests/{service_request_id}.json']));
    expect(paths.some((p) => p.endsWith('.xml'))).toBe(false);
    expect(res.json().paths['/open311/v2/requests.json'].post.tags).toEqual(['open311']);
  });

  it('answers tokens by internal id; unknown tokens are 404', async () => {
    const { status, body } = await getAll(`tokens/${main.id}`);
    expect(status).toBe(200);
    expect(body).toEqual([{ service_request_id: main.number, token: main.id }]);
    expect((await getAll('tokens/12345')).status).toBe(404);
  });

  it('never shows the reporter: no name, no phone, no e-mail in any answer', () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const b of bodies) {
      for (const secret of [reporter.name, reporter.phone, '139 1234 5678', 'ouyang@example.com', '601 室']) expect(b).not.toContain(secret);
    }
  });
});
