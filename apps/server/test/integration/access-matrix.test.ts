// The access matrix: every API route × every role × (inside its grant, outside it, anonymous),
// expected from the route's declared policy (modules/*/policies.ts) and contracts' rolePermissions.
// Also: no route lacks a policy, responses to callers granted inside never carry ids of records
// outside, and no response carries an unmasked ID number or mobile number.
//
// Embedded runs every cell; PostgreSQL runs the same matrix (the policy code is engine-free, but
// scope is applied in SQL, which is where the engines could differ).
import { type Role, roles } from '@gongzhi/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/policy-gate.js';
import type { RoutePolicy } from '../../src/modules/identity/route-policy.js';
import { routePolicies } from '../../src/modules/route-policies.js';
import { type Expectation, expectation, passesGate } from '../support/access-expect.js';
import { type AccessFixture, buildAccessFixture, type Pair } from '../support/access-fixtures.js';
import { massCases } from '../support/access-mass.js';
import { signIn } from '../support/accounts.js';
import { makePng } from '../support/images.js';
import { findPersonal, responseText } from '../support/personal-scan.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const missingUuid = '00000000-0000-4000-8000-000000000000';
const apiRoute = (url: string) => url.startsWith('/api/') || url.startsWith('/open311/');

/** Routes whose allow cells are not run: an SSE stream never ends under inject. */
const streamOnlyDenied = new Set(['GET /api/cases/stream']);
/** Templates carry a made-up example row (a valid-looking ID number and phone) and no stored data. */
const templates = /\/[a-z-]*template\.xlsx$/;
/** Business 404s of an allowed call: there is no 街镇 rule of the fixture to delete. */
const nothingToAct = new Set(['DELETE /api/responsibility-rules/:categoryCode/subdistricts/:code']);
/** Routes that end the caller's session: they get a session of their own. */
const endsSession = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);

interface Target {
  url: string;
  /** The route's record exists in the fixture (an allow cell may not answer 404). */
  known: boolean;
  /** The request names something in the outside 街镇 (only then is an outside cell run). */
  outside: boolean;
}

/** The URL of a route for a cell: path parameters and unit queries from the fixture. */
function target(route: string, cell: 'inside' | 'outside', fx: AccessFixture): Target {
  const url = route.slice(route.indexOf(' ') + 1);
  let known = true;
  let outside = false;
  const pick = (p: Pair) => {
    if (cell === 'outside' && p.outside) {
      outside = true;
      return p.outside;
    }
    return p.inside;
  };
  const missing = (v = missingUuid) => {
    known = false;
    return v;
  };
  const idFor = (): string => {
    const by: [string, () => string][] = [
      ['/api/cases/notifications/', () => missing('999999999')],
      ['/api/cases/photos/', () => missing()],
      ['/api/cases/hotline-imports/', () => missing()],
      ['/api/cases/', () => pick(fx.ids.case)],
      ['/api/users/', () => pick(fx.ids.user)],
      ['/api/grants/', () => pick(fx.ids.grant)],
      ['/api/residents/imports/', () => missing()],
      ['/api/compounds/', () => pick(fx.ids.compound)],
      ['/api/buildings/', () => pick(fx.ids.building)],
      ['/api/households/', () => pick(fx.ids.household)],
      ['/api/residents/', () => pick(fx.ids.resident)],
      ['/api/verification/tasks/', () => pick(fx.ids.task)],
      ['/api/governance/', () => fx.governanceItem],
      ['/api/deadline-rules/', () => fx.deadlineRule],
      ['/api/ledgers/', () => 'population'],
    ];
    return (by.find(([prefix]) => url.startsWith(prefix))?.[1] ?? (() => missing()))();
  };
  let path = url.replace(/:([a-z_A-Z]+)/g, (_m, name: string) => {
    switch (name) {
      case 'id':
        return idFor();
      case 'code':
        return url.startsWith('/api/case-categories') ? 'B0201' : pick(fx.ids.unit);
      case 'type':
        return 'commercial';
      case 'kind':
        return 'problems';
      case 'action':
        return 'close'; // never allowed from 派单 (dispatched): the allowed cells change nothing
      case 'categoryCode':
      case 'service_code':
        return 'B0201';
      default:
        return missing('x');
    }
  });
  if (path.endsWith('/*')) path = '/api/docs/static/index.html';
  const unitQuery = ['/api/ledgers/', '/api/case-stats/', '/api/residents/deidentified.xlsx'].some((p) => url.startsWith(p));
  if (unitQuery) path += `?unit=${pick(fx.ids.unit)}`;
  if (url === '/api/residents/imports' && route.startsWith('POST')) path += `?neighborhood=${pick(fx.ids.neighborhood)}`;
  return { url: path, known: known && !nothingToAct.has(route), outside };
}

/** A body the route's parser accepts (the gate answers before its validation). */
async function payloadFor(route: string): Promise<{ payload?: string | Buffer; headers?: Record<string, string> }> {
  const [method, url] = route.split(' ') as [string, string];
  if (method === 'GET' || method === 'DELETE') return {};
  if (url === '/api/cases/photos') return { payload: await makePng(), headers: { 'content-type': 'image/png' } };
  if (url === '/api/cases/hotline-imports' || url === '/api/residents/imports') return { payload: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } };
  return { payload: '{}', headers: { 'content-type': 'application/json' } };
}

const accepts = (e: Expectation, status: number, known: boolean): boolean => {
  if (status >= 500) return false;
  switch (e) {
    case 'pass':
      return status !== 401 && status !== 403 && (status !== 404 || !known);
    case '403|404':
      return status === 403 || status === 404;
    default:
      return status === e;
  }
};

describe.skipIf(!testDbAvailable())('access matrix', () => {
  let t: TestApp;
  let fx: AccessFixture;
  const routes: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await buildAccessFixture(t);
    for (const r of registeredRoutes(t.app)) if (apiRoute(r.url) && r.method !== 'HEAD') routes.push(`${r.method} ${r.url}`);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('declares a policy for every API route, and none for a route that does not exist', () => {
    const missing = routes.filter((r) => !routePolicies[r]);
    expect(missing, 'routes without an entry in a module’s policies.ts').toEqual([]);
    const stale = Object.keys(routePolicies).filter((k) => !routes.includes(k));
    expect(stale, 'policy entries that match no route').toEqual([]);
  });

  it('answers every route × role × cell as the policy says; no leaks of outside ids; no unmasked personal data', async () => {
    const failures: string[] = [];
    const leaks: string[] = [];
    const unmasked: string[] = [];
    let cells = 0;
    const district = await signIn(t.app, 'district.admin');
    const run = async (route: string, policy: RoutePolicy, role: Role | null, cell: 'inside' | 'outside') => {
      const tg = target(route, cell, fx);
      if (cell === 'outside' && !tg.outside) return;
      const want = expectation(policy, role, cell);
      // A role the gate refuses is refused alike wherever the record lies: the inside cell covers it.
      if (cell === 'outside' && role !== null && !passesGate(policy, role)) return;
      if (want === 'pass' && streamOnlyDenied.has(route)) return;
      const method = route.slice(0, route.indexOf(' ')) as 'GET';
      const body = await payloadFor(route);
      const session = role === null ? null : endsSession.has(route) ? await signIn(t.app, `mx.${role}`) : fx.sessions[role];
      const res = await t.app.inject({ method, url: tg.url, headers: { ...(session?.headers ?? {}), ...(body.headers ?? {}) }, ...(body.payload === undefined ? {} : { payload: body.payload }) });
      cells += 1;
      // Signing out everywhere ended the shared session too.
      if (role !== null && endsSession.has(route)) fx.sessions[role] = await signIn(t.app, `mx.${role}`);
      const who = role ?? 'anonymous';
      if (!accepts(want, res.statusCode, tg.known)) failures.push(`${route} as ${who} (${cell}, ${tg.url}): expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      if (res.statusCode >= 400 || route === 'POST /api/personal-data/reveal' || templates.test(tg.url)) return;
      const text = await responseText(res.headers['content-type'] as string | undefined, res.rawPayload);
      const found = findPersonal(text);
      if (found.length) unmasked.push(`${route} as ${who}: ${found.slice(0, 3).join(', ')}`);
      if (policy.access === 'action' && policy.scope !== 'global' && !['jurisdiction.read', 'department.read'].includes(policy.action!)) {
        const leaked = fx.outsideIds.filter((id) => text.includes(id));
        if (leaked.length) leaks.push(`${route} as ${who} (${cell}): ${leaked.join(', ')}`);
      }
    };
    for (const route of routes) {
      const policy = routePolicies[route];
      if (!policy) continue;
      await run(route, policy, null, 'inside');
      for (const role of roles) for (const cell of ['inside', 'outside'] as const) await run(route, policy, role, cell);
      // District-wide settings: the district administrator granted at the root passes the gate.
      if (policy.scope === 'district') {
        const tg = target(route, 'inside', fx);
        const body = await payloadFor(route);
        const res = await t.app.inject({ method: route.slice(0, route.indexOf(' ')) as 'GET', url: tg.url, headers: { ...district.headers, ...(body.headers ?? {}) }, ...(body.payload === undefined ? {} : { payload: body.payload }) });
        cells += 1;
        if (!accepts('pass', res.statusCode, tg.known)) failures.push(`${route} as district.admin (district root): expected pass, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    // ACCESS_MATRIX_OUT=<file> writes every mismatch there (the assertion below shows them truncated).
    if (process.env.ACCESS_MATRIX_OUT) (await import('node:fs')).writeFileSync(process.env.ACCESS_MATRIX_OUT, [...failures, '--leaks', ...leaks, '--unmasked', ...unmasked].join('\n'));
    expect(cells).toBeGreaterThan(routes.length * roles.length);
    expect(failures).toEqual([]);
    expect(leaks).toEqual([]);
    expect(unmasked).toEqual([]);
  }, 600_000);

  it('refuses or ignores fields a role may not set on writes (mass assignment)', async () => {
    const problems: string[] = [];
    let applied = 0;
    for (const c of await massCases(t, fx)) {
      const res = await t.app.inject({ method: c.method, url: c.url, headers: fx.sessions[c.role].headers, payload: c.body });
      const body = res.body ? res.json() : undefined;
      if (res.statusCode >= 300 && res.statusCode !== 400) problems.push(`${c.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode < 300) applied += 1;
      for (const p of await c.check({ status: res.statusCode, body })) problems.push(`${c.name}: ${p}`);
    }
    expect(problems).toEqual([]);
    // The permitted part of each body was valid: the writes went through and the extra fields were dropped.
    expect(applied).toBeGreaterThanOrEqual(4);
  });

  it('has plain ID numbers and phones behind the masked answers (the scan is not vacuous)', async () => {
    expect(fx.plain.idNumbers.length).toBeGreaterThanOrEqual(3);
    expect(fx.plain.phones).toEqual(expect.arrayContaining(['13912340001', '13912340011', '13912340012']));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/personal-data/reveal',
      headers: fx.sessions.neighborhood_staff.headers,
      payload: { resourceType: 'resident', id: fx.ids.resident.inside, field: 'id_number', reason: '访问矩阵测试核对' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(fx.plain.idNumbers).toContain(res.json().value);
    expect(findPersonal(res.json().value)).toHaveLength(1);
  });
});
