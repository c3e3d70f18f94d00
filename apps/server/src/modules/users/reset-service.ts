import { type AccountReset, type ResetPending, resetApprovalRoles } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { authorize, listScope } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { auditBase } from './access.js';
import { presentReset } from './presenter.js';
import { UserRepository, type UserRow } from './repository.js';
import { type ResetKind, ResetRepository, type ResetRow } from './reset-repository.js';

const isCursor = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');
const kindZh: Record<ResetKind, string> = { password: '密码重置', mfa: '动态验证码重置' };

/** An account holding an administrator role (active grant): resetting it would let the resetter become it. */
export const resetNeedsApproval = (row: UserRow): boolean => (row.roles ?? []).some((r) => resetApprovalRoles.includes(r as never));

/** The new initial password takes effect (forced change at next sign-in) and every session ends. */
export async function applyPasswordReset(db: Kysely<DB>, userId: string, hash: string): Promise<number> {
  const repo = new UserRepository(db);
  await repo.resetPassword(userId, hash);
  return repo.revokeSessions(userId);
}

/** The second factor and its recovery codes go; the account enrols again at its next sign-in. */
export async function applyMfaReset(db: Kysely<DB>, userId: string): Promise<number> {
  const repo = new UserRepository(db);
  await repo.resetMfa(userId);
  return repo.revokeSessions(userId);
}

/**
 * Resets of administrator accounts with a second person's approval (三权分立), shaped like the
 * grant approval: a request, then a compare-and-set decision by a different security administrator,
 * each audited in the transaction that makes it.
 */
export class ResetService {
  private readonly repo: ResetRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new ResetRepository(ctx.db);
  }

  private async denied(req: FastifyRequest, p: Principal, row: ResetRow, action: string, reason: string): Promise<never> {
    await this.ctx.audit.append({
      ...auditBase(req, p, 'role.approve'),
      action,
      outcome: 'denied',
      resourceType: 'user',
      resourceId: row.user_id,
      unitPath: row.unit_path,
      detail: { requestId: row.id, kind: row.kind, reason },
    });
    throw new AppError('FORBIDDEN', reason);
  }

  /** Files the request (the caller has already checked scope, self and the password policy). */
  async request(req: FastifyRequest, p: Principal, user: UserRow, kind: ResetKind, passwordHash: string | null, reason: string | undefined): Promise<ResetPending> {
    const requestId = await this.ctx.db.transaction().execute(async (trx) => {
      const id = await new ResetRepository(trx).insert({ userId: user.id, kind, passwordHash, reason: reason ?? null, requestedBy: p.userId });
      if (!id) throw new AppError('CONFLICT', `该账号已有待审批的${kindZh[kind]}申请，请等待审批或由另一位安全管理员驳回`, { kind }, 'A reset of this kind already awaits approval');
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'user.manage'),
          action: `user.reset_${kind === 'password' ? 'password' : 'mfa'}_request`,
          resourceType: 'user',
          resourceId: user.id,
          unitPath: user.unit_path,
          after: { status: 'pending' },
          detail: { requestId: id, kind, roles: user.roles, ...(reason ? { reason } : {}) },
        },
        trx,
      );
      return id;
    });
    return { status: 'pending', requestId };
  }

  async list(req: FastifyRequest, f: { status?: AccountReset['status'] | undefined; limit: number; cursor?: string | undefined }) {
    const scope = await listScope(this.ctx, req, 'user.manage');
    const rows = await this.repo.list({ scope, status: f.status, after: decodeCursor(f.cursor, isCursor), limit: f.limit });
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return { items: page.map(presentReset), nextCursor: rows.length > f.limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null };
  }

  /** A pending request the caller may decide on: holds `role.approve`, manages the account (else 404), is neither requester nor the account. */
  private async pendingFor(req: FastifyRequest, id: string, action: string): Promise<{ p: Principal; row: ResetRow }> {
    const p = await authorize(this.ctx, req, 'role.approve');
    const row = await this.repo.byId(id);
    if (!row || !row.unit_path || !can(p, 'user.manage', { path: row.unit_path })) throw new AppError('NOT_FOUND', '找不到该重置申请', undefined, 'No such reset request');
    if (row.status !== 'pending') throw new AppError('CONFLICT', '该重置申请已处理，无需再审批', { status: row.status }, 'The request was already decided');
    if (row.requested_by === p.userId) await this.denied(req, p, row, action, '三权分立：审批人不能是申请人，请由另一位安全管理员审批');
    if (row.user_id === p.userId) await this.denied(req, p, row, action, '不能审批对自己账号的重置申请');
    return { p, row };
  }

  async approve(req: FastifyRequest, id: string, note: string | undefined): Promise<AccountReset> {
    const { p, row } = await this.pendingFor(req, id, 'user.reset_approve');
    await this.ctx.db.transaction().execute(async (trx) => {
      // The hash never changes while the request is pending, so the one read above is the one to apply once the compare-and-set wins.
      if (!(await new ResetRepository(trx).decide(row.id, 'approved', p.userId))) throw new AppError('CONFLICT', '该重置申请已被他人处理', undefined, 'Someone else decided first');
      const revoked = row.kind === 'password' ? await applyPasswordReset(trx, row.user_id, row.password_hash!) : await applyMfaReset(trx, row.user_id);
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'role.approve'),
          action: 'user.reset_approve',
          resourceType: 'user',
          resourceId: row.user_id,
          unitPath: row.unit_path,
          before: row.kind === 'password' ? { status: 'pending' } : { status: 'pending', mfaEnabled: row.user_totp_enabled_at !== null },
          after: row.kind === 'password' ? { status: 'approved', mustChangePassword: true } : { status: 'approved', mfaEnabled: false },
          detail: { requestId: row.id, kind: row.kind, requestedBy: row.rq_username, sessionsRevoked: revoked, ...(note ? { note } : {}) },
        },
        trx,
      );
    });
    return presentReset((await this.repo.byId(row.id))!);
  }

  async reject(req: FastifyRequest, id: string, note: string | undefined): Promise<AccountReset> {
    const { p, row } = await this.pendingFor(req, id, 'user.reset_reject');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await new ResetRepository(trx).decide(row.id, 'rejected', p.userId))) throw new AppError('CONFLICT', '该重置申请已被他人处理', undefined, 'Someone else decided first');
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'role.approve'),
          action: 'user.reset_reject',
          resourceType: 'user',
          resourceId: row.user_id,
          unitPath: row.unit_path,
          before: { status: 'pending' },
          after: { status: 'rejected' },
          detail: { requestId: row.id, kind: row.kind, requestedBy: row.rq_username, ...(note ? { note } : {}) },
        },
        trx,
      );
    });
    return presentReset((await this.repo.byId(row.id))!);
  }
}
