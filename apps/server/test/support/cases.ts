import type { FastifyInstance } from 'fastify';
import type { Session } from './auth.js';
import type { TestApp } from './test-app.js';

/** A point inside a unit (its stored label point), for cases placed there. */
export async function pointIn(t: TestApp, code: string): Promise<[number, number]> {
  const u = await t.ctx.db.selectFrom('jurisdiction_unit').select(['center_lng', 'center_lat']).where('code', '=', code).executeTakeFirstOrThrow();
  return [u.center_lng!, u.center_lat!];
}

export async function departmentId(t: TestApp, code: string): Promise<string> {
  const d = await t.ctx.db.selectFrom('department').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return d.id;
}

export async function createCase(app: FastifyInstance, session: Session | null, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/cases', payload: body, headers: { ...(session?.headers ?? {}), ...headers } });
  return { status: res.statusCode, body: res.json() };
}

export async function act(app: FastifyInstance, session: Session, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: `/api/cases/${id}/actions/${action}`, payload: body, headers: session.headers });
  return { status: res.statusCode, body: res.json() };
}

export async function getCase(app: FastifyInstance, session: Session, id: string) {
  const res = await app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: session.headers });
  return { status: res.statusCode, body: res.json() };
}
