import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/modules/audit/verify.js';
import { auditRows, createAccount, login, signIn, userIdOf } from '../support/accounts.js';
import type { Session } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

const newPassword = 'Reset#Admin2025';

// 三权分立: the security administrator must not be able to become the audit (or any other)
// administrator by resetting its password or second factor; a second security administrator approves.
describe.skipIf(!testDbAvailable())('resets of administrator accounts need a second approval', () => {
  let t: TestApp;
  let sec: Session;
  let sec2: Session;

  const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const post = (url: string, s: Session, payload?: object) => t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
  const request = (id: string) => t.ctx.db.selectFrom('account_reset_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    sec = await signIn(t.app, 'security.admin');
    // A second district security administrator, made in the database, to approve the first one's requests.
    await createAccount(t, { username: 'security.second', unit: '310105', role: 'security_admin' });
    sec2 = await signIn(t.app, 'security.second');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a password reset of the audit administrator is only a request: nothing changes yet", async () => {
    const auditId = await userIdOf(t, 'audit.admin');
    const auditSession = await signIn(t.app, 'audit.admin');
    const res = await post(`/api/users/${auditId}/reset-password`, sec, { password: newPassword, reason: '忘记密码' });
    expect(res.statusCode, res.body).toBe(202);
    const { status, requestId } = res.json();
    expect(status).toBe('pending');
    // Still the old password, still signed in.
    expect((await login(t.app, 'audit.admin')).statusCode).toBe(200);
    expect((await login(t.app, 'audit.admin', newPassword)).statusCode).toBe(401);
    expect((await get('/api/me', auditSession)).statusCode).toBe(200);
    const row = await request(requestId);
    expect(row).toMatchObject({ user_id: auditId, kind: 'password', status: 'pending', requested_by: sec.userId, reason: '忘记密码' });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // One pending request per account and kind.
    const again = await post(`/api/users/${auditId}/reset-password`, sec, { password: newPassword });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('待审批');
    const [audit] = await auditRows(t, 'user.reset_password_request', auditId);
    expect(audit).toMatchObject({ actor_name: 'security.admin', acting_role: 'security_admin', outcome: 'success', detail: { requestId, kind: 'password' } });
    expect(JSON.stringify(audit)).not.toContain(newPassword);
    expect(await auditRows(t, 'user.reset_password', auditId)).toEqual([]);

    // The list shows it to the other security administrator, without the password or its hash.
    const list = await get('/api/account-resets?status=pending', sec2);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: requestId, kind: 'password', status: 'pending', user: expect.objectContaining({ username: 'audit.admin' }), requestedBy: expect.objectContaining({ username: 'security.admin' }) }),
    ]);
    expect(list.body).not.toContain('argon2');
    expect(list.body).not.toContain(newPassword);
  });

  it('nobody but a different security administrator may approve', async () => {
    const [pending] = (await get('/api/account-resets?status=pending', sec)).json().items;
    const own = await post(`/api/account-resets/${pending.id}/approve`, sec);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toContain('审批人不能是申请人');
    const ownReject = await post(`/api/account-resets/${pending.id}/reject`, sec);
    expect(ownReject.statusCode).toBe(403);
    for (const name of ['system.admin', 'audit.admin', 'district.admin']) {
      const res = await post(`/api/account-resets/${pending.id}/approve`, await signIn(t.app, name));
      expect(res.statusCode, name).toBe(403);
    }
    expect((await request(pending.id)).status).toBe('pending');
    const denied = await auditRows(t, 'user.reset_approve');
    expect(denied.map((a) => [a.actor_name, a.outcome])).toEqual([['security.admin', 'denied']]);
    expect((await login(t.app, 'audit.admin')).statusCode).toBe(200);
  });

  it('approved by the second security administrator, the reset takes effect exactly as an immediate one', async () => {
    const auditId = await userIdOf(t, 'audit.admin');
    const auditSession = await signIn(t.app, 'audit.admin');
    const [pending] = (await get('/api/account-resets?status=pending', sec2)).json().items;
    const res = await post(`/api/account-resets/${pending.id}/approve`, sec2, { note: '已电话核实本人' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: pending.id, status: 'approved', decidedBy: { username: 'security.second' } });
    expect((await get('/api/me', auditSession)).statusCode).toBe(401);
    expect((await login(t.app, 'audit.admin')).statusCode).toBe(401);
    expect((await signIn(t.app, 'audit.admin', newPassword)).stage).toBe('password_change');
    expect((await request(pending.id)).password_hash).toBeNull();
    const [audit] = (await auditRows(t, 'user.reset_approve', auditId)).filter((a) => a.outcome === 'success');
    expect(audit).toMatchObject({ actor_name: 'security.second', acting_role: 'security_admin', after: { status: 'approved', mustChangePassword: true }, detail: { requestId: pending.id, requestedBy: 'security.admin', note: '已电话核实本人' } });
    expect((audit!.detail as { sessionsRevoked: number }).sessionsRevoked).toBeGreaterThan(0);
    // Decided once: a second decision is a conflict.
    expect((await post(`/api/account-resets/${pending.id}/reject`, sec)).statusCode).toBe(409);
    expect((await get('/api/account-resets?status=pending', sec2)).json().items).toEqual([]);
  });

  it('a rejected reset is discarded', async () => {
    const sysId = await userIdOf(t, 'system.admin');
    const res = await post(`/api/users/${sysId}/reset-password`, sec2, { password: newPassword });
    expect(res.statusCode, res.body).toBe(202);
    const { requestId } = res.json();
    const rejected = await post(`/api/account-resets/${requestId}/reject`, sec, { note: '未核实身份' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: { username: 'security.admin' } });
    expect((await login(t.app, 'system.admin')).statusCode).toBe(200);
    expect((await login(t.app, 'system.admin', newPassword)).statusCode).toBe(401);
    expect((await request(requestId)).password_hash).toBeNull();
    expect(await auditRows(t, 'user.reset_reject', sysId)).toEqual([expect.objectContaining({ actor_name: 'security.admin', outcome: 'success', detail: expect.objectContaining({ requestId, note: '未核实身份' }) })]);
    expect((await post(`/api/account-resets/${requestId}/approve`, sec)).statusCode).toBe(409);
  });

  it('a second-factor reset of the district administrator waits for approval too', async () => {
    const id = await userIdOf(t, 'district.admin');
    await t.ctx.db.updateTable('app_user').set({ totp_secret_enc: t.ctx.cipher.encrypt('JBSWY3DPEHPK3PXP', 'app_user.totp_secret'), totp_enabled_at: new Date() }).where('id', '=', id).execute();
    await t.ctx.db.insertInto('recovery_code').values({ user_id: id, code_hash: 'x' }).execute();
    const res = await post(`/api/users/${id}/reset-mfa`, sec);
    expect(res.statusCode, res.body).toBe(202);
    const { requestId } = res.json();
    expect((await get(`/api/users/${id}`, sec)).json().mfaEnabled).toBe(true);
    expect(await t.ctx.db.selectFrom('recovery_code').select('id').where('user_id', '=', id).execute()).toHaveLength(1);
    expect(await auditRows(t, 'user.reset_mfa_request', id)).toHaveLength(1);
    const ok = await post(`/api/account-resets/${requestId}/approve`, sec2);
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await t.ctx.db.selectFrom('app_user').select(['totp_secret_enc', 'totp_enabled_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret_enc: null, totp_enabled_at: null });
    expect(await t.ctx.db.selectFrom('recovery_code').select('id').where('user_id', '=', id).execute()).toEqual([]);
    const approvals = (await auditRows(t, 'user.reset_approve', id)).map((a) => [a.actor_name, a.before, a.after]);
    expect(approvals).toEqual([['security.second', { status: 'pending', mfaEnabled: true }, { status: 'approved', mfaEnabled: false }]]);
  });

  it("a grid worker's reset is still immediate", async () => {
    const id = await userIdOf(t, 'grid.xinhua');
    const s = await signIn(t.app, 'grid.xinhua');
    const res = await post(`/api/users/${id}/reset-password`, sec, { password: newPassword });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await get('/api/me', s)).statusCode).toBe(401);
    expect((await signIn(t.app, 'grid.xinhua', newPassword)).stage).toBe('password_change');
    expect((await post(`/api/users/${id}/reset-mfa`, sec)).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('account_reset_request').select('id').where('user_id', '=', id).execute()).toEqual([]);
    expect(await auditRows(t, 'user.reset_password', id)).toHaveLength(1);
    expect(await auditRows(t, 'user.reset_mfa', id)).toHaveLength(1);
  });

  it('the OpenAPI document describes the 202 answer and the approval routes; the chain still verifies', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/users/{id}/reset-password'].post.responses)).toEqual(expect.arrayContaining(['200', '202']));
    expect(Object.keys(doc.paths['/api/users/{id}/reset-mfa'].post.responses)).toEqual(expect.arrayContaining(['200', '202']));
    for (const path of ['/api/account-resets', '/api/account-resets/{id}/approve', '/api/account-resets/{id}/reject']) expect(Object.keys(doc.paths)).toContain(path);
    const r = await verifyChain(t.ctx.db);
    expect(r.broken).toBeNull();
    expect(r.ok).toBe(true);
  });
});
