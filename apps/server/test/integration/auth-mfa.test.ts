import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/modules/identity/totp.js';
import { auditRows, createAccount, login, signIn } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDbAvailable } from '../support/test-db.js';

// With GONGZHI_DEMO_MFA=1 the demo administrators must use TOTP like real ones.
describe.skipIf(!testDbAvailable())('TOTP second factor for administrators', () => {
  let t: TestApp;
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ GONGZHI_DEMO_MFA: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a non-administrator signs in without a second factor', async () => {
    expect((await signIn(t.app, 'dispatcher.xinhua')).stage).toBe('active');
  });

  it('an administrator without TOTP can only enrol: secret, first code, 10 recovery codes', async () => {
    const s = await signIn(t.app, 'audit.admin');
    expect(s.stage).toBe('mfa_enrollment');
    const blocked = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: s.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('MFA_ENROLLMENT_REQUIRED');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).json().permissions).toEqual([]);

    const start = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enroll', headers: s.headers });
    expect(start.statusCode, start.body).toBe(200);
    secret = start.json().secret;
    expect(start.json().otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const stored = await t.ctx.db.selectFrom('app_user').select(['totp_secret_enc', 'totp_enabled_at']).where('username', '=', 'audit.admin').executeTakeFirstOrThrow();
    expect(stored.totp_secret_enc).not.toContain(secret);
    expect(stored.totp_enabled_at).toBeNull();

    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/confirm', headers: s.headers, payload: { code: currentTotp(secret, 'audit.admin') === '000000' ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('MFA_INVALID');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/confirm', headers: s.headers, payload: { code: currentTotp(secret, 'audit.admin') } });
    expect(ok.statusCode, ok.body).toBe(200);
    recoveryCodes = ok.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).json();
    expect(me).toMatchObject({ stage: 'active', user: { mfaEnabled: true } });
    expect(me.permissions).toEqual(['audit.export', 'audit.read']);
    const hashes = await t.ctx.db.selectFrom('recovery_code').select('code_hash').where('user_id', '=', s.userId).execute();
    expect(hashes).toHaveLength(10);
    for (const code of recoveryCodes) expect(hashes.map((h) => h.code_hash)).not.toContain(code);
  });

  it('signs in only with the password plus a valid one-time code or an unused recovery code', async () => {
    const none = await login(t.app, 'audit.admin');
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('MFA_REQUIRED');
    expect(none.cookies).toEqual([]);
    const wrongCode = currentTotp(secret, 'audit.admin') === '000000' ? '111111' : '000000';
    const wrong = await login(t.app, 'audit.admin', undefined, { totp: wrongCode });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('MFA_INVALID');
    // The second factor is checked only after the password: a wrong password with a right code is still just wrong.
    const badPassword = await login(t.app, 'audit.admin', 'Wrong#Password1', { totp: currentTotp(secret, 'audit.admin') });
    expect(badPassword.json().error.code).toBe('INVALID_CREDENTIALS');

    const used = currentTotp(secret, 'audit.admin');
    expect((await signIn(t.app, 'audit.admin', undefined, { totp: used })).stage).toBe('active');
    // A code signs in once: replaying it within its 30-second window is refused.
    const replay = await login(t.app, 'audit.admin', undefined, { totp: used });
    expect(replay.json().error.code).toBe('MFA_INVALID');
    const code = recoveryCodes[3]!;
    expect((await signIn(t.app, 'audit.admin', undefined, { recoveryCode: code.toUpperCase() })).stage).toBe('active');
    const reused = await login(t.app, 'audit.admin', undefined, { recoveryCode: code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('MFA_INVALID');
    expect((await signIn(t.app, 'audit.admin', undefined, { recoveryCode: recoveryCodes[4]! })).stage).toBe('active');

    const reasons = (await auditRows(t, 'auth.login')).filter((r) => r.actor_name === 'audit.admin').map((r) => [r.outcome, (r.detail as { reason?: string } | null)?.reason ?? null]);
    expect(reasons).toEqual([
      ['success', null],
      ['failure', 'mfa_missing'],
      ['failure', 'mfa_invalid'],
      ['failure', 'wrong_password'],
      ['success', null],
      ['failure', 'mfa_invalid'],
      ['success', null],
      ['failure', 'mfa_invalid'],
      ['success', null],
    ]);
  });

  it('after a reset by the security administrator the account enrols again', async () => {
    // The security administrator must pass its own second factor first.
    const first = await signIn(t.app, 'security.admin');
    expect(first.stage).toBe('mfa_enrollment');
    const start = (await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enroll', headers: first.headers })).json();
    await t.app.inject({ method: 'POST', url: '/api/auth/mfa/confirm', headers: first.headers, payload: { code: currentTotp(start.secret, 'security.admin') } });
    const auditId = (await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'audit.admin').executeTakeFirstOrThrow()).id;
    const reset = await t.app.inject({ method: 'POST', url: `/api/users/${auditId}/reset-mfa`, headers: first.headers });
    // An administrator account: the reset waits for a second security administrator (三权分立), who also passes its own second factor.
    expect(reset.statusCode, reset.body).toBe(202);
    const before = await t.ctx.db.selectFrom('app_user').select('totp_enabled_at').where('id', '=', auditId).executeTakeFirstOrThrow();
    expect(before.totp_enabled_at).not.toBeNull();
    await createAccount(t, { username: 'security.second', unit: '310105', role: 'security_admin' });
    const second = await signIn(t.app, 'security.second');
    const start2 = (await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enroll', headers: second.headers })).json();
    await t.app.inject({ method: 'POST', url: '/api/auth/mfa/confirm', headers: second.headers, payload: { code: currentTotp(start2.secret, 'security.second') } });
    const approve = await t.app.inject({ method: 'POST', url: `/api/account-resets/${reset.json().requestId}/approve`, headers: second.headers });
    expect(approve.statusCode, approve.body).toBe(200);
    expect((await signIn(t.app, 'audit.admin')).stage).toBe('mfa_enrollment');
    expect(await t.ctx.db.selectFrom('recovery_code').select('id').where('user_id', '=', auditId).execute()).toEqual([]);
  });
});
