import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, apiSend, signIn, signOut, totpCode, type ApiSession } from './support/auth';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { pretendPermission, rows, settle, unexpected } from './support/page';
import { apiGet, startServer, type RunningServer } from './support/server';

// Admin roles must use TOTP here (GONGZHI_DEMO_MFA=1), as they would in production.
let server: RunningServer;
let browser: Browser;
let security: ApiSession;
let securitySecret = '';

beforeAll(async () => {
  server = await startServer({ timeoutMs: 90_000, env: { GONGZHI_DEMO_MFA: '1' } });
  browser = await launchBrowser();
  // The security administrator prepares accounts through the API; it enrols its second factor on the way.
  security = await apiLogin(server, 'security.admin', { onEnrolled: (s) => (securitySecret = s) });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('sign-in, sessions and sign-out', () => {
  it('refuses a wrong password, signs staff.xinhua in, lists and ends sessions, signs out', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/');
    await page.waitForURL('**/admin/login');
    await page.getByTestId('login-form').waitFor();
    await settle(page);
    await screenshot(page, 'login.png');

    await page.getByTestId('login-username').fill('staff.xinhua');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');

    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/jurisdictions');
    expect(await page.getByTestId('user-name').textContent()).toBe('番禺居委会社工');
    expect(await page.getByTestId('user-role').textContent()).toBe('居委会/社工 · 番禺居委会');

    // A second session of the same account, held by the test: listed, then ended from the page.
    const other = await apiLogin(server, 'staff.xinhua');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-sessions').click();
    await page.waitForURL('**/admin/sessions');
    await expect.poll(() => rows(page, 'sessions-table').count()).toBe(2);
    // The session in front of the user is marked, and comes first.
    expect(await rows(page, 'sessions-table').first().getByTestId('session-current').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'sessions.png');
    await page.getByTestId('session-end').click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await expect.poll(() => rows(page, 'sessions-table').count()).toBe(1);
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: other.headers })).status).toBe(401);

    await signOut(page);
    // Signed out, a console page asks for sign-in again and remembers where the user was going.
    await page.goto('/admin/sessions');
    await page.waitForURL('**/admin/login?next=%2Fsessions');
    expect(unexpected(page, /401 .*\/api\/auth\/login$/, /401 .*\/api\/me$/)).toEqual([]);
    await page.context().close();
  });

  it('sends the user to sign in when the session ends elsewhere, then back to the page', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/jurisdictions');
    await signIn(page, 'staff.xinhua');
    await page.getByTestId('jurisdiction-tree').waitFor();
    // "Sign out everywhere" from another device ends this browser's session too.
    const other = await apiLogin(server, 'staff.xinhua');
    await apiSend(server, other, 'POST', '/api/auth/logout-all');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-sessions').click();
    await page.waitForURL('**/admin/login?next=%2Fsessions');
    expect(await page.getByTestId('login-reason').textContent()).toContain('登录已过期');
    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/sessions');
    await expect.poll(() => rows(page, 'sessions-table').count()).toBe(1);
    await page.context().close();
  });

  it('tells a locked-out user how many minutes to wait', async () => {
    // Five wrong passwords lock the account (GONGZHI_LOCKOUT_ATTEMPTS); then even the right one is refused.
    const wrong = (i: number) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'grid.xinhua', password: `wrong-${i}` }) });
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.baseUrl}/api/auth/login`, wrong(i))).status).toBe(401);
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/login');
    await page.getByTestId('login-username').fill('grid.xinhua');
    await page.getByTestId('login-password').fill('Changning@2025');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').textContent()).toMatch(/账号已临时锁定，请 1[45] 分钟后再试/);

    // The security administrator unlocks it, and the same sign-in goes through.
    const { items } = await apiGet<{ items: { id: string; username: string }[] }>(server, '/api/users?q=grid.xinhua', security.headers);
    await apiSend(server, security, 'POST', `/api/users/${items.find((u) => u.username === 'grid.xinhua')!.id}/unlock`);
    await page.getByTestId('login-submit').click();
    // A grid worker starts on the patrol page (homePath).
    await page.waitForURL('**/admin/grid/patrol');
    expect(unexpected(page, /423 .*\/api\/auth\/login$/)).toEqual([]);
    await page.context().close();
  });
});

describe('forced change of an initial password', () => {
  it('makes a new account replace its initial password under the policy before using the console', async () => {
    const initial = 'Welcome#2025xy';
    const created = await apiSend<{ id: string; mustChangePassword: boolean }>(server, security, 'POST', '/api/users', {
      username: 'e2e.newcomer',
      displayName: '测试新人',
      phone: '13912340001',
      unit: '310105004001',
      password: initial,
    });
    expect(created.mustChangePassword).toBe(true);
    const grant = await apiSend<{ status: string }>(server, security, 'POST', `/api/users/${created.id}/grants`, {
      role: 'neighborhood_staff',
      unit: '310105004001',
      reason: '浏览器测试：新入职社工',
    });
    expect(grant.status).toBe('active');

    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/jurisdictions');
    await signIn(page, 'e2e.newcomer', { password: initial });
    await page.waitForURL('**/admin/password?forced=1&next=%2Fjurisdictions');
    await page.getByTestId('password-current').fill(initial);

    // Too short and too simple: the checklist marks both rules and the form refuses to submit.
    const rule = (name: string) => page.getByTestId('password-policy').locator(`[data-rule="${name}"]`);
    await page.getByTestId('password-new').fill('abc12345');
    await page.getByTestId('password-repeat').fill('abc12345');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByTestId('password-form').locator('.ant-form-item-explain-error').first().textContent()).toContain('不符合');
    expect(await rule('length').getAttribute('data-ok')).toBe('false');
    expect(await rule('classes').getAttribute('data-ok')).toBe('false');
    expect(await rule('username').getAttribute('data-ok')).toBe('true');
    await screenshot(page, 'password-change.png');

    // Strong but the password in use: only the server knows the history, and its problem is listed.
    await page.getByTestId('password-new').fill(initial);
    await page.getByTestId('password-repeat').fill(initial);
    expect(await rule('length').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('password-submit').click();
    expect(await page.getByTestId('password-problems').textContent()).toContain('不能与最近 5 次使用过的密码相同');

    const chosen = 'Xinhua#Road2025';
    await page.getByTestId('password-current').fill(initial);
    await page.getByTestId('password-new').fill(chosen);
    await page.getByTestId('password-repeat').fill(chosen);
    await page.getByTestId('password-submit').click();
    await page.waitForURL('**/admin/jurisdictions');
    await page.getByTestId('jurisdiction-tree').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('测试新人');

    // The new password is the one that works now, with nothing left to do.
    expect((await apiLogin(server, 'e2e.newcomer', { password: chosen })).me.stage).toBe('active');
    expect(unexpected(page, /400 .*\/api\/auth\/password$/)).toEqual([]);
    await page.context().close();
  });
});

describe('TOTP enrolment of an administrator', () => {
  it('enrols audit.admin with a QR code and secret, shows the recovery codes once, then asks for codes', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/');
    await signIn(page, 'audit.admin');
    await page.waitForURL('**/admin/mfa');
    await page.getByTestId('mfa-qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The secret is also printed for typing by hand, in groups of four.
    expect((await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '')).toBe(secret);
    await settle(page);
    await screenshot(page, 'mfa-enrol.png');

    await page.getByTestId('mfa-code').fill(totpCode(secret));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recovery-download').click()]);
    expect(download.suggestedFilename()).toBe('gongzhi-recovery-codes-audit.admin.txt');
    const text = readFileSync(await download.path(), 'utf8');
    for (const c of codes) expect(text).toContain(c);

    expect(await page.getByTestId('recovery-continue').isDisabled()).toBe(true);
    await page.getByTestId('recovery-saved').click();
    await page.getByTestId('recovery-continue').click();
    await page.waitForURL('**/admin/audit');
    // The audit administrator sees the audit trail and nothing else (三权分立).
    expect(await page.getByTestId('main-menu').textContent()).not.toContain('账号与授权');
    const actions = () => rows(page, 'audit-table').locator('td:nth-child(4) code').allTextContents();
    await expect.poll(actions).toContain('auth.mfa_enroll_confirm');

    await page.getByTestId('audit-filter-actor').fill('audit.admin');
    await page.getByTestId('audit-filter-action').locator('input').fill('auth.login');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-search').click();
    await expect.poll(async () => [...new Set(await actions())]).toEqual(['auth.login']);
    await rows(page, 'audit-table').first().click();
    expect(await page.getByTestId('audit-detail').first().textContent()).toContain('sha256:');
    await settle(page);
    await screenshot(page, 'audit.png');

    await page.getByTestId('audit-verify').click();
    expect(await page.getByTestId('verify-result').textContent()).toContain('校验通过');
    await page.locator('.ant-modal-confirm-btns .ant-btn').click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^审计日志-\d{8}-\d{4}\.xlsx$/);

    // Next time the password alone is not enough: the page asks for a fresh code.
    await signOut(page);
    await signIn(page, 'audit.admin', { totpSecret: secret });
    await page.waitForURL('**/admin/audit');

    // A recovery code works once.
    for (const attempt of [1, 2]) {
      await signOut(page);
      await page.getByTestId('login-username').fill('audit.admin');
      await page.getByTestId('login-password').fill('Changning@2025');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-use-recovery').click();
      await page.getByTestId('login-recovery').fill(codes[0]!);
      await page.getByTestId('login-submit').click();
      if (attempt === 1) await page.waitForURL('**/admin/audit');
      else expect(await page.getByTestId('login-error').textContent()).toContain('恢复码不正确或已使用过');
    }
    expect(unexpected(page, /401 .*\/api\/auth\/(login|mfa\/confirm)$/)).toEqual([]);
    await page.context().close();
  });
});

describe('navigation by permission', () => {
  it('hides 账号与授权 from staff and answers /admin/users with a no-permission page', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/users');
    await signIn(page, 'staff.xinhua');
    await page.waitForURL('**/admin/users');
    const menu = await page.getByTestId('main-menu').textContent();
    expect(menu).toContain('辖区与网格');
    expect(menu).not.toContain('账号与授权');
    expect(menu).not.toContain('审计日志');
    expect(await page.getByTestId('no-permission').textContent()).toContain('查看账号');
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  it('shows the security administrator the accounts with masked phones, 「查看」 only with the reveal permission, and no audit trail', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/admin/users');
    await signIn(page, 'security.admin', { totpSecret: securitySecret });
    await page.waitForURL('**/admin/users');
    const menu = await page.getByTestId('main-menu').textContent();
    expect(menu).toContain('账号与授权');
    expect(menu).not.toContain('审计日志');
    await expect.poll(() => rows(page, 'users-table').count()).toBeGreaterThan(5);
    await settle(page);
    await screenshot(page, 'users.png');

    await page.getByTestId('user-search').locator('input').fill('xinhua');
    await page.getByTestId('user-search').locator('input').press('Enter');
    const names = () => rows(page, 'users-table').locator('td:first-child').allTextContents();
    await expect.poll(names).toEqual(['dispatcher.xinhua', 'grid.xinhua', 'staff.xinhua']);
    await rows(page, 'users-table').filter({ hasText: 'staff.xinhua' }).click();
    expect(await page.getByTestId('user-phone').textContent()).toBe('138****0006');
    // Revealing personal data is not the security administrator's permission.
    expect(await page.getByTestId('user-phone-reveal').count()).toBe(0);
    expect(await page.getByTestId('grants-table').textContent()).toContain('居委会/社工');

    // With personal_data.reveal the phone gets a 「查看」 button. No demo account holds both
    // user.read and personal_data.reveal: the page is told this one does, and the server refuses.
    await pretendPermission(page, 'personal_data.reveal');
    await page.reload();
    await page.getByTestId('user-search').locator('input').fill('staff.xinhua');
    await page.getByTestId('user-search').locator('input').press('Enter');
    await expect.poll(() => rows(page, 'users-table').count()).toBe(1);
    await rows(page, 'users-table').first().click();
    await page.getByTestId('user-phone-reveal').click();
    await page.getByTestId('reveal-reason').fill('核实');
    await page.getByTestId('reveal-confirm').click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible .ant-form-item-explain-error').textContent()).toContain('至少 5 个字');
    await page.getByTestId('reveal-reason').fill('核实来电人身份，回访工单');
    await page.getByTestId('reveal-confirm').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('没有查看个人信息明文的权限');
    expect(await page.getByTestId('user-phone').textContent()).toBe('138****0006');
    // Sign-in's first step answers 401 MFA_REQUIRED (which asks for the code); the reveal 403 was provoked.
    expect(unexpected(page, /401 .*\/api\/auth\/login$/, /403 .*\/api\/personal-data\/reveal$/)).toEqual([]);
    await page.context().close();
  });
});
