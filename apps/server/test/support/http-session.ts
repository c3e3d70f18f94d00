// Talking to a spawned server over real HTTP (crash and fault tests): sign in, send intakes.
import { demoPassword } from './auth.js';

export interface HttpSession {
  headers: Record<string, string>;
}

/** Signs in through /api/auth/login over HTTP; the session lives in the database, so it outlives a restart. */
export async function loginHttp(baseUrl: string, username: string, password = demoPassword): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('gz_session='))!;
  const body = (await res.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

/** The stored label point of a unit, for cases placed there. */
export async function unitCenter(baseUrl: string, s: HttpSession, code: string): Promise<[number, number]> {
  const res = await fetch(`${baseUrl}/api/jurisdictions/${code}`, { headers: s.headers });
  if (!res.ok) throw new Error(`GET unit ${code}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { center: [number, number] }).center;
}

export interface IntakeAnswer {
  status: number;
  caseId?: string;
  replayed?: boolean;
  code?: string;
  retryAfter?: string | null;
}

/** POST /api/cases with an Idempotency-Key; a broken connection rejects (the caller decides what that means). */
export async function postIntake(baseUrl: string, s: HttpSession, body: unknown, key: string, timeoutMs = 20_000): Promise<IntakeAnswer> {
  const res = await fetch(`${baseUrl}/api/cases`, {
    method: 'POST',
    headers: { ...s.headers, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await res.json().catch(() => ({}))) as { case?: { id: string }; replayed?: boolean; error?: { code: string } };
  return { status: res.status, caseId: json.case?.id, replayed: json.replayed, code: json.error?.code, retryAfter: res.headers.get('retry-after') };
}
