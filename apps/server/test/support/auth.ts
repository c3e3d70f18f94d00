import type { FastifyInstance } from 'fastify';

export const demoPassword = 'Changning@2025';

export interface Session {
  /** Headers for an authenticated request: the cookie, plus the CSRF token writes need. */
  headers: { cookie: string; 'x-csrf-token': string };
  cookie: string;
  csrf: string;
  userId: string;
}

/** Signs in through the real endpoint (fastify inject) and returns what later requests need. */
export async function loginAs(app: FastifyInstance, username: string, password = demoPassword, extra: Record<string, string> = {}): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const token = res.cookies.find((c) => c.name === 'gz_session')!.value;
  const body = res.json() as { csrfToken: string; user: { id: string } };
  const cookie = `gz_session=${token}`;
  return { cookie, csrf: body.csrfToken, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}
