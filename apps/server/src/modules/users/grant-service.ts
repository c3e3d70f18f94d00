import { type Role, type RoleGrant, roleNames } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { authorize, listScope } from '../identity/guard.js';
import { can, canGrant, needsApproval } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { accountInScope, auditBase, separationConflict } from './access.js';
import { GrantRepository, type GrantRow } from './grant-repository.js';
import { grantAuditView, presentGrant } from './presenter.js';
import { UserRepository } from './repository.js';

export interface GrantRequest {
  role: Role;
  unit: string;
  department?: string | undefined;
  reason: string;
}

const isCursor = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

/**
 * Role grants with 分级审批: a grant at or above the configured level (and every administrator
 * role) waits for a second security administrator; the rest take effect at once. Revocation is
 * immediate (taking power away must not wait for a second person) and audited.
 */
export class GrantService {
  private readonly repo: GrantRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new GrantRepository(ctx.db);
  }

  private async denied(req: FastifyRequest, p: Principal, action: string, reason: string, resourceId: string, unitPath: string | null): Promise<never> {
    await this.ctx.audit.append({ ...auditBase(req, p, 'role.grant'), action, outcome: 'denied', resourceType: 'role_grant', resourceId, unitPath, detail: { reason } });
    throw new AppError('FORBIDDEN', reason);
  }

  async forUser(req: FastifyRequest, userId: string): Promise<RoleGrant[]> {
    await accountInScope(this.ctx, req, userId, 'user.read');
    return (await this.repo.forUser(userId)).map(presentGrant);
  }

  async list(req: FastifyRequest, f: { status?: RoleGrant['status'] | undefined; limit: number; cursor?: string | undefined }) {
    const scope = await listScope(this.ctx, req, 'role.grant');
    const rows = await this.repo.list({ scope, status: f.status, after: decodeCursor(f.cursor, isCursor), limit: f.limit });
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return { items: page.map(presentGrant), nextCursor: rows.length > f.limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null };
  }

  async create(req: FastifyRequest, userId: string, g: GrantRequest): Promise<RoleGrant> {
    const { p, row: grantee } = await accountInScope(this.ctx, req, userId, 'role.grant');
    const users = new UserRepository(this.ctx.db);
    const unit = await users.unitByCode(g.unit);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${g.unit} 的区划或网格`);
    let departmentId: string | null = null;
    if (g.department) {
      const d = await users.departmentByCode(g.department);
      if (!d) throw new AppError('VALIDATION_FAILED', `找不到代码为 ${g.department} 的职能部门`, { field: 'department' });
      if (d.unit_id !== unit.id) throw new AppError('VALIDATION_FAILED', `职能部门 ${d.name} 不属于 ${unit.name}`, { field: 'department' });
      departmentId = d.id;
    } else if (g.role === 'department_handler') {
      throw new AppError('VALIDATION_FAILED', '职能部门处置人员角色必须指定职能部门', { field: 'department' });
    }
    // Machines act through token scopes, and a resident account is not a staff account.
    if (grantee.kind === 'machine') throw new AppError('VALIDATION_FAILED', '机器账号不能被授予角色，请使用接口令牌的用途范围', { field: 'role' });
    if (grantee.kind === 'resident' && g.role !== 'resident') throw new AppError('VALIDATION_FAILED', '居民账号只能持有居民角色', { field: 'role' });

    const verdict = canGrant(p, { userId }, g.role, unit.path);
    if (!verdict.ok) return this.denied(req, p, 'role.grant', verdict.reason, userId, unit.path);
    const conflict = separationConflict(await this.repo.liveRoles(userId), g.role);
    if (conflict) return this.denied(req, p, 'role.grant', `三权分立：该账号已持有或正在申请${roleNames[conflict].zh}，不能再担任${roleNames[g.role].zh}`, userId, unit.path);

    const pending = needsApproval(g.role, unit.path, this.ctx.config.grantApprovalLevel);
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new GrantRepository(trx);
      const id = await repo.insert({ userId, role: g.role, unitId: unit.id, departmentId, path: unit.path, status: pending ? 'pending' : 'active', reason: g.reason, requestedBy: p.userId });
      if (!id) throw new AppError('CONFLICT', `该账号在${unit.name}已持有或正在申请${roleNames[g.role].zh}角色`, undefined, 'The account already holds or awaits this role there');
      const row = (await repo.byId(id))!;
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'role.grant'), action: pending ? 'role.grant_request' : 'role.grant', resourceType: 'role_grant', resourceId: id, unitPath: unit.path, after: grantAuditView(row), detail: { reason: g.reason } },
        trx,
      );
      return id;
    });
    return presentGrant((await this.repo.byId(id))!);
  }

  /** A pending grant the caller may decide on: held `role.approve`, placed in its subtree (else 404), not its own request. */
  private async pendingFor(req: FastifyRequest, id: string): Promise<{ p: Principal; row: GrantRow }> {
    const p = await authorize(this.ctx, req, 'role.approve');
    const row = await this.repo.byId(id);
    if (!row || !can(p, 'role.grant', { path: row.path })) throw new AppError('NOT_FOUND', '找不到该授权申请', undefined, 'No such grant');
    if (row.status !== 'pending') throw new AppError('CONFLICT', '该授权已处理，无需再审批', { status: row.status }, 'The grant was already decided');
    if (row.requested_by === p.userId) await this.denied(req, p, 'role.approve', '分级审批：审批人不能是申请人，请由另一位安全管理员审批', id, row.path);
    return { p, row };
  }

  async approve(req: FastifyRequest, id: string, note: string | undefined): Promise<RoleGrant> {
    const { p, row } = await this.pendingFor(req, id);
    // The approver must itself be allowed to make this grant (not to itself, 安全管理员 only at district level).
    const verdict = canGrant(p, { userId: row.user_id }, row.role as Role, row.path);
    if (!verdict.ok) await this.denied(req, p, 'role.approve', verdict.reason, id, row.path);
    const conflict = separationConflict(await this.repo.liveRoles(row.user_id), row.role as Role);
    if (conflict) await this.denied(req, p, 'role.approve', `三权分立：该账号已持有或正在申请${roleNames[conflict].zh}`, id, row.path);
    return this.decide(req, p, row, 'active', note);
  }

  async reject(req: FastifyRequest, id: string, note: string | undefined): Promise<RoleGrant> {
    const { p, row } = await this.pendingFor(req, id);
    return this.decide(req, p, row, 'rejected', note);
  }

  private async decide(req: FastifyRequest, p: Principal, row: GrantRow, to: 'active' | 'rejected', note: string | undefined): Promise<RoleGrant> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new GrantRepository(trx);
      if (!(await repo.decide(row.id, to, p.userId))) throw new AppError('CONFLICT', '该授权已被他人处理', undefined, 'Someone else decided first');
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'role.approve'),
          action: to === 'active' ? 'role.approve' : 'role.reject',
          resourceType: 'role_grant',
          resourceId: row.id,
          unitPath: row.path,
          before: { status: 'pending' },
          after: { ...grantAuditView(row), status: to },
          ...(note ? { detail: { note } } : {}),
        },
        trx,
      );
    });
    return presentGrant((await this.repo.byId(row.id))!);
  }

  /** Ends a live grant (or withdraws a pending request) at once; the same rules as granting it. */
  async revoke(req: FastifyRequest, id: string): Promise<RoleGrant> {
    const p = await authorize(this.ctx, req, 'role.grant');
    const row = await this.repo.byId(id);
    if (!row || !can(p, 'role.grant', { path: row.path })) throw new AppError('NOT_FOUND', '找不到该授权', undefined, 'No such grant');
    if (row.status !== 'active' && row.status !== 'pending') throw new AppError('CONFLICT', '该授权已失效，无需撤销', { status: row.status }, 'The grant is no longer live');
    const verdict = canGrant(p, { userId: row.user_id }, row.role as Role, row.path);
    if (!verdict.ok) await this.denied(req, p, 'role.revoke', verdict.reason.replace('授予', '撤销'), id, row.path);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await new GrantRepository(trx).revoke(id, row.status as 'active' | 'pending', p.userId))) throw new AppError('CONFLICT', '该授权已被他人处理', undefined, 'Someone else changed it first');
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'role.grant'), action: 'role.revoke', resourceType: 'role_grant', resourceId: id, unitPath: row.path, before: grantAuditView(row), after: { status: 'revoked' } },
        trx,
      );
    });
    return presentGrant((await this.repo.byId(id))!);
  }
}
