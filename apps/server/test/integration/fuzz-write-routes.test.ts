// Property-based fuzzing of every write route (POST/PUT/PATCH/DELETE), generated from the routes'
// own zod contracts. The routes are read from the running app, so a route added later is fuzzed
// with no change here. Invalid inputs (as the contract itself says) must get a 4xx with a machine
// error code and write nothing; inputs the contract accepts must never get a 5xx.
//
// GONGZHI_FUZZ_INPUTS (default 10000 on PostgreSQL, 2000 on PGlite) sets the number of inputs per run;
// GONGZHI_FUZZ_SEED (default fixed) reproduces or varies a run.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIp, signIn } from '../support/accounts.js';
import type { Session } from '../support/auth.js';
import { rowCounts } from '../support/db-state.js';
import { type FuzzRequest, rawUploadArbitrary, requestArbitrary } from '../support/fuzz/requests.js';
import { type FuzzRoute, isRawUpload, routeCollector, routeKey } from '../support/fuzz/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The full 10,000 on PostgreSQL; PGlite serialises every query on one connection and its handlers
// are several times slower, so it runs 2,000 of the same kinds with fewer accepted inputs a route
// (GONGZHI_FUZZ_INPUTS / GONGZHI_FUZZ_ACCEPTED_PER_ROUTE raise them).
const onPostgres = process.env.GONGZHI_TEST_DB === 'postgres';
const totalInputs = Number(process.env.GONGZHI_FUZZ_INPUTS ?? (onPostgres ? 10_000 : 2_000));
const seed = Number(process.env.GONGZHI_FUZZ_SEED ?? 20261128);
const acceptedPerRoute = Number(process.env.GONGZHI_FUZZ_ACCEPTED_PER_ROUTE ?? (onPostgres ? 15 : 5));

/**
 * Routes that take a raw file rather than JSON: their fields cannot be broken one by one, so they
 * get random bytes, text and real magic numbers under wrong types instead (upload-limits.test.ts
 * covers their limits, bombs and sniffing). A new raw route must be added here, with its reason.
 */
const rawUploadRoutes: Record<string, string> = {
  'POST /api/cases/photos': 'raw image body (JPEG/PNG/WebP), checked by content',
  'POST /api/cases/hotline-imports': 'raw .xlsx or CSV file',
  'POST /api/residents/imports': 'raw .xlsx or CSV file',
};

/**
 * Routes whose accepted input would end or change the fuzzer's own sign-in (sign out, password,
 * second factor): their contract-valid inputs go anonymously, so the rest of the run stays signed in.
 */
const touchesOwnSession = (url: string) => url.startsWith('/api/auth/') || url.startsWith('/api/me/');

/**
 * What may be written while only invalid inputs are sent. A refused request reaches no handler, and
 * a session's last-seen time is an update, not a row, so every table is compared — except the audit
 * records of refusals (outcome denied), written by design: the policy gate audits every caller it
 * refuses (an administrator sent to a route of another role's), and POST /api/personal-data/reveal
 * audits every refused reveal attempt. Any other audit row still fails the test.
 */
async function countsWithoutExpectedAudit(db: TestApp['ctx']['db']): Promise<Record<string, number>> {
  const counts = await rowCounts(db);
  const refusedReveals = await sql<{ n: number }>`select count(*)::int as n from audit_log where outcome = 'denied'`.execute(db);
  return { ...counts, audit_log: (counts.audit_log ?? 0) - Number(refusedReveals.rows[0]!.n) };
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

interface Failure {
  route: string;
  strategy: string;
  expect: string;
  status: number;
  url: string;
  payload: string;
  body: string;
}

const excerpt = (s: string | Buffer | undefined, n = 160) => {
  const text = s === undefined ? '' : typeof s === 'string' ? s : `<${s.length} bytes>`;
  return text.length > n ? `${text.slice(0, n)}…(${text.length})` : text;
};

/** A 4xx body in the platform's shape `{ error: { code, message } }`, or Open311's `[{ code, description }]`. */
function hasErrorCode(url: string, body: string): boolean {
  try {
    const b = JSON.parse(body) as unknown;
    if (url.startsWith('/open311/')) {
      if (Array.isArray(b)) return b.length > 0 && (typeof b[0]?.code === 'number' || typeof b[0]?.code === 'string');
      return /<errors>[\s\S]*<code>/.test(body);
    }
    const e = (b as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code) && typeof e.message === 'string' && e.message.length > 0;
  } catch {
    return url.startsWith('/open311/') && /<code>/.test(body);
  }
}

describe.skipIf(!testDbAvailable())('fuzzing every write route', () => {
  const collected = routeCollector();
  let t: TestApp;
  let admins: Session[];

  beforeAll(async () => {
    t = await startTestApp({}, { onRoute: collected.onRoute });
    // The two most powerful roles, so that requests get past authorisation to validation.
    admins = [await signIn(t.app, 'district.admin'), await signIn(t.app, 'system.admin')];
    // Creating and seeding a PGlite database takes ~1–2 min when the machine is busy.
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const failures: Failure[] = [];
  let sent = 0;
  const timing = new Map<string, number>();

  async function send(route: FuzzRoute, req: FuzzRequest, anonymous: boolean) {
    sent++;
    const t0 = performance.now();
    const who = admins[sent % admins.length]!;
    const res = await t.app.inject({
      method: req.method,
      url: req.url,
      remoteAddress: freshIp(),
      headers: { ...(req.contentType ? { 'content-type': req.contentType } : {}), ...(anonymous ? {} : who.headers) },
      ...(req.payload === undefined ? {} : { payload: req.payload }),
    });
    const k = `${routeKey(route)} ${req.strategy} ${req.expect}`;
    timing.set(k, (timing.get(k) ?? 0) + performance.now() - t0);
    const fail = (why: string) =>
      failures.push({ route: routeKey(route), strategy: `${req.strategy}${anonymous ? ' (anonymous)' : ''}: ${why}`, expect: req.expect, status: res.statusCode, url: excerpt(req.url), payload: excerpt(req.payload), body: excerpt(res.body, 300) });
    if (res.statusCode >= 500) fail('5xx');
    else if (res.statusCode >= 400 && !hasErrorCode(req.url, res.body)) fail('4xx without an error code');
    else if (req.expect === 'invalid' && res.statusCode < 400) fail('invalid input accepted');
  }

  it('finds the write routes, and every raw upload route is listed with a reason', () => {
    const keys = collected.routes.map(routeKey);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys).toContain('POST /api/cases');
    const raw = collected.routes.filter(isRawUpload).map(routeKey).sort();
    expect(raw).toEqual(Object.keys(rawUploadRoutes).sort());
  });

  // Each of these answered 500 before the fuzzer found it; kept as plain cases so a seed change cannot lose them.
  it('regressions found by the fuzzer answer 4xx with a code', async () => {
    const admin = admins[0]!;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/tokens', { name: 'a\u0000b', username: 'fuzz_nul', scopes: ['open311'] }, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/governance/types/old_villa/items', { listKind: 'problems', title: 'x\ud800' }, 400, 'VALIDATION_FAILED'],
      ['PUT', '/api/governance/types/old_villa/guide', { html: '<p>x</p>', version: 2 ** 31 }, 400, 'VALIDATION_FAILED'],
      ['PUT', '/api/deadline-rules', { caseType: null, categoryCode: null, signWorkingHours: 0.004, urgentSignHours: 1, handleWorkingDays: 5, followUpWorkingDays: 3 }, 400, 'VALIDATION_FAILED'],
      ['POST', `/api/users/${'x'.repeat(201)}/unlock`, undefined, 400, 'VALIDATION_FAILED'],
      ['POST', '/api/users/%E0%A4%A/unlock', undefined, 400, 'VALIDATION_FAILED'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      // As an administrator allowed to call the route (the policy gate refuses the others before validation).
      const send = (who: Session) => t.app.inject({ method: method as 'POST', url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      let res = await send(admin);
      if (res.statusCode === 403) res = await send(admins[1]!);
      expect([res.statusCode, res.json().error?.code], `${method} ${url}: ${res.body}`).toEqual([status, code]);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Open311 answers in its own shape: [{ code, description }].
    const o = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: [{ a: 1 }, 2] });
    expect(o.statusCode).toBe(400);
    expect(o.json()[0]).toMatchObject({ code: 400, description: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it(`answers ${totalInputs} invalid or extreme inputs with a 4xx and a code, never a 5xx; refused inputs write nothing`, async () => {
    const routes = collected.routes;
    const accepted: [FuzzRoute, FuzzRequest][] = [];
    const before = await countsWithoutExpectedAudit(t.ctx.db);
    const started = Date.now();

    // Phase 1: inputs the contract refuses, sent as generated; inputs it accepts wait for phase 2,
    // since they may legitimately write (and would blur the "nothing written" check). Accepted
    // inputs run whole handlers (sign-in hashes a password), so at most acceptedPerRoute of them a
    // route are kept; generation goes on until the route has its share of inputs.
    const arbs = routes.map((route) => (isRawUpload(route) ? rawUploadArbitrary(route) : requestArbitrary(route)));
    const kept = routes.map(() => 0);
    /** Sends up to `want` more inputs to route i; false when it could not make that many (almost all valid). */
    const fuzzRoute = async (i: number, want: number, seedBase: number): Promise<boolean> => {
      const route = routes[i]!;
      let routeInputs = 0;
      for (let batch = 0; routeInputs < want && batch < 4; batch++) {
        await fc.assert(
          fc.asyncProperty(arbs[i]!, async (req) => {
            if (routeInputs >= want) return;
            if (req.expect === 'valid') {
              if (kept[i]! >= acceptedPerRoute) return;
              kept[i]!++;
              accepted.push([route, req]);
            } else await send(route, req, req.anonymous);
            routeInputs++;
          }),
          { numRuns: want - routeInputs, seed: seedBase + batch, endOnFailure: true },
        );
      }
      return routeInputs >= want;
    };
    const inputs = () => sent + accepted.length;
    let productive = routes.map((_, i) => i);
    // Later passes share what is still missing among the routes that could make inputs.
    for (let pass = 0; pass < 4 && inputs() < totalInputs && productive.length > 0; pass++) {
      const want = Math.ceil((totalInputs - inputs()) / productive.length);
      const next: number[] = [];
      for (const i of productive) if (await fuzzRoute(i, want, seed + pass * 10_000 + i * 10)) next.push(i);
      productive = next;
    }
    const refusedCount = sent;
    const after = await countsWithoutExpectedAudit(t.ctx.db);
    const newAudit = (after.audit_log ?? 0) - (before.audit_log ?? 0);
    const auditNote =
      newAudit > 0
        ? JSON.stringify((await sql`select action, outcome, detail::text as detail from audit_log where outcome <> 'denied' order by seq desc limit ${Math.min(newAudit, 10)}`.execute(t.ctx.db)).rows)
        : '';

    // Phase 2: what the contract accepts (extreme but valid: emoji, SQL, 2^53, …): no 5xx.
    for (const [route, req] of accepted) await send(route, req, req.anonymous || touchesOwnSession(route.url));
    const seconds = (Date.now() - started) / 1000;

    const summary = `${sent} inputs (${refusedCount} refused by the contract, ${accepted.length} accepted) over ${routes.length} routes in ${seconds.toFixed(1)} s (${(sum(timing) / 1000).toFixed(1)} s in requests), seed ${seed}`;
    process.stdout.write(`[fuzz] ${summary}\n`);
    const byExpect = (e: string) => [...timing.entries()].filter(([k]) => k.endsWith(` ${e}`)).reduce((a, [, ms]) => a + ms, 0) / 1000;
    process.stdout.write(`[fuzz] request time: refused ${byExpect('invalid').toFixed(1)} s, accepted ${byExpect('valid').toFixed(1)} s\n`);
    if (process.env.GONGZHI_FUZZ_TIMING) process.stdout.write([...timing.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `${ms.toFixed(0)} ms ${k}`).join('\n') + '\n');
    const byRoute = new Map<string, Failure[]>();
    for (const f of failures) byRoute.set(`${f.route} — ${f.strategy}`, [...(byRoute.get(`${f.route} — ${f.strategy}`) ?? []), f]);
    const report = [...byRoute.entries()].map(([k, fs]) => `${k} ×${fs.length}: ${fs[0]!.status} ${fs[0]!.url} ${fs[0]!.payload} → ${fs[0]!.body}`);
    expect(report, summary).toEqual([]);
    expect(after, `refused inputs wrote nothing ${auditNote}`).toEqual(before);
    expect(sent).toBeGreaterThanOrEqual(totalInputs);
  }, 600_000);
});
