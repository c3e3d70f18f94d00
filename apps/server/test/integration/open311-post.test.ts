import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/modules/identity/session-tokens.js';
import { pointIn } from '../support/cases.js';
import { expectSchemaValid, getBoth, parseXml } from '../support/open311.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const KEY = 'gzt_demo_open311_changning_2025';
const person = { first_name: '建国', last_name: '司马', phone: '13700001234', email: 'sima.jianguo@example.com' };

describe.skipIf(!testDbAvailable())('Open311 GeoReport v2: POST requests', () => {
  let t: TestApp;
  let where: [number, number];
  const created: string[] = [];

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = async (body: Record<string, unknown> | string, format: 'json' | 'xml' = 'json', headers: Record<string, string> = {}) => {
    const isForm = typeof body === 'string';
    const res = await t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      payload: body,
      headers: { 'content-type': isForm ? 'application/x-www-form-urlencoded; charset=utf-8' : 'application/json', ...headers },
    });
    return { status: res.statusCode, raw: res.body, body: format === 'json' ? res.json() : parseXml(res.body) };
  };
  const base = () => ({ api_key: KEY, service_code: 'B0101', lat: String(where[1]), long: String(where[0]), description: '小区东门外堆放大量生活垃圾无人清运' });
  const count = async () => Number((await t.ctx.db.selectFrom('case_record').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    // Sessions and keys are aged or revoked here by editing the database, which a running server's
    // principal cache sees only after its TTL (principal-cache.test.ts): no cache in this file.
    t = await startTestApp({ GONGZHI_AUTH_CACHE_MS: '0' });
    where = await pointIn(t, '310105004001001');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a form-encoded request with attributes and answers the case number', async () => {
    const body = form({ ...base(), ...person, 'attribute[case_type]': 'complaint', 'attribute[contact_consent]': 'true', 'attribute[title]': '东门垃圾堆放', media_url: 'https://img.example.com/a.jpg' });
    const r = await post(body);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toEqual([{ service_request_id: expect.stringMatching(/^\d{14}$/), service_notice: expect.any(String), account_id: null }]);
    const id = r.body[0].service_request_id as string;
    created.push(id);
    const row = await t.ctx.db.selectFrom('case_record').selectAll().where('number', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'open311', type: 'complaint', category_code: 'B0101', title: '东门垃圾堆放', contact_consent: true });
    expect(t.ctx.cipher.decrypt(row.reporter_name_enc!, 'case_record.reporter_name')).toBe('司马建国');
    expect(t.ctx.cipher.decrypt(row.reporter_phone_enc!, 'case_record.reporter_phone')).toBe(person.phone);

    const got = await getBoth(t.app, `requests/${id}`, { extensions: 'true' });
    expectSchemaValid('requests', got.body);
    expect(got.body[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'B0101', media_url: 'https://img.example.com/a.jpg' });
    expect(got.body[0].extended_attributes).toMatchObject({ channel: 'Open311 接口', case_type: 'complaint' });
    expect(got.body[0].service_notice).toBe(r.body[0].service_notice);
  });

  it('takes JSON bodies (nested or bracketed attributes) and answers in XML too', async () => {
    const a = await post({ ...base(), lat: where[1], long: where[0], attribute: { case_type: 'help' }, ...person });
    expect(a.status, a.raw).toBe(200);
    const b = await post({ ...base(), 'attribute[case_type]': 'suggestion' }, 'xml');
    expect(b.status, b.raw).toBe(200);
    const reqs = (b.body as { service_requests: { request: { service_request_id: string; account_id: string }[] } }).service_requests.request;
    expect(reqs[0]!.service_request_id).toMatch(/^\d{14}$/);
    expect(reqs[0]!.account_id).toBe('');
    created.push(a.body[0].service_request_id, reqs[0]!.service_request_id);
    const types = await t.ctx.db.selectFrom('case_record').select(['number', 'type']).where('number', 'in', created.slice(1)).execute();
    expect(types.map((x) => x.type).sort()).toEqual(['help', 'suggestion']);
  });

  it('places requests without lat/long by a compound code (address_id) or name (address_string)', async () => {
    const c = await t.ctx.db.selectFrom('compound').select(['code', 'name', 'lng', 'lat']).orderBy('code').limit(1).executeTakeFirstOrThrow();
    const { lat: _lat, long: _long, ...noPoint } = base();
    for (const where of [{ address_id: c.code }, { address_string: `长宁区${c.name}3号楼门口` }]) {
      const r = await post({ ...noPoint, ...where, 'attribute[case_type]': 'complaint' });
      expect(r.status, r.raw).toBe(200);
      const row = await t.ctx.db.selectFrom('case_record').select(['lng', 'lat']).where('number', '=', r.body[0].service_request_id).executeTakeFirstOrThrow();
      expect([row.lng, row.lat]).toEqual([c.lng, c.lat]);
      created.push(r.body[0].service_request_id);
    }
    const lost = await post({ ...noPoint, address_string: '不存在的某条路', 'attribute[case_type]': 'complaint' });
    expect(lost.status).toBe(400);
  });

  it('answers the same case for a repeated Idempotency-Key', async () => {
    const body = { ...base(), 'attribute[case_type]': 'complaint' };
    const first = await post(body, 'json', { 'idempotency-key': 'open311-test-key-0001' });
    const again = await post(body, 'json', { 'idempotency-key': 'open311-test-key-0001' });
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
    created.push(first.body[0].service_request_id);
  });

  it('refuses a missing, wrong, revoked or unscoped api_key with 403 in the spec format', async () => {
    const before = await count();
    const attrs = { 'attribute[case_type]': 'complaint' };
    const { api_key: _k, ...noKey } = base();
    const missing = await post(form({ ...noKey, ...attrs }));
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await post(form({ ...base(), ...attrs, api_key: 'gzt_wrong_key_000000000000' }), 'xml');
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ errors: { error: [{ code: '403', description: expect.stringContaining('api_key') }] } });

    const machine = await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'open311.client').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('api_token').values({ name: 'iot only', prefix: 'gzt_iot_', token_hash: hashSecret('gzt_iot_only_key_0000000000'), user_id: machine.id, scopes: ['iot'] }).execute();
    const unscoped = await post({ ...base(), ...attrs, api_key: 'gzt_iot_only_key_0000000000' });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body[0].description).toContain('open311');

    // Bearer works as well as api_key; a revoked key stops working.
    const bearer = await post({ ...noKey, ...attrs }, 'json', { authorization: `Bearer ${KEY}` });
    expect(bearer.status).toBe(200);
    created.push(bearer.body[0].service_request_id);
    const inQuery = await t.app.inject({ method: 'POST', url: `/open311/v2/requests.json?api_key=${KEY}`, payload: form({ ...noKey, ...attrs }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(inQuery.statusCode).toBe(200);
    created.push(inQuery.json()[0].service_request_id);
    await t.ctx.db.updateTable('api_token').set({ revoked_at: new Date() }).where('token_hash', '=', hashSecret(KEY)).execute();
    expect((await post({ ...base(), ...attrs })).status).toBe(403);
    await t.ctx.db.updateTable('api_token').set({ revoked_at: null }).where('token_hash', '=', hashSecret(KEY)).execute();
    expect(await count()).toBe(before + 2);
  });

  it('refuses bad input with the right status, writing nothing', async () => {
    const before = await count();
    const attrs = { 'attribute[case_type]': 'complaint' };
    const cases: [Record<string, string>, number][] = [
      [{ ...base(), ...attrs, lat: '31.22', long: '121.55' }, 422], // 浦东: outside the district
      [{ ...base(), ...attrs, service_code: 'Z9999' }, 404],
      [{ ...base(), ...attrs, service_code: '' }, 400],
      [{ ...base() }, 400], // no case_type
      [{ ...base(), 'attribute[case_type]': 'gossip' }, 400],
      [{ ...base(), ...attrs, long: '' }, 400],
      [{ ...base(), ...attrs, lat: 'north' }, 400],
      [{ ...base(), ...attrs, description: '短' }, 400],
      [{ ...base(), ...attrs, phone: '12345' }, 400],
    ];
    for (const [fields, status] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const r = await post(form(fields), format);
        expect(r.status, `${JSON.stringify(fields)} ${r.raw}`).toBe(status);
        if (format === 'json') expect(r.body).toEqual([{ code: status, description: expect.any(String) }]);
        else expect((r.body as { errors: { error: { code: string }[] } }).errors.error[0]!.code).toBe(String(status));
      }
    }
    const text = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json()[0].code).toBe(415);
    const broken = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: '{"api_key":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(parseXml(broken.body)).toMatchObject({ errors: { error: [{ code: '400' }] } });
    expect(await count()).toBe(before);
  });

  it('never publishes what the reporters gave: name, phone, e-mail', async () => {
    const outputs = [
      await getBoth(t.app, 'requests', { extensions: 'true' }),
      await getBoth(t.app, 'requests', { service_request_id: created.join(',') }),
      ...(await Promise.all(created.map((id) => getBoth(t.app, `requests/${id}`, { extensions: 'true' })))),
    ];
    expect(outputs[0]!.body.length).toBeGreaterThanOrEqual(created.length);
    for (const o of outputs) {
      expectSchemaValid('requests', o.body);
      for (const secret of [person.first_name, person.last_name, '司马建国', person.phone, person.email, 'sima']) {
        expect(o.raw).not.toContain(secret);
        expect(o.rawXml).not.toContain(secret);
      }
    }
  });
});
