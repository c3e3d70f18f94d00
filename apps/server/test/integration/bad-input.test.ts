import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../support/db-state.js';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

type Inject = InjectOptions;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.skipIf(!testDbAvailable())('bad input', () => {
  let t: TestApp;
  let session: Session;
  let countsBefore: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp();
    session = await loginAs(t.app, 'district.admin');
    countsBefore = await rowCounts(t.ctx.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Sends a request and checks the one error shape: `{ error: { code, message, details? } }`. */
  const fail = async (req: Inject, status: number, code?: string) => {
    // Reads go as a signed-in user, so the error is about the input, not about signing in.
    const isRead = (req.method ?? 'GET') === 'GET';
    const res = await t.app.inject(isRead ? { ...req, headers: { cookie: session.cookie, ...(req.headers ?? {}) } } : req);
    expect(res.statusCode, `${req.method ?? 'GET'} ${String(req.url)}: ${res.body}`).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error.code).toBe('string');
    expect(body.error.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    if (code) expect(body.error.code).toBe(code);
    return { body, headers: res.headers };
  };

  it('unknown route → 404 ROUTE_NOT_FOUND naming the route', async () => {
    const { body } = await fail({ method: 'GET', url: '/api/nope?x=1' }, 404, 'ROUTE_NOT_FOUND');
    expect(body.error.message).toContain('/api/nope');
    expect(body.error.message).not.toContain('x=1');
    await fail({ method: 'DELETE', url: '/api/jurisdictions/310105' }, 404, 'ROUTE_NOT_FOUND');
  });

  it.each(['/api/jurisdictions/root', '/api/geo/locate', '/api/nope', '/api/compounds', '/api/auth/login'])('malformed JSON posted to %s → 4xx error shape, never 500', async (url) => {
    for (const payload of ['{"a":', '{bad json}', '']) {
      const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^(MALFORMED_JSON|ROUTE_NOT_FOUND|METHOD_NOT_ALLOWED|VALIDATION_FAILED)$/);
    }
  });

  it('malformed JSON on a route that takes a JSON body is 400 MALFORMED_JSON', async () => {
    for (const payload of ['{"username":', '{bad json}', '']) {
      const { body } = await fail({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload }, 400, 'MALFORMED_JSON');
      expect(body.error.message).toMatch(/JSON/);
    }
  });

  it.each(['abc', '3101059', '31010500400', '310105004001x', '%E4%B8%AD'])('wrong code format %s → 400 VALIDATION_FAILED', async (code) => {
    const { body } = await fail({ method: 'GET', url: `/api/jurisdictions/${code}` }, 400, 'VALIDATION_FAILED');
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    await fail({ method: 'GET', url: `/api/jurisdictions/${code}/children` }, 400, 'VALIDATION_FAILED');
  });

  it('unknown code → 404 UNIT_NOT_FOUND, on every route that takes a code', async () => {
    const { body } = await fail({ method: 'GET', url: '/api/jurisdictions/310105999' }, 404, 'UNIT_NOT_FOUND');
    expect(body.error.message).toContain('310105999');
    await fail({ method: 'GET', url: '/api/jurisdictions/310105004999/children' }, 404, 'UNIT_NOT_FOUND');
    await fail({ method: 'GET', url: '/api/jurisdictions/310105004001999/geometry' }, 404, 'UNIT_NOT_FOUND');
    await fail({ method: 'GET', url: '/api/compounds?unit=310199' }, 404, 'UNIT_NOT_FOUND');
    await fail({ method: 'GET', url: '/api/departments?unit=310105999' }, 404, 'UNIT_NOT_FOUND');
  });

  it('bad cursors → 400', async () => {
    const numberCursor = Buffer.from('123').toString('base64url');
    for (const cursor of ['not-a-cursor!!', numberCursor, 'x'.repeat(201), '%%%']) {
      const { body } = await fail({ method: 'GET', url: `/api/compounds?cursor=${encodeURIComponent(cursor)}` }, 400, 'VALIDATION_FAILED');
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each(['0', '1000', '-1', '1.5', 'ten'])('limit=%s → 400', async (limit) => {
    await fail({ method: 'GET', url: `/api/compounds?limit=${limit}` }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: `/api/jurisdictions/search?q=1&limit=${limit}` }, 400, 'VALIDATION_FAILED');
  });

  it('over-long or empty q → 400; unknown enum values → 400', async () => {
    const long = encodeURIComponent('长'.repeat(51));
    const { body } = await fail({ method: 'GET', url: `/api/jurisdictions/search?q=${long}` }, 400, 'VALIDATION_FAILED');
    expect(body.error.message).toContain('50');
    await fail({ method: 'GET', url: `/api/compounds?q=${long}` }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/jurisdictions/search?q=%20%20' }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/jurisdictions/search' }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/jurisdictions/search?q=a&level=city' }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/compounds?type=castle' }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/departments?kind=navy' }, 400, 'VALIDATION_FAILED');
    await fail({ method: 'GET', url: '/api/jurisdictions/310105/geometry?children=maybe' }, 400, 'VALIDATION_FAILED');
  });

  it('LIKE wildcards in q are taken literally', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/compounds?q=${encodeURIComponent('%')}`, headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('Accept-Language: en gives English messages; Chinese by default', async () => {
    const en = await fail({ method: 'GET', url: '/api/jurisdictions/310105999', headers: { 'accept-language': 'en-US,en;q=0.9' } }, 404, 'UNIT_NOT_FOUND');
    expect(en.body.error.message).toBe('No such jurisdiction unit');
    const enValidation = await fail({ method: 'GET', url: '/api/geo/locate?lng=200&lat=1', headers: { 'accept-language': 'en' } }, 400, 'VALIDATION_FAILED');
    expect(enValidation.body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
    const enCursor = await fail({ method: 'GET', url: '/api/compounds?cursor=abc', headers: { 'accept-language': 'en' } }, 400);
    expect(enCursor.body.error.message).toMatch(/cursor/i);
    const enRoute = await fail({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en' } }, 404, 'ROUTE_NOT_FOUND');
    expect(enRoute.body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await fail({ method: 'GET', url: '/api/jurisdictions/310105999', headers: { 'accept-language': 'zh-CN,en;q=0.8' } }, 404);
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const outside = await fail({ method: 'GET', url: '/api/geo/locate?lng=121.5&lat=31.23', headers: { 'accept-language': 'en' } }, 422, 'OUTSIDE_JURISDICTION');
    expect(outside.body.error.message).toBe('The location is outside the jurisdiction');
  });

  it('?lang=en asks for English too, also on routes whose query has a schema', async () => {
    const plain = await fail({ method: 'GET', url: '/api/jurisdictions/310105999?lang=en' }, 404, 'UNIT_NOT_FOUND');
    expect(plain.body.error.message).toBe('No such jurisdiction unit');
    // The validated query drops unknown keys such as `lang`; the language must come from the raw URL.
    const outside = await fail({ method: 'GET', url: '/api/geo/locate?lng=121.5&lat=31.23&lang=en' }, 422, 'OUTSIDE_JURISDICTION');
    expect(outside.body.error.message).toBe('The location is outside the jurisdiction');
    const unit = await fail({ method: 'GET', url: '/api/compounds?unit=310199&lang=en' }, 404, 'UNIT_NOT_FOUND');
    expect(unit.body.error.message).toBe('No such jurisdiction unit');
  });

  it('x-request-id is echoed when given and generated when not', async () => {
    const given = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-abc-12345678' } });
    expect(given.headers['x-request-id']).toBe('trace-abc-12345678');
    const onError = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'trace-err-12345678' } });
    expect(onError.headers['x-request-id']).toBe('trace-err-12345678');
    const none = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(none.headers['x-request-id']).toMatch(uuid);
    const other = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(other.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
    // Something that is not an id (spaces, too long) is replaced, not echoed into logs and headers.
    for (const bad of ['bad id with spaces', 'x'.repeat(101), 'short']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(uuid);
    }
  });

  it('none of these requests changed any table', async () => {
    const after = await rowCounts(t.ctx.db);
    expect(Object.keys(after).length).toBeGreaterThanOrEqual(5);
    expect(after.jurisdiction_unit).toBeGreaterThan(1000);
    expect(after).toEqual(countsBefore);
  });

  // Runs last: the failed sign-ins before the limit leave audit rows.
  it('a flood of sign-ins from one address is answered 429 RATE_LIMITED with a retry hint', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.8.7', payload: { username: 'nobody.here', password: 'x' } });
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await attempt()).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
