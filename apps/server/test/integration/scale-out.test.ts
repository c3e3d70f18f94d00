import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../support/auth.js';
import { adminUrl } from '../support/global-setup.js';
import { type RunningServer, startServer } from '../support/spawn.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';
import { TEMPLATE_ENV } from '../support/test-template.js';

interface CaseEvent {
  caseId: string;
  number: string;
  action: string;
}

interface Stream {
  events: CaseEvent[];
  close(): void;
}

interface Http {
  cookie: string;
  csrf: string;
}

/** Server-sent events of /api/cases/stream, collected as they come. */
async function openStream(baseUrl: string, cookie: string): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(`${baseUrl}/api/cases/stream`, { headers: { cookie }, signal: ac.signal });
  expect(res.status).toBe(200);
  const events: CaseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i).split('\n');
          buf = buf.slice(i + 2);
          const data = block.find((l) => l.startsWith('data: '));
          if (data && block.includes('event: case')) events.push(JSON.parse(data.slice(6)) as CaseEvent);
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return { events, close: () => ac.abort() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(baseUrl: string, username: string, headers: Record<string, string> = {}): Promise<Http> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password: demoPassword }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const me = (baseUrl: string, s: Http) => fetch(`${baseUrl}/api/me`, { headers: { cookie: s.cookie } }).then((r) => r.status);

// Several server processes can only share a real PostgreSQL server: the embedded database is one
// process's folder (and locked), so there is nothing to scale out there.
describe.skipIf(testDbKind() !== 'postgres' || !testDbAvailable())('several instances on one PostgreSQL', () => {
  let db: TestDb;
  let sql: pg.Client;
  let a: RunningServer;
  let b: RunningServer;
  let where: [number, number];
  const instanceOf = (s: RunningServer) => /实例 Instance:\s+(\S+)/.exec(s.output())![1]!;

  const intake = async (baseUrl: string, s: Http, description: string): Promise<{ id: string; number: string }> => {
    const res = await fetch(`${baseUrl}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: JSON.stringify({ channel: 'hotline_12345', categoryCode: 'B0203', description, location: where }),
    });
    const body = (await res.json()) as { case: { id: string; number: string } };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.case;
  };

  beforeAll(async () => {
    // A copy of the run's seeded template: both instances find the demo in place and start at once.
    db = await createTestDb({ fromTemplate: true });
    const env = {
      DATABASE_URL: db.databaseUrl!,
      GONGZHI_DEMO_CASES: '0',
      GONGZHI_DEMO_RESIDENTS: '0',
      // The shortest period: several scans happen while the test runs.
      GONGZHI_DEADLINE_SCAN_SECONDS: '5',
      // Long enough that only the broadcast can end a cached session within the test.
      GONGZHI_AUTH_CACHE_MS: '60000',
      // Every instance must hold the same keys (docs/operations.md, "Several instances"): the template's.
      GONGZHI_DATA_KEY: TEMPLATE_ENV.GONGZHI_DATA_KEY!,
      GONGZHI_BLIND_KEY: TEMPLATE_ENV.GONGZHI_BLIND_KEY!,
      // As behind nginx on the same machine: the client's address comes from X-Forwarded-For.
      GONGZHI_TRUST_PROXY: '127.0.0.1',
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    sql = new pg.Client({ connectionString: db.databaseUrl });
    await sql.connect();
    const u = await sql.query<{ lng: number; lat: number }>(`select center_lng as lng, center_lat as lat from jurisdiction_unit where code = '310105004001001'`);
    where = [Number(u.rows[0]!.lng), Number(u.rows[0]!.lat)];
  });
  afterAll(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('a case made through one instance appears once on every instance’s stream', async () => {
    expect(instanceOf(a)).not.toBe(instanceOf(b));
    const s = await signIn(a.baseUrl, 'dispatcher.xinhua');
    const onA = await openStream(a.baseUrl, s.cookie);
    const onB = await openStream(b.baseUrl, s.cookie);
    try {
      const first = await intake(a.baseUrl, s, '跨实例：小区门口车辆乱停堵住出入口');
      await until('the case on B’s stream', () => onB.events.some((e) => e.caseId === first.id));
      // And the other way; the second change follows the first on the same channel, so a
      // duplicate of the first would have arrived before it.
      const second = await intake(b.baseUrl, s, '跨实例：楼道里电动车违规充电');
      await until('B’s case on A’s stream', () => onA.events.some((e) => e.caseId === second.id));
      await until('B’s case on B’s stream', () => onB.events.some((e) => e.caseId === second.id));
      for (const stream of [onA, onB]) {
        expect(stream.events.filter((e) => e.caseId === first.id)).toHaveLength(1);
        expect(stream.events.filter((e) => e.caseId === second.id)).toHaveLength(1);
      }
      expect(onB.events.find((e) => e.caseId === first.id)).toMatchObject({ number: first.number });
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('a session works on either instance, and a sign-out on one ends it on the other at once', async () => {
    const s = await signIn(a.baseUrl, 'dispatcher.xinhua', { 'x-forwarded-for': '203.0.113.7' });
    const audited = await sql.query<{ ip: string }>(`select ip from audit_log where action = 'auth.login' order by seq desc limit 1`);
    expect(audited.rows[0]!.ip).toBe('203.0.113.7');
    // B resolves and caches the session (for a minute, unless told otherwise).
    expect(await me(b.baseUrl, s)).toBe(200);
    expect(await me(b.baseUrl, s)).toBe(200);
    // A write on B with A's session and CSRF token.
    await intake(b.baseUrl, s, '跨实例会话：路灯不亮');
    const out = await fetch(`${a.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(200);
    expect(await me(a.baseUrl, s)).toBe(401);
    await until('B refusing the signed-out session', async () => (await me(b.baseUrl, s)) === 401);
  });

  it('a category deactivated through one instance is refused by the other (its configuration cache is dropped at commit)', async () => {
    const admin = await signIn(a.baseUrl, 'district.admin');
    const s = await signIn(b.baseUrl, 'dispatcher.xinhua');
    // B holds the configuration in memory (it took a case above); the edit goes through A.
    await intake(b.baseUrl, s, '配置缓存：小区门口车辆乱停');
    const off = await fetch(`${a.baseUrl}/api/case-categories/B0203`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    const attempt = () =>
      fetch(`${b.baseUrl}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: JSON.stringify({ channel: 'hotline_12345', categoryCode: 'B0203', description: '配置缓存：停用之后', location: where }),
      }).then(async (r) => ((await r.json()) as { error?: { code: string } }).error?.code);
    await until('B refusing the deactivated category', async () => (await attempt()) === 'UNKNOWN_CATEGORY', 5000);
    const on = await fetch(`${a.baseUrl}/api/case-categories/B0203`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ active: true }),
    });
    expect(on.status).toBe(200);
  });

  it('the notification connection survives losing its backend and picks up again', async () => {
    const listeners = `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like 'gongzhi-listen%'`;
    expect((await sql.query<{ n: number }>(listeners)).rows[0]!.n).toBe(2);
    // What a database restart or failover does to it (with a superuser connection: the admin URL).
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name like 'gongzhi-listen%'`, [new URL(db.databaseUrl!).pathname.slice(1)]);
    } finally {
      await admin.end();
    }
    await until('both instances listening again', async () => {
      const r = await sql.query<{ n: number }>(`${listeners} and query = 'LISTEN "gongzhi_meta"'`);
      return r.rows[0]!.n === 2;
    });
    for (const s of [a, b]) expect(s.output()).toContain('reconnecting');
    const s = await signIn(a.baseUrl, 'dispatcher.xinhua');
    const onB = await openStream(b.baseUrl, s.cookie);
    try {
      const c = await intake(a.baseUrl, s, '重连之后：井盖缺失');
      await until('the case on B’s stream after the reconnection', () => onB.events.some((e) => e.caseId === c.id));
    } finally {
      onB.close();
    }
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  });

  it('each period’s deadline scan runs on exactly one instance', async () => {
    type Job = { slot: string | null; state: string; instance: string | null };
    const jobs = () =>
      sql
        .query<Job>(`select singleton_on::text as slot, state, output->>'instance' as instance from pgboss.job where name = 'case-deadline-scan'`)
        .then((r) => r.rows);
    const done = await until('two completed scans', async () => {
      const all = await jobs();
      const completed = all.filter((j) => j.state === 'completed');
      return completed.length >= 2 && all;
    }, 30_000);
    // One job per period, whichever instance offered it first; each ran once, by one of the two.
    const slots = done.map((j) => j.slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(done.filter((j) => j.state === 'failed')).toEqual([]);
    for (const j of done.filter((x) => x.state === 'completed')) expect([instanceOf(a), instanceOf(b)]).toContain(j.instance);
  });
});
