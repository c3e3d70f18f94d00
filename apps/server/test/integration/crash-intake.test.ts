import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { loginHttp, postIntake, unitCenter, type HttpSession } from '../support/http-session.js';
import { lastJson, runCli, startServer, type RunningServer } from '../support/spawn.js';
import { seededServerDb } from '../support/seeded-folder.js';
import { type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();
// Small on purpose: enough keys that some are acknowledged, some in flight and some never sent
// when the server dies; the run stays at a few seconds of traffic.
const KEYS = 48;
const CONCURRENCY = 6;
const KILL_AFTER_ACKS = 12;

/**
 * SIGKILL in the middle of a burst of intakes sent with Idempotency-Keys (the client's view of a
 * power cut), on both engines. Embedded: PGlite's data folder must reopen consistent after the
 * kill, and the lock file the dead process left (db/data-lock.ts) must be taken over.
 */
describe.skipIf(!testDbAvailable())(`SIGKILL during an intake burst, restart, retry (${kind})`, () => {
  let dataDir: string;
  let testDb: TestDb | undefined;
  let env: Record<string, string>;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-crash-'));
    ({ env, testDb } = await seededServerDb(dataDir));
  });
  afterAll(async () => {
    await server?.stop();
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every acknowledged case exists exactly once, retries replay, no key makes two cases, the audit chain holds', async () => {
    server = await startServer(env, 240_000);
    const session: HttpSession = await loginHttp(server.baseUrl, 'dispatcher.xinhua');
    const where = await unitCenter(server.baseUrl, session, '310105004001001');
    const keys = Array.from({ length: KEYS }, (_, i) => `crash-${kind}-${i}-${Date.now()}`);
    const body = (i: number) => ({ channel: 'hotline_12345', categoryCode: 'B0203', description: `第 ${i} 件：小区门口车辆乱停堵住出入口`, location: where });

    // The burst: CONCURRENCY workers take keys in order; the server is killed once KILL_AFTER_ACKS answered.
    const acked = new Map<string, string>();
    let next = 0;
    let killed = false;
    const first = server;
    const worker = async () => {
      while (!killed && next < KEYS) {
        const i = next++;
        try {
          const r = await postIntake(first.baseUrl, session, body(i), keys[i]!);
          if (r.status === 201 && r.caseId) acked.set(keys[i]!, r.caseId);
        } catch {
          // Connection broken by the kill: unacknowledged, retried below.
        }
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed).toBe(true);
    expect(await first.stop()).toBeNull(); // killed by the signal: no exit code
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(KEYS);
    if (kind === 'embedded') {
      // The dead process's lock is still there; the restart must take it over.
      const lock = path.join(dataDir, 'gongzhi.lock');
      expect(existsSync(lock)).toBe(true);
      expect(Number(readFileSync(lock, 'utf8'))).toBe(first.child.pid);
    }

    server = await startServer(env, 240_000);
    const again = server;
    // Everything unacknowledged, plus a few acknowledged ones (they must answer with the same case).
    const ackedKeys = [...acked.keys()];
    const retry = [...keys.filter((k) => !acked.has(k)), ...ackedKeys.slice(0, 4)];
    const answers = await Promise.all(retry.map(async (k) => [k, await postIntake(again.baseUrl, session, body(keys.indexOf(k)), k)] as const));
    for (const [k, r] of answers) {
      expect(r.status, `${k}: ${JSON.stringify(r)}`).toBeOneOf([200, 201]);
      if (acked.has(k)) {
        expect(r.status).toBe(200);
        expect(r.replayed).toBe(true);
        expect(r.caseId).toBe(acked.get(k));
      }
    }
    const caseOf = new Map(acked);
    for (const [k, r] of answers) if (!acked.has(k)) caseOf.set(k, r.caseId!);
    expect(caseOf.size).toBe(KEYS);
    expect(new Set(caseOf.values()).size).toBe(KEYS);
    expect(await server.stop()).toBe(0);
    server = undefined;

    // Read the database itself (embedded: only once the server has let go of it).
    const database = await openDatabase(testDb ? { databaseUrl: testDb.databaseUrl, dataDir: 'memory://' } : { dataDir });
    try {
      const cases = await database.db.selectFrom('case_record').select(['id']).execute();
      expect(cases.map((c) => c.id).sort()).toEqual([...caseOf.values()].sort());
      const idem = await database.db.selectFrom('idempotency_record').select(['key', 'resource_id']).where('key', 'like', `crash-${kind}-%`).execute();
      expect(idem.length).toBe(KEYS);
      for (const r of idem) expect(r.resource_id).toBe(caseOf.get(r.key));
      // One case.create audit record per case, none for an intake that did not commit.
      const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'case.create'`.execute(database.db);
      expect(Number(audited.rows[0]!.n)).toBe(KEYS);
    } finally {
      await database.close();
    }

    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(lastJson<{ ok: boolean; broken: unknown }>(verify.stdout)).toMatchObject({ ok: true, broken: null });
    // Ceilings, not expectations: two server starts (the first seeds the demo district) and a CLI
    // run take about a minute of CPU, but many minutes on a 2-core machine shared with other work.
  }, 900_000);
});
