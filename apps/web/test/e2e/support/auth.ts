import type { Me } from '@gongzhi/contracts';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import type { RunningServer } from './server';

/** The demo accounts' password (GONGZHI_DEMO_PASSWORD's default). */
export const demoPassword = 'Changning@2025';

/** A cookie session held by the test itself, for preparing data through the API. */
export type ApiSession = { me: Me; headers: Record<string, string> };

const totpOf = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** The current code of a base32 TOTP secret (the server's parameters: SHA-1, 6 digits, 30 s). */
export function totpCode(secret: string): string {
  return totpOf(secret).generate();
}

// The server accepts each 30-second step once per account (replay protection): remember the steps used.
const usedSteps = new Map<string, number>();

/** A code for signing in: from a step not used yet, waiting for the next step when needed. */
export async function freshTotpCode(secret: string): Promise<string> {
  const last = usedSteps.get(secret) ?? -1;
  let step = Math.floor(Date.now() / 30_000);
  if (step <= last) {
    await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 50));
    step = Math.floor(Date.now() / 30_000);
  }
  usedSteps.set(secret, step);
  return totpOf(secret).generate({ timestamp: step * 30_000 });
}

async function post(server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body ?? {}),
  });
  const json = (await res.json().catch(() => null)) as unknown;
  return { res, json };
}

/**
 * Signs in through the API like the console does: the session cookie plus the CSRF header every
 * write needs. With `totpSecret` it answers the second-factor question; an account that must
 * enrol (GONGZHI_DEMO_MFA=1) is enrolled on the way and `onEnrolled` receives its secret.
 */
export async function apiLogin(
  server: RunningServer,
  username: string,
  opts: { password?: string; totpSecret?: string; onEnrolled?: (secret: string) => void } = {},
): Promise<ApiSession> {
  const body: Record<string, string> = { username, password: opts.password ?? demoPassword };
  if (opts.totpSecret) body.totp = await freshTotpCode(opts.totpSecret);
  const { res, json } = await post(server, '/api/auth/login', body);
  if (!res.ok) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(json)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  let me = json as Me;
  const headers = { cookie, 'x-csrf-token': me.csrfToken! };
  if (me.stage === 'mfa_enrollment') {
    const start = await post(server, '/api/auth/mfa/enroll', {}, headers);
    const { secret } = start.json as { secret: string };
    const confirm = await post(server, '/api/auth/mfa/confirm', { code: totpCode(secret) }, headers);
    if (!confirm.res.ok) throw new Error(`enrolment of ${username} failed: ${JSON.stringify(confirm.json)}`);
    opts.onEnrolled?.(secret);
    me = (await (await fetch(server.baseUrl + '/api/me', { headers })).json()) as Me;
  }
  return { me, headers };
}

/** A write through the API with a session; throws with the server's answer on failure. */
export async function apiSend<T>(server: RunningServer, session: ApiSession, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.baseUrl + path, {
    method,
    headers: { ...session.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/**
 * Signs in through the console's sign-in page (the page must show it). With `totpSecret` the
 * one-time code is entered when the page asks for it.
 */
export async function signIn(page: Page, username: string, opts: { password?: string; totpSecret?: string } = {}): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(opts.password ?? demoPassword);
  await page.getByTestId('login-submit').click();
  if (opts.totpSecret) {
    await page.getByTestId('login-totp').fill(await freshTotpCode(opts.totpSecret));
    await page.getByTestId('login-submit').click();
  }
  // Gone from the sign-in page (the console or a stage page took over), or refused: say why.
  const left = page.waitForURL((url) => !url.pathname.startsWith('/admin/login')).then(() => null);
  const refused = page.getByTestId('login-error').waitFor().then(() => page.getByTestId('login-error').textContent());
  const error = await Promise.race([left, refused]);
  if (error) throw new Error(`sign-in of ${username} refused: ${error}`);
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await page.waitForURL('**/admin/login');
  await page.getByTestId('login-form').waitFor();
}
