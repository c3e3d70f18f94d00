// Accounts made directly in the database for identity tests, and sign-in from distinct addresses.
import type { Role } from '@gongzhi/contracts';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/modules/identity/password.js';
import { demoPassword, type Session } from './auth.js';
import type { TestApp } from './test-app.js';

let nextAddress = 0;
/**
 * A fresh client address per sign-in: the login route is rate-limited per IP (30 a minute), and
 * identity tests sign in far more often than that from what would otherwise be one address.
 */
export const freshIp = () => {
  nextAddress += 1;
  return `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
};

export const login = (app: FastifyInstance, username: string, password = demoPassword, extra: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra }, remoteAddress: freshIp() });

/** Signs in (must succeed) and returns the cookie and CSRF headers later requests need. */
export async function signIn(app: FastifyInstance, username: string, password = demoPassword, extra: Record<string, string> = {}): Promise<Session & { stage: string }> {
  const res = await login(app, username, password, extra);
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const token = res.cookies.find((c) => c.name === 'gz_session')!.value;
  const body = res.json() as { csrfToken: string; user: { id: string }; stage: string };
  const cookie = `gz_session=${token}`;
  return { cookie, csrf: body.csrfToken, userId: body.user.id, stage: body.stage, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

export interface NewAccount {
  username: string;
  /** Code of the account's unit. */
  unit: string;
  /** An active grant of this role at `grantUnit` (default: the account's unit). */
  role?: Role;
  grantUnit?: string;
  password?: string;
  phone?: string;
  /**
   * Demo accounts skip the forced password change and, unless GONGZHI_DEMO_MFA=1, the second
   * factor: what these fixtures need to act as an administrator straight away.
   */
  demo?: boolean;
}

/** Inserts an account (and its grant) the way the seed does; returns its id. */
export async function createAccount(t: TestApp, a: NewAccount): Promise<string> {
  const db = t.ctx.db;
  const unit = await db.selectFrom('jurisdiction_unit').select(['id', 'path']).where('code', '=', a.unit).executeTakeFirstOrThrow();
  const hash = await hashPassword(a.password ?? demoPassword);
  const phone = a.phone ?? '13900000000';
  const user = await db
    .insertInto('app_user')
    .values({
      username: a.username,
      display_name: `测试 ${a.username}`.slice(0, 50),
      phone_enc: t.ctx.cipher.encrypt(phone, 'app_user.phone'),
      phone_bidx: t.ctx.cipher.blindIndex('phone', phone),
      unit_id: unit.id,
      password_hash: hash,
      password_changed_at: new Date(),
      must_change_password: !(a.demo ?? true),
      is_demo: a.demo ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('password_history').values({ user_id: user.id, password_hash: hash }).execute();
  if (a.role) {
    const g = a.grantUnit ? await db.selectFrom('jurisdiction_unit').select(['id', 'path']).where('code', '=', a.grantUnit).executeTakeFirstOrThrow() : unit;
    await db.insertInto('role_grant').values({ user_id: user.id, role: a.role, unit_id: g.id, path: g.path, status: 'active', reason: '测试数据' }).execute();
  }
  return user.id;
}

export async function userIdOf(t: TestApp, username: string): Promise<string> {
  return (await t.ctx.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** Audit rows of an action (optionally for one resource), oldest first. */
export function auditRows(t: TestApp, action: string, resourceId?: string) {
  let q = t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (resourceId) q = q.where('resource_id', '=', resourceId);
  return q.orderBy('seq').execute();
}
