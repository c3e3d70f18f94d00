import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The principal cache (GONGZHI_AUTH_CACHE_MS) must never let a credential outlive a sign-out or
// revocation made through this server; a change written behind its back is seen within the TTL.
describe.skipIf(!testDbAvailable())('principal cache: credentials reused briefly, never past a revocation through the API', () => {
  let t: TestApp;
  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me', headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_AUTH_CACHE_MS: '400' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sign-out and sign-out everywhere take effect on the very next request', async () => {
    const a = await signIn(t.app, 'handler.chengguan');
    const b = await signIn(t.app, 'handler.chengguan');
    const c = await signIn(t.app, 'handler.chengguan');
    for (const s of [a, b, c]) expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: c.headers })).statusCode).toBe(200);
    expect((await me({ cookie: c.cookie })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: a.headers })).statusCode).toBe(200);
    expect((await me({ cookie: a.cookie })).statusCode).toBe(401);
    expect((await me({ cookie: b.cookie })).statusCode).toBe(401);
  });

  it('a token stops at once when revoked or its account is disabled', async () => {
    const sys = await signIn(t.app, 'system.admin');
    const sec = await signIn(t.app, 'security.admin');
    const { id, token, user } = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: sys.headers, payload: { name: '缓存', username: 'iot.cache', scopes: ['iot'] } })).json();
    expect((await me(bearer(token))).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: sec.headers, payload: { status: 'disabled' } });
    expect((await me(bearer(token))).statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: sec.headers, payload: { status: 'active' } });
    expect((await me(bearer(token))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: sys.headers })).statusCode).toBe(200);
    expect((await me(bearer(token))).statusCode).toBe(401);
  });

  it('a revocation written behind the server’s back (another server, the CLI) is seen within the TTL', async () => {
    const s = await signIn(t.app, 'staff.xinhua');
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    await t.ctx.db.updateTable('user_session').set({ revoked_at: new Date() }).where('user_id', '=', s.userId).execute();
    // The cached principal may answer for at most GONGZHI_AUTH_CACHE_MS; after it, the database does.
    await new Promise((r) => setTimeout(r, 450));
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });
});
