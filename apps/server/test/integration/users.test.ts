import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { auditRows, createAccount, login, signIn, userIdOf } from '../support/accounts.js';
import type { Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const maskedPhone = /^1\d{2}\*{4}\d{4}$/;
const goodPassword = 'Initial#Pass2025';

describe.skipIf(!testDbAvailable())('accounts (security administrator)', () => {
  let t: TestApp;
  let sec: Session;
  let secXinhua: Session;

  const get = (url: string, s: Session | null) => t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session, payload?: unknown) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    t = await startTestApp();
    sec = await signIn(t.app, 'security.admin');
    // A security administrator whose scope is 新华路街道 only.
    await createAccount(t, { username: 'sec.xinhua', unit: '310105004', role: 'security_admin' });
    secXinhua = await signIn(t.app, 'sec.xinhua');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists accounts in scope with masked phones and no personal data in clear', async () => {
    const res = await get('/api/users?limit=200', sec);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const names = body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['district.admin', 'dispatcher.xinhua', 'dispatcher.hongqiao', 'audit.admin', 'open311.client']));
    expect(names).toEqual([...names].sort());
    for (const u of body.items) if (u.phone !== null) expect(u.phone).toMatch(maskedPhone);
    expect(res.body).not.toContain('13800000002');
    const x = body.items.find((u: { username: string }) => u.username === 'dispatcher.xinhua');
    expect(x).toMatchObject({ phone: '138****0002', roles: ['subdistrict_dispatcher'], unit: { code: '310105004' }, status: 'active', kind: 'staff' });
  });

  it('filters by unit subtree, role, kind and q, and pages with a cursor', async () => {
    const inXinhua = (await get('/api/users?unit=310105004&limit=200', sec)).json().items.map((u: { username: string }) => u.username);
    expect(inXinhua).toEqual(expect.arrayContaining(['dispatcher.xinhua', 'grid.xinhua', 'staff.xinhua', 'resident.demo', 'sec.xinhua']));
    expect(inXinhua).not.toContain('dispatcher.hongqiao');
    expect(inXinhua).not.toContain('district.admin');
    const admins = (await get('/api/users?role=security_admin', sec)).json().items.map((u: { username: string }) => u.username);
    expect(admins.sort()).toEqual(['sec.xinhua', 'security.admin']);
    const machines = (await get('/api/users?kind=machine', sec)).json().items.map((u: { username: string }) => u.username);
    expect(machines).toContain('open311.client');
    expect((await get(`/api/users?q=${encodeURIComponent('虹桥')}`, sec)).json().items.map((u: { username: string }) => u.username)).toEqual(['dispatcher.hongqiao']);
    expect((await get('/api/users?unit=310105999', sec)).json().error.code).toBe('UNIT_NOT_FOUND');

    const p1 = (await get('/api/users?limit=3', sec)).json();
    expect(p1.items).toHaveLength(3);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = (await get(`/api/users?limit=3&cursor=${p1.nextCursor}`, sec)).json();
    expect(p2.items).toHaveLength(3);
    expect(p2.items[0].username > p1.items[2].username).toBe(true);
    expect((await get('/api/users?cursor=%%%', sec)).statusCode).toBe(400);
  });

  it('finds an account by exact phone through the blind index, in any common spelling', async () => {
    for (const phone of ['13800000002', '+86 138-0000-0002', '１３８００００００02']) {
      const res = await get(`/api/users?phone=${encodeURIComponent(phone)}`, sec);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(['dispatcher.xinhua']);
    }
    expect((await get('/api/users?phone=13800000099', sec)).json().items).toEqual([]);
    const bad = await get('/api/users?phone=12345', sec);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('手机号');
  });

  it('separation of duties: audit and system administrators cannot read accounts; others see 404 for one account', async () => {
    const audit = await signIn(t.app, 'audit.admin');
    const sys = await signIn(t.app, 'system.admin');
    for (const s of [audit, sys]) {
      const res = await get('/api/users', s);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const hongqiao = await userIdOf(t, 'dispatcher.hongqiao');
    const dispatcher = await signIn(t.app, 'dispatcher.xinhua');
    const hidden = await get(`/api/users/${hongqiao}`, dispatcher);
    expect(hidden.statusCode).toBe(404);
    // Identical to an id that does not exist: the account's existence is not confirmed.
    const missing = await get('/api/users/00000000-0000-4000-8000-000000000000', dispatcher);
    expect(hidden.json()).toEqual(missing.json());
    const denied = await t.ctx.db.selectFrom('audit_log').select(['outcome', 'resource_id']).where('actor_name', '=', 'dispatcher.xinhua').where('action', '=', 'user.read').execute();
    expect(denied).toEqual([{ outcome: 'denied', resource_id: hongqiao }]);
    expect((await get('/api/users', null)).statusCode).toBe(401);
  });

  it('a subdistrict security administrator sees and manages its own subtree only', async () => {
    const list = (await get('/api/users?limit=200', secXinhua)).json();
    expect(list.items.length).toBeGreaterThanOrEqual(5);
    for (const u of list.items) expect(u.unit.code.startsWith('310105004')).toBe(true);
    const hongqiao = await userIdOf(t, 'dispatcher.hongqiao');
    const xinhua = await userIdOf(t, 'dispatcher.xinhua');
    expect((await get(`/api/users/${hongqiao}`, secXinhua)).statusCode).toBe(404);
    const ok = await get(`/api/users/${xinhua}`, secXinhua);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().grants[0]).toMatchObject({ role: 'subdistrict_dispatcher', status: 'active', unit: { code: '310105004' } });
    expect((await send('PATCH', `/api/users/${hongqiao}`, secXinhua, { displayName: '改名' })).statusCode).toBe(404);
    const outside = await send('POST', '/api/users', secXinhua, { username: 'new.hongqiao', displayName: '虹桥新人', phone: '13911112222', unit: '310105009', password: goodPassword });
    expect(outside.statusCode).toBe(403);
    expect((await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'new.hongqiao').execute()).length).toBe(0);
  });

  it('creates an account with an initial password it must change; phone encrypted at rest; audited masked', async () => {
    const res = await send('POST', '/api/users', sec, { username: 'Li.Ming', displayName: '李明', phone: '139 1234 5678', unit: '310105004001', password: goodPassword });
    expect(res.statusCode, res.body).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ username: 'li.ming', displayName: '李明', phone: '139****5678', mustChangePassword: true, mfaEnabled: false, status: 'active', roles: [], grants: [] });
    const raw = await sql<{ row: string }>`select row_to_json(u)::text as row from app_user u where id = ${u.id}`.execute(t.ctx.db);
    expect(raw.rows[0]!.row).not.toContain('13912345678');
    expect(raw.rows[0]!.row).not.toContain(goodPassword);
    const [audit] = await auditRows(t, 'user.create', u.id);
    expect(audit).toMatchObject({ actor_name: 'security.admin', acting_role: 'security_admin', outcome: 'success' });
    expect(audit!.after).toMatchObject({ username: 'li.ming', phone: '139****5678' });
    expect(JSON.stringify(audit)).not.toContain('13912345678');
    const first = await signIn(t.app, 'li.ming', goodPassword);
    expect(first.stage).toBe('password_change');
  });

  it('refuses bad new accounts with clear 4xx answers and writes nothing', async () => {
    const base = { username: 'wang.fang', displayName: '王芳', phone: '13912340000', unit: '310105004', password: goodPassword };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ password: 'short' }, 400, 'PASSWORD_POLICY'],
      [{ password: 'wang.fang#Strong1' }, 400, 'PASSWORD_POLICY'],
      [{ phone: '1234' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'X' }, 400, 'VALIDATION_FAILED'],
      [{ displayName: '长'.repeat(51) }, 400, 'VALIDATION_FAILED'],
      [{ unit: '310105999' }, 404, 'UNIT_NOT_FOUND'],
      [{ department: 'NOPE' }, 400, 'VALIDATION_FAILED'],
      [{ department: '310105-CGZF' }, 400, 'VALIDATION_FAILED'], // a district bureau is not part of 新华路
      [{ username: 'dispatcher.xinhua' }, 409, 'CONFLICT'],
    ];
    for (const [change, status, code] of cases) {
      const res = await send('POST', '/api/users', sec, { ...base, ...change });
      expect(res.statusCode, `${JSON.stringify(change)} ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    const weak = await send('POST', '/api/users', sec, { ...base, password: 'alllowercase' });
    expect(weak.json().error.details.problems.length).toBeGreaterThanOrEqual(1);
    expect((await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'wang.fang').execute()).length).toBe(0);
    const handler = await send('POST', '/api/users', sec, { ...base, username: 'cg.worker', unit: '310105', department: '310105-CGZF' });
    expect(handler.statusCode, handler.body).toBe(201);
    expect(handler.json().department).toMatchObject({ code: '310105-CGZF', name: '区城管执法局' });
  });

  it('changes name and phone with masked before/after in the audit trail', async () => {
    const id = await userIdOf(t, 'staff.xinhua');
    const res = await send('PATCH', `/api/users/${id}`, sec, { displayName: '番禺居委会社工（新）', phone: '13700001111' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '番禺居委会社工（新）', phone: '137****1111' });
    const [audit] = await auditRows(t, 'user.update', id);
    expect(audit!.before).toEqual({ displayName: '番禺居委会社工', phone: '138****0006' });
    expect(audit!.after).toEqual({ displayName: '番禺居委会社工（新）', phone: '137****1111' });
    expect((await get('/api/users?phone=13700001111', sec)).json().items.map((u: { id: string }) => u.id)).toEqual([id]);
    expect((await get('/api/users?phone=13800000006', sec)).json().items).toEqual([]);
    expect((await send('PATCH', `/api/users/${id}`, sec, {})).statusCode).toBe(400);
    expect((await send('PATCH', `/api/users/${id}`, sec, { status: 'locked' })).statusCode).toBe(400);
  });

  it('disabling signs the account out everywhere and stops sign-in; enabling restores it', async () => {
    await createAccount(t, { username: 'to.disable', unit: '310105004', role: 'grid_worker', grantUnit: '310105004001001' });
    const id = await userIdOf(t, 'to.disable');
    const s = await signIn(t.app, 'to.disable');
    expect((await get('/api/me', s)).statusCode).toBe(200);
    const res = await send('PATCH', `/api/users/${id}`, sec, { status: 'disabled' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await get('/api/me', s)).statusCode).toBe(401);
    const again = await login(t.app, 'to.disable');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await get('/api/users?status=disabled', sec)).json().items.map((u: { username: string }) => u.username)).toEqual(['to.disable']);
    const [audit] = await auditRows(t, 'user.disable', id);
    expect(audit).toMatchObject({ before: { status: 'active' }, after: { status: 'disabled' }, detail: { sessionsRevoked: 1 } });
    expect((await send('PATCH', `/api/users/${id}`, sec, { status: 'active' })).statusCode).toBe(200);
    expect((await login(t.app, 'to.disable')).statusCode).toBe(200);
    expect(await auditRows(t, 'user.enable', id)).toHaveLength(1);
  });

  it('an administrator cannot disable or reset its own account', async () => {
    for (const [method, url, payload] of [
      ['PATCH', `/api/users/${sec.userId}`, { status: 'disabled' }],
      ['POST', `/api/users/${sec.userId}/reset-password`, { password: goodPassword }],
      ['POST', `/api/users/${sec.userId}/reset-mfa`, undefined],
    ] as const) {
      const res = await send(method, url, sec, payload);
      expect(res.statusCode, url).toBe(403);
    }
    expect((await get('/api/me', sec)).statusCode).toBe(200);
  });

  it('unlocks an account locked by failed sign-ins', async () => {
    await createAccount(t, { username: 'to.unlock', unit: '310105009' });
    const id = await userIdOf(t, 'to.unlock');
    for (let i = 0; i < 5; i++) expect((await login(t.app, 'to.unlock', 'Wrong#Password1')).statusCode).toBe(401);
    expect((await login(t.app, 'to.unlock')).statusCode).toBe(423);
    const locked = (await get(`/api/users/${id}`, sec)).json();
    expect(Date.parse(locked.lockedUntil)).toBeGreaterThan(Date.now());
    expect((await get('/api/users?status=locked', sec)).json().items.map((u: { username: string }) => u.username)).toEqual(['to.unlock']);
    const res = await send('POST', `/api/users/${id}/unlock`, sec);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lockedUntil).toBeNull();
    expect((await login(t.app, 'to.unlock')).statusCode).toBe(200);
    expect(await auditRows(t, 'user.unlock', id)).toHaveLength(1);
  });

  it('resets a password: sessions revoked, old password dead, the new one must be changed', async () => {
    await createAccount(t, { username: 'to.reset', unit: '310105004' });
    const id = await userIdOf(t, 'to.reset');
    const s = await signIn(t.app, 'to.reset');
    expect((await send('POST', `/api/users/${id}/reset-password`, sec, { password: 'short' })).json().error.code).toBe('PASSWORD_POLICY');
    const res = await send('POST', `/api/users/${id}/reset-password`, sec, { password: goodPassword });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await get('/api/me', s)).statusCode).toBe(401);
    expect((await login(t.app, 'to.reset')).statusCode).toBe(401);
    expect((await signIn(t.app, 'to.reset', goodPassword)).stage).toBe('password_change');
    const [audit] = await auditRows(t, 'user.reset_password', id);
    expect(JSON.stringify(audit)).not.toContain(goodPassword);
  });

  it('resets the second factor: secret and recovery codes gone, sessions revoked', async () => {
    await createAccount(t, { username: 'to.remfa', unit: '310105004' });
    const id = await userIdOf(t, 'to.remfa');
    const s = await signIn(t.app, 'to.remfa');
    await t.ctx.db.updateTable('app_user').set({ totp_secret_enc: t.ctx.cipher.encrypt('JBSWY3DPEHPK3PXP', 'app_user.totp_secret'), totp_enabled_at: new Date() }).where('id', '=', id).execute();
    await t.ctx.db.insertInto('recovery_code').values({ user_id: id, code_hash: 'x' }).execute();
    expect((await get(`/api/users/${id}`, sec)).json().mfaEnabled).toBe(true);
    const res = await send('POST', `/api/users/${id}/reset-mfa`, sec);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mfaEnabled).toBe(false);
    const row = await t.ctx.db.selectFrom('app_user').select(['totp_secret_enc', 'totp_enabled_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret_enc: null, totp_enabled_at: null });
    expect(await t.ctx.db.selectFrom('recovery_code').select('id').where('user_id', '=', id).execute()).toEqual([]);
    expect((await get('/api/me', s)).statusCode).toBe(401);
    expect(await auditRows(t, 'user.reset_mfa', id)).toHaveLength(1);
  });

  it('the OpenAPI document describes the account, grant and token routes from the same contracts', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/users', '/api/users/{id}', '/api/users/{id}/grants', '/api/grants', '/api/grants/{id}/approve', '/api/tokens', '/api/tokens/{id}']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/users/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(doc.components.schemas.ApiToken.properties)).not.toContain('token');
    expect(Object.keys(doc.components.schemas.ApiTokenCreated.properties)).toContain('token');
  });

  it('writes without the CSRF header or by non-managers are refused', async () => {
    const id = await userIdOf(t, 'grid.xinhua');
    const noCsrf = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie: sec.cookie }, payload: { displayName: 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
    const sys = await signIn(t.app, 'system.admin');
    const res = await send('PATCH', `/api/users/${id}`, sys, { displayName: 'x' });
    expect(res.statusCode).toBe(403);
    expect((await send('POST', `/api/users/${id}/unlock`, sys)).statusCode).toBe(403);
    expect((await get(`/api/users/${id}`, sec)).json().displayName).toBe('新华路网格员');
  });

  it('every record these writes appended still verifies in the audit chain', async () => {
    const r = await verifyChain(t.ctx.db);
    expect(r.broken).toBeNull();
    expect(r.ok).toBe(true);
    const total = await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(r.records).toBe(Number(total.n));
    expect(r.records).toBeGreaterThan(30);
  });
});
