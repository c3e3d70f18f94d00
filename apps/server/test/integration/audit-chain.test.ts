import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordHash } from '../../src/modules/audit/chain.js';
import { rowToRecord } from '../../src/modules/audit/repository.js';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { loginAs, type Session } from '../support/auth.js';
import { lastJson, runCli } from '../support/spawn.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable, testDbKind } from '../support/test-db.js';

const kind = testDbKind();

describe.skipIf(!testDbAvailable())(`audit chain: append-only and tamper-evident (${kind})`, () => {
  let t: TestApp;
  let auditor: Session;
  let head: number;

  /**
   * SQL as the owner of the tables, the way an attacker with database access would try it. On the
   * real server that is the test database's superuser on its own connection (the app's pool acts
   * as gongzhi_app); on PGlite the single embedded session owns everything.
   */
  const asOwner = async (text: string): Promise<pg.QueryResult | void> => {
    if (kind === 'embedded') return void (await sql.raw(text).execute(t.ctx.db));
    const c = new pg.Client({ connectionString: t.testDb.databaseUrl });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  /** Past the append-only triggers, in one transaction. */
  const tamper = (stmt: string) => asOwner(`BEGIN; ALTER TABLE audit_log DISABLE TRIGGER USER; ${stmt}; ALTER TABLE audit_log ENABLE TRIGGER USER; COMMIT;`);
  const apiVerify = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: auditor.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    // Sign-ins, successful and failed, are the first records of the trail.
    await loginAs(t.app, 'security.admin');
    for (const [username, password] of [['grid.xinhua', 'wrong-password-1'], ['nobody.here', 'whatever-123']]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      expect(res.statusCode).toBe(401);
    }
    await loginAs(t.app, 'dispatcher.xinhua');
    auditor = await loginAs(t.app, 'audit.admin');
    head = Number((await t.ctx.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    expect(head).toBeGreaterThanOrEqual(5);
    // A copy to put the table back after each scenario: nothing below appends, so the head stays put.
    await asOwner('CREATE TABLE audit_bak AS SELECT * FROM audit_log');
  });
  afterEach(async () => {
    await tamper('DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_bak');
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an untouched chain of sign-ins verifies, page by page too', async () => {
    const r = await verifyChain(t.ctx.db);
    expect(r).toMatchObject({ ok: true, records: head, lastSeq: head, broken: null });
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(await verifyChain(t.ctx.db, 2)).toMatchObject({ ok: true, records: head, lastSeq: head });
    const failures = await t.ctx.db.selectFrom('audit_log').select(['actor_name', 'hash']).where('action', '=', 'auth.login').where('outcome', '=', 'failure').execute();
    expect(failures.map((f) => f.actor_name).sort()).toEqual(['grid.xinhua', 'nobody.here']);
    expect(failures.every((f) => f.hash.startsWith('sha256:'))).toBe(true);
    expect(await apiVerify()).toMatchObject({ ok: true, records: head, lastSeq: head, broken: null });
  });

  it('the running server cannot change or remove audit rows', async () => {
    const refused = kind === 'postgres' ? /permission denied/ : /append-only/;
    await expect(sql`update audit_log set detail = '{"x":1}' where seq = 1`.execute(t.ctx.db)).rejects.toThrow(refused);
    await expect(sql`delete from audit_log where seq = 1`.execute(t.ctx.db)).rejects.toThrow(refused);
    await expect(sql`truncate audit_log`.execute(t.ctx.db)).rejects.toThrow(refused);
    if (kind === 'postgres') {
      const who = await sql<{ u: string }>`select current_user as u`.execute(t.ctx.db);
      expect(who.rows[0]!.u).toBe('gongzhi_app');
      // It still writes everything else, and appends to the trail.
      const ins = await sql<{ ok: boolean }>`select has_table_privilege('audit_log', 'INSERT') and has_table_privilege('app_user', 'UPDATE') as ok`.execute(t.ctx.db);
      expect(ins.rows[0]!.ok).toBe(true);
      // The owner holds the privileges, but the trigger still refuses it.
      await expect(asOwner('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
    }
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });

  it('an edited row is named by its seq', async () => {
    const seq = 3;
    await tamper(`UPDATE audit_log SET detail = '{"reason":"nothing happened"}' WHERE seq = ${seq}`);
    const r = await verifyChain(t.ctx.db);
    expect(r).toMatchObject({ ok: false, lastSeq: seq - 1, records: seq - 1, broken: { seq, reason: expect.stringContaining('被修改') } });
    expect((await verifyChain(t.ctx.db, 2)).broken).toEqual(r.broken);
    expect(await apiVerify()).toMatchObject({ ok: false, broken: r.broken });

    if (kind === 'postgres') {
      // The operator's command, in its own process: JSON on stdout, exit code 1, the record named.
      const cli = await runCli(['audit', 'verify'], { DATABASE_URL: t.testDb.databaseUrl! });
      expect(cli.code, cli.stderr).toBe(1);
      expect(lastJson(cli.stdout)).toMatchObject({ ok: false, records: seq - 1, lastSeq: seq - 1, broken: { seq } });
      expect(cli.stderr).toContain(`记录 ${seq}`);
    }
  });

  it('a deleted row in the middle is named as missing', async () => {
    const seq = 4;
    await tamper(`DELETE FROM audit_log WHERE seq = ${seq}`);
    const r = await verifyChain(t.ctx.db);
    expect(r).toMatchObject({ ok: false, lastSeq: seq - 1, broken: { seq, reason: expect.stringContaining('缺失') } });
    // Also when the gap falls on a page boundary.
    expect((await verifyChain(t.ctx.db, seq - 1)).broken).toEqual(r.broken);
  });

  it('a deleted last row shows as the head ahead of the trail', async () => {
    await tamper(`DELETE FROM audit_log WHERE seq = ${head}`);
    const r = await verifyChain(t.ctx.db);
    expect(r).toMatchObject({ ok: false, records: head - 1, lastSeq: head - 1, broken: { seq: head, reason: expect.stringMatching(/缺失.*链头/) } });
  });

  it('the newest row rewritten with a recomputed hash disagrees with the head', async () => {
    const row = await t.ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', head).executeTakeFirstOrThrow();
    const forged = { ...rowToRecord(row), hash: undefined, detail: { reason: 'forged' } };
    await tamper(`UPDATE audit_log SET detail = '{"reason":"forged"}', hash = '${recordHash('standard', forged)}' WHERE seq = ${head}`);
    expect(await verifyChain(t.ctx.db)).toMatchObject({ ok: false, lastSeq: head, broken: { seq: head, reason: expect.stringContaining('链头') } });
  });

  it('a trail wiped to nothing is caught by the head', async () => {
    await tamper('DELETE FROM audit_log');
    expect(await verifyChain(t.ctx.db)).toMatchObject({ ok: false, records: 0, lastSeq: 0, broken: { seq: 1 } });
  });

  if (kind === 'postgres') {
    it('an intact chain: the command exits 0', async () => {
      const cli = await runCli(['audit', 'verify'], { DATABASE_URL: t.testDb.databaseUrl! });
      expect(cli.code, cli.stderr).toBe(0);
      expect(lastJson(cli.stdout)).toMatchObject({ ok: true, records: head, lastSeq: head, broken: null });
    });
  }
});
