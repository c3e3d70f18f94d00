import type { ApiToken } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { authorize } from '../identity/guard.js';
import { hashSecret, newSecret } from '../identity/session-tokens.js';
import { auditBase } from './access.js';
import { presentToken } from './presenter.js';
import { UserRepository } from './repository.js';
import { TokenRepository } from './token-repository.js';

export interface NewToken {
  name: string;
  username: string;
  scopes: string[];
  expiresAt?: string | undefined;
}

/** Tokens start with this so a leaked one is recognisable (secret scanners, logs). */
export const tokenPrefix = 'gzt_';
/** How much of a token is kept in clear to tell tokens apart. */
const shownChars = 12;

/**
 * Machine tokens (the system administrator's duty): each acts as a machine account, carries
 * scopes that the interfaces check, is shown once and stored hashed, and can be revoked.
 */
export class TokenService {
  private readonly repo: TokenRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new TokenRepository(ctx.db);
  }

  async list(req: FastifyRequest): Promise<ApiToken[]> {
    await authorize(this.ctx, req, 'api_token.manage');
    return (await this.repo.list()).map(presentToken);
  }

  async create(req: FastifyRequest, t: NewToken): Promise<ApiToken & { token: string }> {
    const p = await authorize(this.ctx, req, 'api_token.manage');
    const expiresAt = t.expiresAt ? new Date(t.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError('VALIDATION_FAILED', '过期时间必须晚于现在', { field: 'expiresAt' }, 'expiresAt must be in the future');
    const existing = await this.repo.machineUser(t.username);
    if (existing && existing.kind !== 'machine') throw new AppError('CONFLICT', `用户名 ${t.username} 属于人员账号，接口令牌只能属于机器账号`, { field: 'username' }, 'That username belongs to a person');
    if (existing && existing.status !== 'active') throw new AppError('CONFLICT', `机器账号 ${t.username} 已停用，请先由安全管理员启用`, { field: 'username' }, 'That machine account is disabled');
    const root = await new UserRepository(this.ctx.db).rootUnit();
    if (!root) throw new AppError('UNIT_NOT_FOUND', '尚未导入行政区划，无法创建机器账号');

    const token = `${tokenPrefix}${newSecret()}`;
    const base = auditBase(req, p, 'api_token.manage');
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      let userId = existing?.id;
      if (!userId) {
        const users = new UserRepository(trx);
        userId = await users.insert({
          username: t.username,
          displayName: `机器账号 ${t.username}`.slice(0, 50),
          kind: 'machine',
          phoneEnc: null,
          phoneBidx: null,
          unitId: root.id,
          departmentId: null,
          passwordHash: null,
          mustChangePassword: false,
        });
        if (!userId) throw new AppError('CONFLICT', `用户名 ${t.username} 已被占用，请重试`, { field: 'username' });
        await this.ctx.audit.append({ ...base, action: 'user.create', resourceType: 'user', resourceId: userId, unitPath: root.path, after: { username: t.username, kind: 'machine' } }, trx);
      }
      const id = await new TokenRepository(trx).insert({ name: t.name, prefix: token.slice(0, shownChars), tokenHash: hashSecret(token), userId, scopes: t.scopes, createdBy: p.userId, expiresAt });
      await this.ctx.audit.append(
        { ...base, action: 'api_token.create', resourceType: 'api_token', resourceId: id, after: { name: t.name, user: t.username, scopes: t.scopes, prefix: token.slice(0, shownChars), expiresAt: expiresAt?.toISOString() ?? null } },
        trx,
      );
      return id;
    });
    return { ...presentToken((await this.repo.byId(id))!), token };
  }

  async revoke(req: FastifyRequest, id: string): Promise<ApiToken> {
    const p = await authorize(this.ctx, req, 'api_token.manage');
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('NOT_FOUND', '找不到该接口令牌', undefined, 'No such token');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await new TokenRepository(trx).revoke(id, p.userId))) throw new AppError('CONFLICT', '该接口令牌已吊销', undefined, 'The token is already revoked');
      await this.ctx.audit.append(
        { ...auditBase(req, p, 'api_token.manage'), action: 'api_token.revoke', resourceType: 'api_token', resourceId: id, before: { name: row.name, prefix: row.prefix, revokedAt: null }, after: { revoked: true } },
        trx,
      );
    });
    return presentToken((await this.repo.byId(id))!);
  }
}
