import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, createAccount, login, signIn } from '../support/accounts.js';
import { demoPassword } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

describe.skipIf(!testDbAvailable())('sign-in, sessions and the forced password change', () => {
  let t: TestApp;

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  const loginRows = () => t.ctx.db.selectFrom('audit_log').select(['actor_name', 'outcome', 'detail', 'ip']).where('action', '=', 'auth.login').orderBy('seq').execute();

  beforeAll(async () => {
    // Sessions and keys are aged or revoked here by editing the database, which a running server's
    // principal cache sees only after its TTL (principal-cache.test.ts): no cache in this file.
    t = await startTestApp({ GONGZHI_AUTH_CACHE_MS: '0' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with an httpOnly SameSite=Strict session cookie and a CSRF token; audited', async () => {
    const before = (await loginRows()).length;
    const res = await login(t.app, 'dispatcher.xinhua');
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const body = res.json();
    expect(body).toMatchObject({ stage: 'active', user: { username: 'dispatcher.xinhua', phone: '138****0002' }, grants: [{ role: 'subdistrict_dispatcher', unit: { code: '310105004' } }] });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(res.body).not.toContain('13800000002');
    const rows = await loginRows();
    expect(rows.slice(before)).toEqual([expect.objectContaining({ actor_name: 'dispatcher.xinhua', outcome: 'success' })]);
    const row = await t.ctx.db.selectFrom('user_session').select(['token_hash']).where('id', '=', body.session.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(cookie.value);
  });

  it('a wrong password and an unknown username get the identical 401; both are audited', async () => {
    const before = (await loginRows()).length;
    const wrong = await login(t.app, 'dispatcher.hongqiao', 'Wrong#Password1');
    const unknown = await login(t.app, 'no.such.user', 'Wrong#Password1');
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.cookies).toEqual([]);
    }
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const rows = (await loginRows()).slice(before);
    expect(rows.map((r) => [r.actor_name, r.outcome])).toEqual([
      ['dispatcher.hongqiao', 'failure'],
      ['no.such.user', 'failure'],
    ]);
    expect(rows.every((r) => r.ip !== null)).toBe(true);
    // Someone typing a phone number as the username leaves it masked in the trail.
    await login(t.app, '13912345678', 'Wrong#Password1');
    const typed = (await loginRows()).at(-1)!;
    expect(typed.actor_name).toBe('139****5678');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a'.repeat(51), password: 'x' } });
    expect(bad.statusCode).toBe(400);
  });

  it('5 failed sign-ins lock the account for 15 minutes; only the right password learns it', async () => {
    await createAccount(t, { username: 'lock.me', unit: '310105004' });
    for (let i = 0; i < 5; i++) {
      const r = await login(t.app, 'lock.me', `Wrong#Password${i}`);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const unknown = await login(t.app, 'nobody.here', 'Wrong#Password9');
    const wrongAgain = await login(t.app, 'lock.me', 'Wrong#Password9');
    expect(wrongAgain.statusCode).toBe(401);
    expect(wrongAgain.body).toBe(unknown.body);
    const right = await login(t.app, 'lock.me');
    expect(right.statusCode).toBe(423);
    expect(right.json().error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { minutes: 15 } });
    expect(right.json().error.message).toContain('15 分钟');
    expect(right.cookies).toEqual([]);
    const reasons = (await loginRows()).filter((r) => r.actor_name === 'lock.me').map((r) => (r.detail as { reason?: string }).reason);
    expect(reasons).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'locked', 'locked']);
    // When the 15 minutes have passed, the right password works again and the counter starts over.
    await t.ctx.db.updateTable('app_user').set({ locked_until: new Date(Date.now() - 1000) }).where('username', '=', 'lock.me').execute();
    expect((await login(t.app, 'lock.me')).statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('app_user').select(['failed_logins']).where('username', '=', 'lock.me').executeTakeFirstOrThrow();
    expect(Number(row.failed_logins)).toBe(0);
  });

  it('an idle session expires after 30 minutes, any session after its absolute lifetime', async () => {
    const idle = await signIn(t.app, 'grid.xinhua');
    expect((await me(idle.cookie)).statusCode).toBe(200);
    await sql`update user_session set last_seen_at = now() - interval '31 minutes' where user_id = ${idle.userId}`.execute(t.ctx.db);
    const expired = await me(idle.cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');

    const fresh = await signIn(t.app, 'grid.xinhua');
    await sql`update user_session set last_seen_at = now() - interval '29 minutes' where user_id = ${fresh.userId} and revoked_at is null`.execute(t.ctx.db);
    expect((await me(fresh.cookie)).statusCode).toBe(200);
    await sql`update user_session set expires_at = now() - interval '1 second' where user_id = ${fresh.userId} and revoked_at is null`.execute(t.ctx.db);
    const absolute = await me(fresh.cookie);
    expect(absolute.statusCode).toBe(401);
    expect(absolute.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('a forged or tampered cookie is 401, and nothing is revealed', async () => {
    const real = await signIn(t.app, 'staff.xinhua');
    const token = real.cookie.slice('gz_session='.length);
    for (const cookie of ['gz_session=forged', `gz_session=${token.slice(0, -2)}xx`, `gz_session=${'a'.repeat(43)}`]) {
      const res = await me(cookie);
      expect(res.statusCode).toBe(401);
      expect(['SESSION_EXPIRED', 'UNAUTHENTICATED']).toContain(res.json().error.code);
      expect(res.body).not.toContain('staff.xinhua');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/me' })).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('a cookie-authenticated write without the right CSRF header is 403 and audited', async () => {
    const s = await signIn(t.app, 'staff.xinhua');
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('CSRF_FAILED');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'guess' } });
    expect(wrong.statusCode).toBe(403);
    expect((await me(s.cookie)).statusCode).toBe(200);
    const denied = await t.ctx.db.selectFrom('audit_log').select(['outcome']).where('action', '=', 'auth.csrf').where('actor_id', '=', s.userId).execute();
    expect(denied).toEqual([{ outcome: 'denied' }, { outcome: 'denied' }]);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(ok.statusCode).toBe(200);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });

  it('forces the change of an initial password under the policy and the history', async () => {
    const sec = await signIn(t.app, 'security.admin');
    const initial = 'Initial#Pass2025';
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: sec.headers, payload: { username: 'new.staff', displayName: '新同事', phone: '13912345678', unit: '310105004', password: initial } });
    expect(created.statusCode, created.body).toBe(201);
    const s = await signIn(t.app, 'new.staff', initial);
    expect(s.stage).toBe('password_change');
    const blocked = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: s.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await me(s.cookie)).json()).toMatchObject({ stage: 'password_change', permissions: [] });

    const change = (currentPassword: string, newPassword: string) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword, newPassword } });
    const weak = await change(initial, 'new.staff');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    expect(weak.json().error.details.problems).toEqual(['密码至少 10 位', '密码需包含大写字母、小写字母、数字、符号中的至少三类', '密码不能包含用户名']);
    const reuse = await change(initial, initial);
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.message).toContain('最近 5 次');
    expect((await change('Wrong#Current1', 'Brand#New2025x')).statusCode).toBe(401);

    const good = await change(initial, 'Brand#New2025x');
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().stage).toBe('active');
    // Active now: the same request reaches the policy, which says this account holds no user.read.
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: s.cookie } })).json().error.code).toBe('FORBIDDEN');
    expect((await change('Brand#New2025x', 'Second#Pass2025')).statusCode).toBe(200);
    expect((await change('Second#Pass2025', 'Third#Pass2025x')).statusCode).toBe(200);
    const again = await change('Third#Pass2025x', 'Brand#New2025x');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.problems.join()).toContain('最近 5 次');
    expect((await login(t.app, 'new.staff', initial)).statusCode).toBe(401);
    expect((await signIn(t.app, 'new.staff', 'Third#Pass2025x')).stage).toBe('active');
    expect((await auditRows(t, 'auth.password_change')).filter((r) => r.actor_name === 'new.staff' && r.outcome === 'success')).toHaveLength(3);
  });

  it('lists its own sessions, ends one, and signs out everywhere', async () => {
    const a = await signIn(t.app, 'handler.chengguan');
    const b = await signIn(t.app, 'handler.chengguan');
    const list = await t.app.inject({ method: 'GET', url: '/api/me/sessions', headers: { cookie: a.cookie } });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.filter((x) => x.current)).toHaveLength(1);
    const other = items.find((x) => !x.current)!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${other.id}`, headers: a.headers })).statusCode).toBe(200);
    expect((await me(b.cookie)).statusCode).toBe(401);
    const c = await signIn(t.app, 'handler.chengguan');
    // Someone else's session id is not found, not ended.
    const foreign = (await t.ctx.db.selectFrom('user_session').select('id').where('user_id', '!=', a.userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow()).id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${foreign}`, headers: a.headers })).statusCode).toBe(404);

    const all = await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: a.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json().revoked).toBeGreaterThanOrEqual(2);
    expect((await me(a.cookie)).statusCode).toBe(401);
    expect((await me(c.cookie)).statusCode).toBe(401);
    expect(await auditRows(t, 'auth.logout_all', a.userId)).toHaveLength(1);
    expect((await login(t.app, 'handler.chengguan', demoPassword)).statusCode).toBe(200);
  });
});
