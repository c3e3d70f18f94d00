import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { caseText, pointsIn, rng } from './texts.mjs';
import { closedLoop, cpuMeter, log, percentile, round } from './util.mjs';

/** Random points inside the caller's unit, from its boundary as the API serves it. */
export async function unitPoints(base, auth, code, n, seed) {
  const r = await fetch(`${base}/api/jurisdictions/${code}/geometry?children=0`, { headers: { cookie: auth.cookie } });
  if (!r.ok) throw new Error(`geometry ${code}: HTTP ${r.status}`);
  const fc = await r.json();
  const self = fc.features.find((f) => f.properties.role === 'self') ?? fc.features[0];
  return pointsIn(self.geometry, n, rng(seed));
}

/**
 * Bodies as a 12345 hotline agent enters them: the hotline channel with its work-order number
 * (sourceRef), the time the hotline received the call, a reporter with a phone number, and an
 * Idempotency-Key per request. A third leave the category to the classification assist.
 */
export function bodyMaker(points, cats, seed) {
  const r = rng(seed);
  let n = 0;
  return () => {
    n++;
    const t = caseText(r, cats);
    const body = {
      channel: r() < 0.7 ? 'hotline_12345' : 'grid_patrol',
      title: t.title,
      description: t.description,
      address: t.address,
      location: points[Math.floor(r() * points.length)],
      reporter: { name: '王先生', phone: `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}`, contactConsent: true },
    };
    if (r() < 0.67) body.categoryCode = t.categoryCode;
    if (body.channel === 'hotline_12345') {
      body.sourceRef = `BH${seed}${String(n).padStart(9, '0')}`;
      body.receivedAt = new Date(Date.now() - 60_000).toISOString();
    }
    return JSON.stringify(body);
  };
}

/** One autocannon run of POST /api/cases at a fixed number of connections. */
function cannon({ base, auth, concurrency, durationS, amount, nextBody }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    const samples = [];
    const inst = autocannon(
      {
        url: base,
        connections: concurrency,
        // --tiny counts requests instead of seconds: on a busy machine a second may see no answer.
        ...(amount ? { amount } : { duration: durationS }),
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/api/cases',
            setupRequest: (req) => ({
              ...req,
              headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'idempotency-key': randomUUID() },
              body: nextBody(),
            }),
            onResponse: (status, body) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status >= 300 && samples.length < 5) samples.push(`${status} ${String(body).slice(0, 300)}`);
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve({ res, latencies, statuses, samples })),
    );
    inst.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/** Warm up, then measure intake at `concurrency` for `durationS`. */
export async function runIntake({ base, auth, points, cats, concurrency, durationS, amount, warmupS, seed, serverPid, dbName }) {
  const nextBody = bodyMaker(points, cats, seed);
  if (warmupS > 0) {
    log(`intake warm-up ${warmupS} s at ${concurrency} connections`);
    const w = await cannon({ base, auth, concurrency, durationS: warmupS, nextBody });
    log(`  warm-up: ${w.latencies.length} requests, statuses ${JSON.stringify(w.statuses)}`);
  }
  log(`intake ${durationS} s at ${concurrency} connections`);
  const stopMeter = cpuMeter(serverPid, dbName);
  const { res, latencies, statuses, samples } = await cannon({ base, auth, concurrency, durationS, amount, nextBody });
  const cpu = stopMeter();
  const ok = statuses[201] ?? 0;
  const perCase = (s) => (s == null || ok === 0 ? null : round((s * 1000) / ok, 2));
  // autocannon counts timeouts among its errors.
  const errors = latencies.length - ok + res.errors;
  for (const s of samples) log(`  error sample: ${s}`);
  const durS = res.duration;
  return {
    casesPerSec: round(ok / durS, 0),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: round(Math.max(0, ...latencies)),
    requests: latencies.length,
    created: ok,
    errors,
    statuses,
    durationS: round(durS),
    concurrency,
    // CPU per created case: less sensitive to other load on the machine than the rate.
    cpuMsPerCase: { server: perCase(cpu.serverS), postgres: perCase(cpu.postgresS), loadGenerator: perCase(cpu.loadGeneratorS) },
  };
}

/**
 * The database's own ceiling for the same kind of write: parameterised INSERTs of rows shaped like
 * a case into a scratch table (no indexes but the key), one row per transaction (autocommit),
 * `concurrency` at a time. The bench process is the client, as the server would be.
 */
export async function rawInsertRate(db, { concurrency, durationS, cats, seed, dbName }) {
  await db.query('DROP TABLE IF EXISTS bench_raw_insert');
  await db.query(`CREATE TABLE bench_raw_insert (
    id uuid PRIMARY KEY, number text, channel text, type text, category_code text, title text, description text,
    address text, lng double precision, lat double precision, path text, status text, reporter_phone_enc text,
    classification jsonb, received_at timestamptz, handle_due_at timestamptz, search_vector tsvector)`);
  const r = rng(seed);
  let n = 0;
  const lat = [];
  const stopMeter = cpuMeter(null, dbName);
  const t0 = performance.now();
  const end = t0 + durationS * 1000;
  await closedLoop(concurrency, () => performance.now() >= end, async () => {
    const t = caseText(r, cats);
    const s = performance.now();
    await db.query(
      `INSERT INTO bench_raw_insert VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, to_tsvector('simple', $17))`,
      [randomUUID(), `R${++n}`, 'hotline_12345', t.type, t.categoryCode, t.title, t.description, t.address, 121.42, 31.2, '310105.310105004', 'dispatched', 'v1:xxxxxxxxxxxxxxxxxxxxxxxx', '{"type":"complaint"}', new Date(), new Date(), t.description],
    );
    lat.push(performance.now() - s);
  });
  const secs = (performance.now() - t0) / 1000;
  const cpu = stopMeter();
  await db.query('DROP TABLE bench_raw_insert');
  const per = (s) => (s == null || n === 0 ? null : round((s * 1000) / n, 2));
  return { insertsPerSec: round(n / secs, 0), p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), durationS: round(secs), concurrency, cpuMsPerInsert: { postgres: per(cpu.postgresS), client: per(cpu.loadGeneratorS) } };
}
