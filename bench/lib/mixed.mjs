// Mixed load (issue 7): many concurrent clients against a real server with seeded cases —
// 80 % reads (lists with filters, details, timelines), 15 % dispatcher actions, 5 % intake.
// autocannon drives it, as it drives the bare-Fastify baseline: the same load generator on both
// sides, so the two figures differ by the server only.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { bodyMaker } from './intake.mjs';
import { COMMON_WORD, rng } from './texts.mjs';
import { cpuMeter, log, percentile, processMemory, round } from './util.mjs';

const q = encodeURIComponent;

/** The list queries of the workbench and the case list (no cursor: each is a first page). */
function listQueries() {
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
  return [
    '',
    'status=dispatched,signed,in_progress',
    'status=received',
    `category=B0101&from=${q(since)}`,
    'overdue=true',
    'supervised=true',
    'sort=due_asc&status=dispatched,signed,in_progress',
    `q=${q(COMMON_WORD)}`,
    'unit=310105004',
  ].map((s) => `/api/cases?limit=20${s ? `&${s}` : ''}`);
}

async function getJson(base, auth, url) {
  const r = await fetch(`${base}${url}`, { headers: { cookie: auth.cookie } });
  const body = await r.json();
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/**
 * Cases to read and to act on, fetched before the load: ids from list pages, and cases under a
 * department (dispatched, signed, in progress) for the actions.
 */
export async function mixedPools(base, auth, { want = 2000 } = {}) {
  const collect = async (qs) => {
    const ids = [];
    let cursor;
    while (ids.length < want) {
      const page = await getJson(base, auth, `/api/cases?limit=200${qs}${cursor ? `&cursor=${q(cursor)}` : ''}`);
      ids.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return ids;
  };
  const read = await collect('');
  const actionable = await collect('&status=dispatched,signed,in_progress');
  const deps = await getJson(base, auth, '/api/departments');
  // District departments (城管, 房管, …) serve every 街镇: a redispatch to one is always plausible.
  const all = deps.items ?? deps;
  const district = all.filter((d) => d.level === 'district');
  const departments = (district.length ? district : all).map((d) => d.id);
  return { read, actionable, departments };
}

/**
 * The three dispatcher actions that a case under a department always accepts and that leave it
 * under a department: a progress note, 督办 (supervise), and 改派 (redispatch) to another department.
 */
function actionBody(kind, r, departments) {
  if (kind === 'add_note') return { reason: '已电话联系处置部门，正在跟进' };
  if (kind === 'supervise') return { reason: '群众反映强烈，请加快处置' };
  return { leadDepartmentId: departments[Math.floor(r() * departments.length)], reason: '按权责清单改派' };
}
const ACTIONS = ['add_note', 'supervise', 'redispatch'];

/**
 * `connections` clients for `durationS` seconds. Each request picks its kind from a seeded
 * generator: 80 % reads (45 % of them lists, 40 % details, 15 % timelines), 15 % actions, 5 % intake.
 */
export function runMixed({ base, auth, pools, points, cats, connections, durationS, amount, seed, serverPid, dbName }) {
  const r = rng(seed);
  const lists = listQueries();
  const nextIntake = bodyMaker(points, cats, seed + 1);
  const perKind = {};
  const note = (kind, status, ms) => {
    const k = (perKind[kind] ??= { requests: 0, errors: 0, latencies: [], statuses: {} });
    k.requests++;
    k.latencies.push(ms);
    k.statuses[status] = (k.statuses[status] ?? 0) + 1;
    if (status >= 400) k.errors++;
  };
  const samples = [];
  // Actions go round the pool, skipping cases with an action in flight: two clients never race on
  // one case's version (that 409 is correct behaviour, not a fault, and would blur the error count).
  // (autocannon resets a connection's context before every request, so it cannot hold a share.)
  const busy = new Set();
  let turn = 0;
  const freeCase = () => {
    for (let i = 0; i < pools.actionable.length; i++) {
      const id = pools.actionable[turn++ % pools.actionable.length];
      if (!busy.has(id)) return busy.add(id) && id;
    }
    return null;
  };
  const json = (extra = {}) => ({ 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf, ...extra });

  const setupRequest = (req, ctx) => {
    const u = r();
    ctx.t = performance.now();
    if (u < 0.8) {
      const v = r();
      ctx.kind = v < 0.45 ? 'read: list' : v < 0.85 ? 'read: detail' : 'read: timeline';
      const id = pools.read[Math.floor(r() * pools.read.length)];
      const path = ctx.kind === 'read: list' ? lists[Math.floor(r() * lists.length)] : ctx.kind === 'read: detail' ? `/api/cases/${id}` : `/api/cases/${id}/events`;
      return { ...req, method: 'GET', path, headers: { cookie: auth.cookie }, body: undefined };
    }
    const id = u < 0.95 ? freeCase() : null;
    if (id) {
      const action = ACTIONS[Math.floor(r() * ACTIONS.length)];
      ctx.kind = `action: ${action}`;
      ctx.caseId = id;
      return { ...req, method: 'POST', path: `/api/cases/${id}/actions/${action}`, headers: json(), body: JSON.stringify(actionBody(action, r, pools.departments)) };
    }
    ctx.kind = 'intake';
    return { ...req, method: 'POST', path: '/api/cases', headers: json({ 'idempotency-key': randomUUID() }), body: nextIntake() };
  };
  const onResponse = (status, body, ctx) => {
    if (ctx.caseId) busy.delete(ctx.caseId);
    note(ctx.kind, status, performance.now() - ctx.t);
    if (status >= 400 && samples.length < 5) samples.push(`${ctx.kind}: ${status} ${String(body).slice(0, 200)}`);
  };

  return new Promise((resolve, reject) => {
    const latencies = [];
    const stopMeter = cpuMeter(serverPid, dbName);
    const inst = autocannon(
      { url: base, connections, ...(amount ? { amount } : { duration: durationS }), timeout: 30, requests: [{ setupRequest, onResponse }] },
      (err, res) => {
        if (err) return reject(err);
        const cpu = stopMeter();
        const requests = latencies.length;
        const errors = Object.values(perKind).reduce((s, k) => s + k.errors, 0) + res.errors + res.timeouts;
        for (const s of samples) log(`  error sample: ${s}`);
        const kinds = Object.fromEntries(
          Object.entries(perKind)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, { requests: v.requests, errors: v.errors, p50Ms: percentile(v.latencies, 50), p95Ms: percentile(v.latencies, 95), p99Ms: percentile(v.latencies, 99), statuses: v.statuses }]),
        );
        resolve({
          connections,
          durationS: round(res.duration),
          requests,
          requestsPerSec: round(requests / res.duration, 0),
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          p99Ms: percentile(latencies, 99),
          maxMs: round(Math.max(0, ...latencies)),
          errors,
          timeouts: res.timeouts,
          kinds,
          pools: { read: pools.read.length, actionable: pools.actionable.length, departments: pools.departments.length },
          cpuS: cpu,
          // CPU per answered request: moves less with other load on the machine than the rate does.
          cpuMsPerRequest: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k.replace(/S$/, ''), v == null || requests === 0 ? null : round((v * 1000) / requests, 2)])),
          serverMemory: serverPid ? processMemory(serverPid) : null,
        });
      },
    );
    inst.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}

/** The same connections and duration against a bare Fastify route in its own process: the ceiling. */
export function runBare({ base, connections, durationS, amount }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const inst = autocannon({ url: `${base}/`, connections, ...(amount ? { amount } : { duration: durationS }), timeout: 30 }, (err, res) => {
      if (err) return reject(err);
      const ok = res['2xx'];
      resolve({ connections, durationS: round(res.duration), requests: latencies.length, requestsPerSec: round(ok / res.duration, 0), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors: latencies.length - ok + res.errors });
    });
    inst.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}
