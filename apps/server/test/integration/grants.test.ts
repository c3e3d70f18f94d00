import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, createAccount, signIn, userIdOf } from '../support/accounts.js';
import type { Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// The default approval level is 'subdistrict': grants at the district or a 街镇 (and every
// administrator role) wait for a second security administrator; neighborhood and grid grants do not.
describe.skipIf(!testDbAvailable())('role grants with approval (分级审批)', () => {
  let t: TestApp;
  let sec: Session;
  let sec2: Session;
  let secXinhua: Session;

  const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const send = (method: 'POST' | 'DELETE', url: string, s: Session, payload?: object) => t.app.inject({ method, url, headers: s.headers, ...(payload ? { payload } : {}) });
  const grant = (s: Session, userId: string, body: object) => send('POST', `/api/users/${userId}/grants`, s, body);
  const me = async (userId: string) => {
    const username = (await t.ctx.db.selectFrom('app_user').select('username').where('id', '=', userId).executeTakeFirstOrThrow()).username;
    return (await get('/api/me', await signIn(t.app, username))).json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    sec = await signIn(t.app, 'security.admin');
    // A second district security administrator, made in the database, to approve the first one's requests.
    await createAccount(t, { username: 'security.second', unit: '310105', role: 'security_admin' });
    sec2 = await signIn(t.app, 'security.second');
    await createAccount(t, { username: 'sec.xinhua', unit: '310105004', role: 'security_admin' });
    secXinhua = await signIn(t.app, 'sec.xinhua');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('separation of duties: the system and audit administrators cannot grant; nobody grants to itself', async () => {
    const target = await createAccount(t, { username: 'plain.one', unit: '310105004' });
    for (const name of ['system.admin', 'audit.admin', 'dispatcher.xinhua']) {
      const res = await grant(await signIn(t.app, name), target, { role: 'grid_worker', unit: '310105004001001', reason: '网格巡查' });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const self = await grant(sec, sec.userId, { role: 'district_admin', unit: '310105', reason: '自己给自己' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('自己');
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_name', 'outcome']).where('action', '=', 'role.grant').where('outcome', '=', 'denied').execute();
    expect(audit.map((a) => a.actor_name)).toEqual(expect.arrayContaining(['system.admin', 'audit.admin', 'dispatcher.xinhua', 'security.admin']));
    expect(await t.ctx.db.selectFrom('role_grant').select('id').where('user_id', '=', target).execute()).toEqual([]);
  });

  it('a grant below the approval level is active at once and takes effect on the next request', async () => {
    const target = await createAccount(t, { username: 'grid.new', unit: '310105004001' });
    const res = await grant(sec, target, { role: 'grid_worker', unit: '310105004001001', reason: '新聘网格员' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ role: 'grid_worker', status: 'active', unit: { code: '310105004001001', level: 'grid' }, requestedBy: { username: 'security.admin' } });
    const who = await me(target);
    expect(who.grants.map((g: { role: string }) => g.role)).toEqual(['grid_worker']);
    expect(who.permissions).toContain('jurisdiction.read');
    const [audit] = await auditRows(t, 'role.grant', res.json().id);
    expect(audit).toMatchObject({ actor_name: 'security.admin', acting_role: 'security_admin', outcome: 'success', after: { role: 'grid_worker', status: 'active', user: 'grid.new' } });
    const dup = await grant(sec, target, { role: 'grid_worker', unit: '310105004001001', reason: '重复' });
    expect(dup.statusCode).toBe(409);
  });

  it('a subdistrict grant waits for a different security administrator, then takes effect', async () => {
    const target = await createAccount(t, { username: 'dispatch.new', unit: '310105004' });
    const res = await grant(sec, target, { role: 'subdistrict_dispatcher', unit: '310105004', reason: '城运中心新调度员' });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    expect(g.status).toBe('pending');
    expect((await me(target)).grants).toEqual([]);
    const pending = (await get('/api/grants?status=pending', sec2)).json();
    expect(pending.items.map((x: { id: string }) => x.id)).toContain(g.id);
    expect(pending.items.every((x: { status: string }) => x.status === 'pending')).toBe(true);

    const byRequester = await send('POST', `/api/grants/${g.id}/approve`, sec, {});
    expect(byRequester.statusCode).toBe(403);
    expect(byRequester.json().error.message).toContain('申请人');
    const byOutsider = await send('POST', `/api/grants/${g.id}/approve`, await signIn(t.app, 'system.admin'), {});
    expect(byOutsider.statusCode).toBe(403);

    const ok = await send('POST', `/api/grants/${g.id}/approve`, sec2, { note: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active', decidedBy: { username: 'security.second' }, requestedBy: { username: 'security.admin' } });
    expect((await me(target)).grants.map((x: { role: string }) => x.role)).toEqual(['subdistrict_dispatcher']);
    expect((await send('POST', `/api/grants/${g.id}/approve`, sec2)).statusCode).toBe(409);
    expect(await auditRows(t, 'role.grant_request', g.id)).toHaveLength(1);
    const decisions = await auditRows(t, 'role.approve', g.id);
    // The refused self-approval is on the trail too.
    expect(decisions.map((a) => [a.actor_name, a.outcome])).toEqual([
      ['security.admin', 'denied'],
      ['security.second', 'success'],
    ]);
    expect(decisions[1]).toMatchObject({ actor_name: 'security.second', before: { status: 'pending' }, after: { status: 'active' }, detail: { note: '同意' } });
  });

  it('a pending grant can be rejected and then no longer approved', async () => {
    const target = await createAccount(t, { username: 'reject.me', unit: '310105009' });
    const g = (await grant(sec2, target, { role: 'subdistrict_dispatcher', unit: '310105009', reason: '试用' })).json();
    expect(g.status).toBe('pending');
    const res = await send('POST', `/api/grants/${g.id}/reject`, sec, { note: '人员未定' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('rejected');
    expect((await send('POST', `/api/grants/${g.id}/approve`, sec)).statusCode).toBe(409);
    expect((await me(target)).grants).toEqual([]);
    expect(await auditRows(t, 'role.reject', g.id)).toHaveLength(1);
  });

  it('administrator roles always need approval, and 三权分立 keeps them apart', async () => {
    const target = await createAccount(t, { username: 'ops.new', unit: '310105' });
    const sys = await grant(sec, target, { role: 'system_admin', unit: '310105', reason: '新系统管理员' });
    expect(sys.json().status).toBe('pending');
    // Neither pending nor active: a second administrator role for the same person is refused.
    const audit = await grant(sec, target, { role: 'audit_admin', unit: '310105', reason: '兼任审计' });
    expect(audit.statusCode).toBe(403);
    expect(audit.json().error.message).toContain('三权分立');
    const auditAdmin = await userIdOf(t, 'audit.admin');
    const both = await grant(sec, auditAdmin, { role: 'security_admin', unit: '310105', reason: '兼任安全' });
    expect(both.statusCode).toBe(403);
    expect((await send('POST', `/api/grants/${sys.json().id}/approve`, sec2)).json().status).toBe('active');
  });

  it('only a district security administrator grants the security administrator role; scope limits the rest', async () => {
    const inside = await createAccount(t, { username: 'xh.helper', unit: '310105004' });
    const hq = await userIdOf(t, 'dispatcher.hongqiao');
    const secRole = await grant(secXinhua, inside, { role: 'security_admin', unit: '310105004', reason: '街道安全员' });
    expect(secRole.statusCode).toBe(403);
    expect(secRole.json().error.message).toContain('区级安全管理员');
    // An account outside 新华路 does not exist for this administrator.
    expect((await grant(secXinhua, hq, { role: 'grid_worker', unit: '310105009001001', reason: '跨街道' })).statusCode).toBe(404);
    // A node outside its subtree is refused even for an account inside it.
    expect((await grant(secXinhua, inside, { role: 'grid_worker', unit: '310105009001001', reason: '跨街道' })).statusCode).toBe(403);
    const ok = await grant(secXinhua, inside, { role: 'neighborhood_staff', unit: '310105004001', reason: '居委社工' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().status).toBe('active');
    // A pending grant in 虹桥 is invisible to the 新华路 administrator, in the list and for approval.
    const target = await createAccount(t, { username: 'hq.pending', unit: '310105009' });
    const g = (await grant(sec, target, { role: 'subdistrict_dispatcher', unit: '310105009', reason: '虹桥调度' })).json();
    expect((await send('POST', `/api/grants/${g.id}/approve`, secXinhua)).statusCode).toBe(404);
    const list = (await get('/api/grants?limit=200', secXinhua)).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(g.id);
    for (const x of list.items) expect(x.unit.code.startsWith('310105004')).toBe(true);
  });

  it('checks the request: a handler needs its department, residents only the resident role, machines none', async () => {
    const staff = await createAccount(t, { username: 'cg.staff', unit: '310105' });
    const noDept = await grant(sec, staff, { role: 'department_handler', unit: '310105', reason: '处置' });
    expect(noDept.statusCode).toBe(400);
    const wrongDept = await grant(sec, staff, { role: 'department_handler', unit: '310105004', department: '310105-CGZF', reason: '处置' });
    expect(wrongDept.statusCode).toBe(400);
    const ok = await grant(sec, staff, { role: 'department_handler', unit: '310105', department: '310105-CGZF', reason: '处置' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().department).toMatchObject({ code: '310105-CGZF' });
    const resident = await userIdOf(t, 'resident.demo');
    expect((await grant(sec, resident, { role: 'grid_worker', unit: '310105004001001', reason: '居民转网格员' })).statusCode).toBe(400);
    const machine = await userIdOf(t, 'open311.client');
    expect((await grant(sec, machine, { role: 'grid_worker', unit: '310105004001001', reason: '机器' })).statusCode).toBe(400);
    for (const body of [{ role: 'king', unit: '310105', reason: '理由' }, { role: 'grid_worker', unit: 'x', reason: '理由' }, { role: 'grid_worker', unit: '310105', reason: '' }, { role: 'grid_worker', unit: '310105', reason: '长'.repeat(201) }]) {
      expect((await grant(sec, staff, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await grant(sec, staff, { role: 'grid_worker', unit: '310105999', reason: '理由' })).json().error.code).toBe('UNIT_NOT_FOUND');
  });

  it('revocation is immediate and audited; nobody revokes its own grant', async () => {
    const target = await createAccount(t, { username: 'revoke.me', unit: '310105004', role: 'grid_worker', grantUnit: '310105004001001' });
    const s = await signIn(t.app, 'revoke.me');
    expect((await get('/api/me', s)).json().permissions).toContain('jurisdiction.read');
    const [g] = (await get(`/api/users/${target}/grants`, sec)).json().items;
    const res = await send('DELETE', `/api/grants/${g.id}`, sec);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', revokedBy: { username: 'security.admin' } });
    // The same session loses the role on its very next request.
    expect((await get('/api/me', s)).json().permissions).toEqual([]);
    expect((await send('DELETE', `/api/grants/${g.id}`, sec)).statusCode).toBe(409);
    const [audit] = await auditRows(t, 'role.revoke', g.id);
    expect(audit).toMatchObject({ actor_name: 'security.admin', before: { role: 'grid_worker', status: 'active' }, after: { status: 'revoked' } });

    const own = (await get(`/api/users/${sec.userId}/grants`, sec)).json().items[0];
    expect((await send('DELETE', `/api/grants/${own.id}`, sec)).statusCode).toBe(403);
    expect((await send('DELETE', `/api/grants/${own.id}`, await signIn(t.app, 'system.admin'))).statusCode).toBe(403);
    expect((await send('DELETE', '/api/grants/00000000-0000-4000-8000-000000000000', sec)).statusCode).toBe(404);
    expect((await get('/api/me', sec)).json().grants.map((x: { role: string }) => x.role)).toEqual(['security_admin']);
  });

  it('lists grants newest first with a cursor', async () => {
    const p1 = (await get('/api/grants?limit=2', sec)).json();
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = (await get(`/api/grants?limit=2&cursor=${p1.nextCursor}`, sec)).json();
    expect(p2.items).toHaveLength(2);
    const ids = new Set([...p1.items, ...p2.items].map((x: { id: string }) => x.id));
    expect(ids.size).toBe(4);
    expect(Date.parse(p2.items[0].createdAt)).toBeLessThanOrEqual(Date.parse(p1.items[1].createdAt));
    expect((await get('/api/grants', await signIn(t.app, 'audit.admin'))).statusCode).toBe(403);
  });
});
