import { type ResetPending, type UserAccount, type UserDetail, type UserListQuery, checkMobile } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor, isString } from '../../lib/cursor.js';
import { authorize, listScope } from '../identity/guard.js';
import { hashPassword, passwordProblems } from '../identity/password.js';
import { accountInScope, auditBase, refuseSelf } from './access.js';
import { GrantRepository } from './grant-repository.js';
import { auditSnapshot, phoneField, presentGrant, presentUser } from './presenter.js';
import { UserRepository, type UserRow } from './repository.js';
import { applyMfaReset, applyPasswordReset, ResetService, resetNeedsApproval } from './reset-service.js';

export interface NewAccount {
  username: string;
  displayName: string;
  phone: string;
  unit: string;
  department?: string | undefined;
  kind: 'staff' | 'resident';
  password: string;
}

export interface AccountChange {
  displayName?: string | undefined;
  phone?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
}

/** Normalised mobile number (the contract has already said why a bad one is bad). */
function mobile(input: string): string {
  const m = checkMobile(input);
  if (!m.ok) throw new AppError('VALIDATION_FAILED', m.reason, { field: 'phone' });
  return m.value;
}

function policy(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppError('PASSWORD_POLICY', `初始密码不符合要求：${problems.join('；')}`, { problems });
}

/** Accounts as the security administrator manages them, inside the subtrees it holds `user.*` for. */
export class UserService {
  private readonly repo: UserRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new UserRepository(ctx.db);
  }

  async list(req: FastifyRequest, f: UserListQuery): Promise<{ items: UserAccount[]; nextCursor: string | null }> {
    const scope = await listScope(this.ctx, req, 'user.read');
    let path: string | undefined;
    if (f.unit) {
      const u = await this.repo.unitByCode(f.unit);
      if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${f.unit} 的区划或网格`);
      path = u.path;
    }
    const phoneBidx = f.phone ? this.ctx.cipher.blindIndex('phone', mobile(f.phone)) : undefined;
    const rows = await this.repo.list({ scope, path, q: f.q, role: f.role, status: f.status, kind: f.kind, phoneBidx, after: decodeCursor(f.cursor, isString), limit: f.limit });
    const page = rows.slice(0, f.limit);
    return { items: page.map((r) => presentUser(r, this.ctx.cipher)), nextCursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]!.username) : null };
  }

  async get(req: FastifyRequest, id: string): Promise<UserDetail> {
    const { row } = await accountInScope(this.ctx, req, id, 'user.read');
    return this.detail(row);
  }

  private async detail(row: UserRow, db = this.ctx.db): Promise<UserDetail> {
    const grants = await new GrantRepository(db).forUser(row.id);
    return { ...presentUser(row, this.ctx.cipher), grants: grants.map(presentGrant) };
  }

  private async reload(id: string): Promise<UserDetail> {
    return this.detail((await this.repo.byId(id))!);
  }

  async create(req: FastifyRequest, a: NewAccount): Promise<UserDetail> {
    await authorize(this.ctx, req, 'user.manage');
    const unit = await this.repo.unitByCode(a.unit);
    if (!unit) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${a.unit} 的区划或网格`);
    // Units are public knowledge, so a unit outside the caller's subtree is a plain 403.
    const p = await authorize(this.ctx, req, 'user.manage', { path: unit.path, type: 'unit', id: unit.code });
    let departmentId: string | null = null;
    if (a.department) {
      const d = await this.repo.departmentByCode(a.department);
      if (!d) throw new AppError('VALIDATION_FAILED', `找不到代码为 ${a.department} 的职能部门`, { field: 'department' });
      if (d.unit_id !== unit.id) throw new AppError('VALIDATION_FAILED', `职能部门 ${d.name} 不属于 ${unit.name}`, { field: 'department' });
      departmentId = d.id;
    }
    policy(a.password, a.username);
    const phone = mobile(a.phone);
    const passwordHash = await hashPassword(a.password);
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new UserRepository(trx);
      const id = await repo.insert({
        username: a.username,
        displayName: a.displayName,
        kind: a.kind,
        phoneEnc: this.ctx.cipher.encrypt(phone, phoneField),
        phoneBidx: this.ctx.cipher.blindIndex('phone', phone),
        unitId: unit.id,
        departmentId,
        passwordHash,
        mustChangePassword: true,
      });
      if (!id) throw new AppError('CONFLICT', `用户名 ${a.username} 已被使用`, { field: 'username' }, 'The username is taken');
      const row = (await repo.byId(id))!;
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'user.manage'), action: 'user.create', resourceType: 'user', resourceId: id, unitPath: unit.path, after: { username: a.username, kind: a.kind, ...auditSnapshot(row, this.ctx.cipher) } },
        trx,
      );
      return id;
    });
    return this.reload(id);
  }

  async update(req: FastifyRequest, id: string, c: AccountChange): Promise<UserDetail> {
    const { p, row } = await accountInScope(this.ctx, req, id, 'user.manage');
    if (c.status === 'disabled') refuseSelf(p, id, '停用');
    const phone = c.phone !== undefined ? mobile(c.phone) : undefined;
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new UserRepository(trx);
      await repo.update(id, {
        ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
        ...(phone !== undefined ? { phoneEnc: this.ctx.cipher.encrypt(phone, phoneField), phoneBidx: this.ctx.cipher.blindIndex('phone', phone) } : {}),
        ...(c.status !== undefined ? { status: c.status } : {}),
      });
      // A disabled account is signed out everywhere at once (its API tokens stop working too: authenticate checks the status).
      const revoked = c.status === 'disabled' && row.status !== 'disabled' ? await repo.revokeSessions(id) : 0;
      const after = auditSnapshot((await repo.byId(id))!, this.ctx.cipher);
      const before = auditSnapshot(row, this.ctx.cipher);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
      const pick = (o: typeof after) => Object.fromEntries(changed.map((k) => [k, o[k]]));
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'user.manage'),
          action: c.status === 'disabled' && row.status !== 'disabled' ? 'user.disable' : c.status === 'active' && row.status !== 'active' ? 'user.enable' : 'user.update',
          resourceType: 'user',
          resourceId: id,
          unitPath: row.unit_path,
          before: pick(before),
          after: pick(after),
          ...(revoked ? { detail: { sessionsRevoked: revoked } } : {}),
        },
        trx,
      );
    });
    return this.reload(id);
  }

  async unlock(req: FastifyRequest, id: string): Promise<UserDetail> {
    const { p, row } = await accountInScope(this.ctx, req, id, 'user.manage');
    await this.ctx.db.transaction().execute(async (trx) => {
      await new UserRepository(trx).unlock(id);
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'user.manage'), action: 'user.unlock', resourceType: 'user', resourceId: id, unitPath: row.unit_path, before: { lockedUntil: row.locked_until ? new Date(row.locked_until).toISOString() : null }, after: { lockedUntil: null } },
        trx,
      );
    });
    return this.reload(id);
  }

  /**
   * Sets a new initial password. For an administrator account it only files a request a second
   * security administrator must approve (三权分立), the password hashed now so the approver never sees it.
   */
  async resetPassword(req: FastifyRequest, id: string, password: string, reason?: string): Promise<UserDetail | ResetPending> {
    const { p, row } = await accountInScope(this.ctx, req, id, 'user.manage');
    refuseSelf(p, id, '重置密码（请在个人设置中修改密码）');
    if (row.kind === 'machine') throw new AppError('CONFLICT', '机器账号没有密码，请改用接口令牌', undefined, 'Machine accounts have no password');
    policy(password, row.username);
    const hash = await hashPassword(password);
    if (resetNeedsApproval(row)) return new ResetService(this.ctx).request(req, p, row, 'password', hash, reason);
    await this.ctx.db.transaction().execute(async (trx) => {
      const revoked = await applyPasswordReset(trx, id, hash);
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'user.manage'), action: 'user.reset_password', resourceType: 'user', resourceId: id, unitPath: row.unit_path, after: { mustChangePassword: true }, detail: { sessionsRevoked: revoked } },
        trx,
      );
    });
    return this.reload(id);
  }

  /** Drops the second factor and its recovery codes (for an administrator account: once approved). */
  async resetMfa(req: FastifyRequest, id: string, reason?: string): Promise<UserDetail | ResetPending> {
    const { p, row } = await accountInScope(this.ctx, req, id, 'user.manage');
    refuseSelf(p, id, '重置动态验证码');
    if (resetNeedsApproval(row)) return new ResetService(this.ctx).request(req, p, row, 'mfa', null, reason);
    await this.ctx.db.transaction().execute(async (trx) => {
      const revoked = await applyMfaReset(trx, id);
      await this.ctx.audit.append(
        {
          ...auditBase(req, p, 'user.manage'),
          action: 'user.reset_mfa',
          resourceType: 'user',
          resourceId: id,
          unitPath: row.unit_path,
          before: { mfaEnabled: row.totp_enabled_at !== null },
          after: { mfaEnabled: false },
          detail: { sessionsRevoked: revoked },
        },
        trx,
      );
    });
    return this.reload(id);
  }
}
