import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginHttp, postIntake, unitCenter, type HttpSession } from '../support/http-session.js';
import { runNode, serverMain, startServer, type RunningServer } from '../support/spawn.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';
import { TEMPLATE_ENV } from '../support/test-template.js';

// PostgreSQL only: the embedded database lives inside the server process and cannot go away
// on its own (its faults are the data folder's: data-dir-faults.test.ts).
const onPostgres = testDbKind() === 'postgres';

interface Seen {
  /** When the request was sent: before the cut, while away, back but not yet seen answering, recovered. */
  phase: 'before' | 'away' | 'returning' | 'after';
  what: string;
  status: number;
  code?: string | undefined;
  retryAfter?: string | null;
}

/**
 * The database goes away during traffic and comes back: the server answers 503 with Retry-After
 * while it is away (never a 500, never a crash) and recovers by itself. The database is "restarted"
 * through a TCP relay (support/tcp-proxy.ts), not for real: the PostgreSQL server is shared with
 * the other test files running at the same time.
 */
describe.skipIf(!onPostgres || !testDbAvailable())('database away during traffic (postgres)', () => {
  let testDb: TestDb;
  let proxy: TcpProxy;
  let url: URL;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    testDb = await createTestDb({ fromTemplate: true });
    const real = new URL(testDb.databaseUrl!);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    url = new URL(real);
    url.port = String(proxy.port);
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await testDb?.drop();
  });

  it('answers 503 + Retry-After while the database is away, stays up, recovers within seconds', async () => {
    // A short deadline-scan period, so pg-boss polls (and fails) while the database is away.
    // A copy of the seeded template (its keys): the server finds the demo in place.
    const keys = { GONGZHI_DATA_KEY: TEMPLATE_ENV.GONGZHI_DATA_KEY!, GONGZHI_BLIND_KEY: TEMPLATE_ENV.GONGZHI_BLIND_KEY! };
    server = await startServer({ DATABASE_URL: url.toString(), GONGZHI_DEMO_RESIDENTS: '0', GONGZHI_DEMO_CASES: '0', GONGZHI_DEADLINE_SCAN_SECONDS: '5', ...keys }, 240_000);
    const s = server;
    const session: HttpSession = await loginHttp(s.baseUrl, 'dispatcher.xinhua');
    const where = await unitCenter(s.baseUrl, session, '310105004001001');
    let phase: Seen['phase'] = 'before';
    const seen: Seen[] = [];
    let stop = false;
    let n = 0;

    const get = async (what: string, pathAndQuery: string) => {
      const p = phase;
      const res = await fetch(s.baseUrl + pathAndQuery, { headers: session.headers, signal: AbortSignal.timeout(15_000) });
      const body = (await res.json().catch(() => ({}))) as { error?: { code: string }; status?: string };
      seen.push({ phase: p, what, status: res.status, code: body.error?.code ?? body.status, retryAfter: res.headers.get('retry-after') });
    };
    const traffic = async () => {
      while (!stop) {
        const p = phase;
        const i = n++;
        await Promise.all([
          get('list', '/api/cases?pageSize=5'),
          get('health', '/api/health'),
          postIntake(s.baseUrl, session, { channel: 'hotline_12345', categoryCode: 'B0203', description: `停电演练 ${i}：小区门口车辆乱停`, location: where }, `outage-${i}-${Date.now()}`).then((r) =>
            seen.push({ phase: p, what: 'intake', status: r.status, code: r.code, retryAfter: r.retryAfter }),
          ),
        ]);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const running = [traffic(), traffic()];

    await new Promise((r) => setTimeout(r, 1000));
    await proxy.down();
    phase = 'away';
    await new Promise((r) => setTimeout(r, 4000));
    expect(s.child.exitCode, s.output()).toBeNull();
    await proxy.up();
    const back = Date.now();
    phase = 'returning';
    // Recovery by itself: poll until the list answers 200 again.
    let recovered = false;
    while (Date.now() - back < 15_000) {
      const r = await fetch(`${s.baseUrl}/api/cases?pageSize=5`, { headers: session.headers });
      if (r.status === 200) {
        recovered = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    phase = 'after';
    // Let some traffic run on the recovered server (a couple of rounds of both loops).
    const until = Date.now() + 30_000;
    while (recovered && seen.filter((x) => x.phase === 'after').length < 12 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(running);

    expect(recovered, 'the server answers again within 15 s of the database coming back').toBe(true);
    expect(s.child.exitCode, s.output()).toBeNull();
    const away = seen.filter((x) => x.phase === 'away');
    // Never a 500: every answer is a success (a request the database had finished) or a 503 that says why and when to retry.
    expect(seen.filter((x) => x.status >= 500 && x.status !== 503), JSON.stringify(seen.filter((x) => x.status !== 200 && x.status !== 201))).toEqual([]);
    for (const x of seen.filter((y) => y.status === 503)) {
      expect(x.retryAfter, JSON.stringify(x)).toMatch(/^\d+$/);
      expect(x.code, JSON.stringify(x)).toBe(x.what === 'health' ? 'degraded' : 'DATABASE_UNAVAILABLE');
    }
    for (const what of ['list', 'health', 'intake']) expect(away.some((x) => x.what === what && x.status === 503), what).toBe(true);
    // Every request sent once the server answered again succeeds.
    const after = seen.filter((x) => x.phase === 'after');
    expect(after.length).toBeGreaterThan(0);
    for (const x of after) expect(x.status, JSON.stringify(x)).toBeOneOf([200, 201]);
    const health = await fetch(`${s.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await s.stop()).toBe(0);
    server = undefined;
  }, 360_000);

  it('refuses to start when PostgreSQL is unreachable: a clear message, exit code 1, no password shown', async () => {
    await proxy.down();
    try {
      const secret = new URL(url);
      secret.password = 'hunter2-secret';
      const r = await runNode(serverMain, [], { DATABASE_URL: secret.toString(), PORT: '0', HOST: '127.0.0.1' }, 150_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('无法连接数据库');
      expect(r.stderr).toContain('cannot reach the database');
      expect(r.stderr).toContain(`127.0.0.1:${proxy.port}`);
      expect(r.stderr + r.stdout).not.toContain('hunter2-secret');
    } finally {
      await proxy.up();
    }
  }, 180_000);
});
