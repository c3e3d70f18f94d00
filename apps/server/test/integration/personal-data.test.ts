import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { Keyring, keyId, newKey } from '../../src/crypto/keyring.js';
import { blindIndexFor } from '../../src/modules/personal-data/blind-index.js';
import { columnName, encryptedFields } from '../../src/modules/personal-data/registry.js';
import { rotateKeys } from '../../src/modules/personal-data/rotation.js';
import { demoAccounts } from '../../src/seed/users.js';
import { loginAs, type Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const demoPhones = demoAccounts.map((a) => a.phone);
const dataKey = newKey();
const blindKey = newKey();

/** Every row of every table as text: where a plain phone must not appear. */
async function everyRowAsText(db: Kysely<any>): Promise<Map<string, string>> {
  const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const out = new Map<string, string>();
  for (const { t } of tables.rows) {
    const r = await sql<{ s: string }>`select coalesce(string_agg(x::text, E'\n'), '') as s from ${sql.table(t)} as x`.execute(db);
    out.set(t, r.rows[0]!.s);
  }
  return out;
}

describe.skipIf(!testDbAvailable())('personal data: encryption at rest, blind index, reveal', () => {
  let t: TestApp;
  let staff: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Keys from the environment this time (the rotation tests use the key file).
    t = await startTestApp({ GONGZHI_REVEAL_PER_HOUR: '3', GONGZHI_DATA_KEY: dataKey, GONGZHI_BLIND_KEY: blindKey });
    for (const u of await t.ctx.db.selectFrom('app_user').select(['id', 'username']).execute()) ids[u.username] = u.id;
    staff = await loginAs(t.app, 'staff.xinhua');
  });
  afterAll(async () => {
    await t?.close();
  });

  const reveal = (s: Session | null, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/personal-data/reveal', headers: s?.headers ?? {}, payload: body });
  const phoneOf = (username: string, reason = '核实联系方式，回访居民诉求') => ({ resourceType: 'user', id: ids[username], field: 'phone', reason });

  it('stores no plain phone in any column of app_user: a raw SELECT shows ciphertexts under the active key', async () => {
    const rows = await sql<Record<string, unknown>>`select * from app_user`.execute(t.ctx.db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(demoAccounts.length);
    const text = JSON.stringify(rows.rows);
    for (const p of demoPhones) expect(text).not.toContain(p);
    for (const r of rows.rows) {
      if (r.phone_enc === null) continue;
      expect(r.phone_enc).toMatch(new RegExp(`^gz1\\.aes\\.${keyId(dataKey)}\\.`));
      expect(r.phone_bidx).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(rows.rows.filter((r) => r.phone_enc !== null)).toHaveLength(demoAccounts.length);
  });

  it('every registered column exists in the schema', async () => {
    for (const f of encryptedFields) {
      const cols = [f.idColumn, f.column, ...(f.blindIndexColumn ? [f.blindIndexColumn] : [])];
      const r = await sql<{ c: string }>`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = ${f.table}`.execute(t.ctx.db);
      const have = new Set(r.rows.map((x) => x.c));
      for (const c of cols) expect(have.has(c), `${columnName(f)}: ${c}`).toBe(true);
    }
  });

  it('finds a user by phone through the blind index, however the phone is written, without decrypting anything', async () => {
    for (const written of ['13800000006', '138 0000 0006', '+86 138-0000-0006']) {
      const bidx = blindIndexFor(t.ctx.cipher, 'phone', written)!;
      const r = await sql<{ username: string }>`select username from app_user where phone_bidx = ${bidx}`.execute(t.ctx.db);
      expect(r.rows.map((x) => x.username)).toEqual(['staff.xinhua']);
    }
    const none = await sql`select 1 from app_user where phone_bidx = ${blindIndexFor(t.ctx.cipher, 'phone', '13912345678')!}`.execute(t.ctx.db);
    expect(none.rows).toHaveLength(0);
  });

  it('masks the phone in responses', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: staff.headers });
    expect(me.json().user.phone).toBe('138****0006');
  });

  it('401 without a session', async () => {
    const res = await reveal(null, phoneOf('resident.demo'));
    expect(res.statusCode).toBe(401);
  });

  it('403 for roles without the action (grid worker, audit admin), audited with reason and record', async () => {
    for (const who of ['grid.xinhua', 'audit.admin']) {
      const s = await loginAs(t.app, who);
      const res = await reveal(s, phoneOf('resident.demo', `${who} 想看看电话号码`));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      const row = await t.ctx.db.selectFrom('audit_log').selectAll().where('actor_name', '=', who).where('action', '=', 'personal_data.reveal').executeTakeFirstOrThrow();
      expect(row.outcome).toBe('denied');
      expect(row.resource_id).toBe(ids['resident.demo']);
      expect(row.detail).toMatchObject({ refusal: 'forbidden', reason: `${who} 想看看电话号码`, field: 'phone' });
    }
  });

  it('400 without a reason, with too short a reason, for unknown fields and for secrets', async () => {
    const cases = [
      { resourceType: 'user', id: ids['resident.demo'], field: 'phone' },
      { ...phoneOf('resident.demo'), reason: '看看' },
      { ...phoneOf('resident.demo'), reason: 'x'.repeat(201) },
      { ...phoneOf('resident.demo'), field: 'id_number' },
      { ...phoneOf('resident.demo'), field: 'totp_secret' },
      { ...phoneOf('resident.demo'), id: 'not-a-uuid' },
    ];
    for (const body of cases) {
      const res = await reveal(staff, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const refused = await t.ctx.db.selectFrom('audit_log').select('detail').where('actor_name', '=', 'staff.xinhua').where('action', '=', 'personal_data.reveal').execute();
    const why = refused.map((r) => (r.detail as { refusal: string }).refusal);
    expect(why.filter((w) => w === 'invalid')).toHaveLength(4);
    expect(why.filter((w) => w === 'unknown_field')).toHaveLength(2);
  });

  it('404 for a user outside the caller’s scope, for an ancestor unit’s user and for a record that does not exist', async () => {
    for (const id of [ids['dispatcher.hongqiao'], ids['district.admin'], '00000000-0000-4000-8000-000000000000']) {
      const res = await reveal(staff, { ...phoneOf('resident.demo'), id });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const n = await t.ctx.db.selectFrom('audit_log').select('seq').where('actor_name', '=', 'staff.xinhua').where('outcome', '=', 'denied').where(sql`detail->>'refusal'`, '=', 'not_found').execute();
    expect(n).toHaveLength(3);
  });

  it('reveals in scope: the neighborhood worker sees its residents’ and grid workers’ phones in plain text', async () => {
    const a = await reveal(staff, phoneOf('resident.demo', '核实联系方式 13800000007 是否有效'));
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toEqual({ value: '13800000007' });
    const b = await reveal(staff, { ...phoneOf('grid.xinhua'), field: 'app_user.phone' });
    expect(b.json()).toEqual({ value: '13800000005' });
    // A subdistrict dispatcher reaches the same neighborhood from above.
    const d = await reveal(await loginAs(t.app, 'dispatcher.xinhua'), phoneOf('staff.xinhua'));
    expect(d.json()).toEqual({ value: '13800000006' });
  });

  it('429 with a Chinese message beyond the hourly limit (3 here); refused reveals did not count', async () => {
    const c = await reveal(staff, phoneOf('staff.xinhua'));
    expect(c.statusCode).toBe(200);
    const over = await reveal(staff, phoneOf('resident.demo'));
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(over.json().error.message).toContain('每小时最多 3 次');
    const events = await t.ctx.db.selectFrom('reveal_event').select('id').where('user_id', '=', staff.userId).execute();
    expect(events).toHaveLength(3);
  });

  it('audits every reveal with reason, field, record and scope, and never the value', async () => {
    const rows = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.reveal').where('outcome', '=', 'success').orderBy('seq').execute();
    expect(rows).toHaveLength(4);
    const first = rows[0]!;
    expect(first).toMatchObject({ actor_name: 'staff.xinhua', acting_role: 'neighborhood_staff', resource_type: 'user', resource_id: ids['resident.demo'] });
    expect(first.unit_path).toMatch(/^310105\.310105004\.310105004001$/);
    // The reason is kept, with anything in it that looks like a phone masked.
    expect(first.detail).toEqual({ field: 'app_user.phone', reason: '核实联系方式 138****0007 是否有效' });
    expect(rows.find((r) => r.actor_name === 'dispatcher.xinhua')?.acting_role).toBe('subdistrict_dispatcher');
    const limited = await t.ctx.db.selectFrom('audit_log').select('detail').where(sql`detail->>'refusal'`, '=', 'rate_limited').execute();
    expect(limited).toHaveLength(1);
    // No table anywhere (audit trail included) holds a plain demo phone.
    for (const [table, text] of await everyRowAsText(t.ctx.db)) for (const p of demoPhones) expect(text, `${table} holds ${p}`).not.toContain(p);
  });

  it('rotation with keys from the environment: re-encrypts under the new GONGZHI_DATA_KEY and names the old key to drop', async () => {
    const next = newKey();
    const ring = Keyring.fromEnv(next, [dataKey], blindKey);
    const cipher = new FieldCipher(ring, 'standard');
    const bidxBefore = await t.ctx.db.selectFrom('app_user').select(['id', 'phone_bidx']).orderBy('id').execute();
    const r = await rotateKeys({ db: t.ctx.db, keyring: ring, cipher, audit: t.ctx.audit });
    expect(r.activeKey).toBe(keyId(next));
    expect(r.reencrypted['app_user.phone_enc']).toBe(demoAccounts.length);
    expect(r.retired).toEqual([]);
    expect(r.unusedEnvKeys).toEqual([keyId(dataKey)]);
    const rows = await t.ctx.db.selectFrom('app_user').select(['username', 'phone_enc']).where('phone_enc', 'is not', null).execute();
    for (const row of rows) {
      expect(FieldCipher.keyIdOf(row.phone_enc!)).toBe(keyId(next));
      // A server restarted with only the new key reads everything.
      const fresh = new FieldCipher(Keyring.fromEnv(next, [], blindKey), 'standard');
      expect(fresh.decrypt(row.phone_enc!, 'app_user.phone')).toBe(demoAccounts.find((a) => a.username === row.username)!.phone);
    }
    expect(await t.ctx.db.selectFrom('app_user').select(['id', 'phone_bidx']).orderBy('id').execute()).toEqual(bidxBefore);
  });
});
