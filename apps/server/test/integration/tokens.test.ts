import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, signIn } from '../support/accounts.js';
import type { Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('machine API tokens (system administrator)', () => {
  let t: TestApp;
  let sys: Session;
  let sec: Session;

  const create = (s: Session, body: object) => t.app.inject({ method: 'POST', url: '/api/tokens', headers: s.headers, payload: body });
  const revoke = (s: Session, id: string) => t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: s.headers });
  const bearerMe = (token: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    // Sessions and keys are aged or revoked here by editing the database, which a running server's
    // principal cache sees only after its TTL (principal-cache.test.ts): no cache in this file.
    t = await startTestApp({ GONGZHI_AUTH_CACHE_MS: '0' });
    sys = await signIn(t.app, 'system.admin');
    sec = await signIn(t.app, 'security.admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a token shown once, for a machine account made on the fly, stored only as a hash', async () => {
    const res = await create(sys, { name: '12345 热线导入', username: 'hotline.importer', scopes: ['hotline_import'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.token).toMatch(/^gzt_[A-Za-z0-9_-]{40,}$/);
    expect(created).toMatchObject({ name: '12345 热线导入', prefix: created.token.slice(0, 12), scopes: ['hotline_import'], user: { username: 'hotline.importer' }, createdBy: 'system.admin', revokedAt: null });

    const machine = await t.ctx.db.selectFrom('app_user as u').innerJoin('jurisdiction_unit as j', 'j.id', 'u.unit_id').select(['u.kind', 'u.password_hash', 'j.code']).where('u.username', '=', 'hotline.importer').executeTakeFirstOrThrow();
    expect(machine).toEqual({ kind: 'machine', password_hash: null, code: '310105' });

    const raw = await sql<{ row: string; token_hash: string }>`select row_to_json(t)::text as row, token_hash from api_token t where id = ${created.id}`.execute(t.ctx.db);
    expect(raw.rows[0]!.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(raw.rows[0]!.row).not.toContain(created.token);

    const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: sys.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    const names = list.json().items.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['12345 热线导入', '演示 Open311 接入']));
    for (const item of list.json().items) expect(Object.keys(item)).not.toContain('token');

    const [audit] = await auditRows(t, 'api_token.create', created.id);
    expect(audit).toMatchObject({ actor_name: 'system.admin', acting_role: 'system_admin', after: { name: '12345 热线导入', scopes: ['hotline_import'], prefix: created.prefix } });
    expect(JSON.stringify(audit)).not.toContain(created.token);
    expect(await auditRows(t, 'user.create', created.user.id)).toHaveLength(1);
  });

  it('a bearer token signs the machine in for GET /api/me; no cookie, no CSRF token', async () => {
    const { token } = (await create(sys, { name: 'IoT 网关', username: 'iot.gateway', scopes: ['iot'] })).json();
    const res = await bearerMe(token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'iot.gateway', kind: 'machine', phone: null }, stage: 'active', grants: [], permissions: [], csrfToken: null, session: null });
    const used = await t.ctx.db.selectFrom('api_token').select('last_used_at').where('token_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    // A machine holds no role: it cannot use the staff API.
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    const seeded = await bearerMe('gzt_demo_open311_changning_2025');
    expect(seeded.json().user.username).toBe('open311.client');
  });

  it('refuses a revoked, an expired, a forged or a disabled account\'s token', async () => {
    const { id, token, user } = (await create(sys, { name: '临时', username: 'iot.temp', scopes: ['iot', 'open311'] })).json();
    expect((await bearerMe(token)).statusCode).toBe(200);

    // Disabled by the security administrator: the token stops working, and works again when re-enabled.
    const disable = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: sec.headers, payload: { status: 'disabled' } });
    expect(disable.statusCode, disable.body).toBe(200);
    const off = await bearerMe(token);
    expect(off.statusCode).toBe(401);
    expect(off.json().error.code).toBe('TOKEN_INVALID');
    expect((await create(sys, { name: '再来', username: 'iot.temp', scopes: ['iot'] })).statusCode).toBe(409);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: sec.headers, payload: { status: 'active' } });
    expect((await bearerMe(token)).statusCode).toBe(200);

    const res = await revoke(sys, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(Date.parse(res.json().revokedAt)).not.toBeNaN();
    const after = await bearerMe(token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('TOKEN_INVALID');
    expect((await revoke(sys, id)).statusCode).toBe(409);
    expect((await revoke(sys, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await auditRows(t, 'api_token.revoke', id)).toHaveLength(1);

    const second = (await create(sys, { name: '到期', username: 'iot.temp', scopes: ['iot'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() })).json();
    expect((await bearerMe(second.token)).statusCode).toBe(200);
    await t.ctx.db.updateTable('api_token').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', second.id).execute();
    expect((await bearerMe(second.token)).json().error.code).toBe('TOKEN_INVALID');

    for (const forged of ['gzt_not-a-real-token', `${second.token.slice(0, -1)}x`, 'x'.repeat(500)]) {
      const r = await bearerMe(forged);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('TOKEN_INVALID');
    }
  });

  it('only the system administrator manages tokens', async () => {
    for (const name of ['security.admin', 'audit.admin', 'district.admin']) {
      const s = name === 'security.admin' ? sec : await signIn(t.app, name);
      expect((await create(s, { name: 'x', username: 'iot.other', scopes: ['iot'] })).statusCode, name).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: s.cookie } })).statusCode).toBe(403);
    }
    const { id } = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: sys.cookie } })).json().items[0];
    expect((await revoke(sec, id)).statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'iot.other').execute()).toEqual([]);
  });

  it('refuses bad requests', async () => {
    const cases: [object, number][] = [
      [{ name: 'x', username: 'iot.bad', scopes: ['root'] }, 400],
      [{ name: 'x', username: 'iot.bad', scopes: [] }, 400],
      [{ name: 'x', username: 'iot.bad', scopes: ['iot', 'iot'] }, 400],
      [{ name: '', username: 'iot.bad', scopes: ['iot'] }, 400],
      [{ name: 'x'.repeat(101), username: 'iot.bad', scopes: ['iot'] }, 400],
      [{ name: 'x', username: 'Bad Name!', scopes: ['iot'] }, 400],
      [{ name: 'x', username: 'iot.bad', scopes: ['iot'], expiresAt: '2020-01-01T00:00:00+08:00' }, 400],
      [{ name: 'x', username: 'iot.bad', scopes: ['iot'], expiresAt: 'tomorrow' }, 400],
      // A person's account cannot carry a machine token.
      [{ name: 'x', username: 'dispatcher.xinhua', scopes: ['iot'] }, 409],
    ];
    for (const [body, status] of cases) {
      const res = await create(sys, body);
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(status);
    }
    expect(await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'iot.bad').execute()).toEqual([]);
  });
});
