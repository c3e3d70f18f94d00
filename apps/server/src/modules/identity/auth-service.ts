import { mfaRequiredRoles } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { maskText } from '../../http/log-redact.js';
import type { AuditEntry } from '../audit/writer.js';
import { burnVerify, hashPassword, passwordHistoryDepth, passwordProblems, verifyPassword } from './password.js';
import type { SessionStage } from './principal.js';
import { IdentityRepository } from './repository.js';
import { hashSecret, newSecret } from './session-tokens.js';
import { hashRecoveryCode, totpStep } from './totp.js';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface LoginResult {
  token: string;
  sessionId: string;
  userId: string;
  stage: SessionStage;
  expiresAt: Date;
}

/**
 * Sign-in: password (argon2id), lockout after repeated failures, second factor where required,
 * and a database session whose stage says what must happen before the account can act.
 * Every outcome is audited; a failure never says whether the username exists.
 */
export class AuthService {
  private readonly repo: IdentityRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new IdentityRepository(ctx.db);
  }

  private audit(e: AuditEntry) {
    return this.ctx.audit.append(e);
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const { config } = this.ctx;
    const base = { action: 'auth.login', resourceType: 'user', ip: input.ip, requestId: input.requestId };
    const user = await this.repo.userByUsername(input.username);
    if (!user || user.status !== 'active' || user.kind === 'machine') {
      await burnVerify(input.password);
      // People type their phone number as the username: never keep it in plain text.
      await this.audit({ ...base, outcome: 'failure', actorName: maskText(input.username.slice(0, 50)), detail: { reason: 'unknown_or_disabled' } });
      throw new AppError('INVALID_CREDENTIALS');
    }
    const actor = { actorId: user.id, actorName: user.username, resourceId: user.id };
    const passwordOk = await verifyPassword(user.password_hash, input.password);
    if (user.locked_until && new Date(user.locked_until) > new Date()) {
      await this.audit({ ...base, ...actor, outcome: 'failure', detail: { reason: 'locked' } });
      // Only someone who knows the password learns that the account is locked.
      if (!passwordOk) throw new AppError('INVALID_CREDENTIALS');
      const minutes = Math.ceil((new Date(user.locked_until).getTime() - Date.now()) / 60_000);
      throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`, { minutes }, `Locked; try again in ${minutes} min`);
    }
    if (!passwordOk) {
      const f = await this.repo.recordFailedLogin(user.id, config.lockoutAttempts, config.lockoutMinutes);
      await this.audit({ ...base, ...actor, outcome: 'failure', detail: { reason: 'wrong_password', failedLogins: f.failed, locked: Boolean(f.lockedUntil) } });
      throw new AppError('INVALID_CREDENTIALS');
    }

    const grants = await this.repo.activeGrants(user.id);
    const mfaRole = grants.some((g) => mfaRequiredRoles.includes(g.role));
    const mfaRequired = user.totp_enabled_at !== null || (mfaRole && (!user.is_demo || config.demoMfa));
    if (mfaRequired && user.totp_enabled_at && user.totp_secret_enc) {
      if (!input.totp && !input.recoveryCode) {
        await this.audit({ ...base, ...actor, outcome: 'failure', detail: { reason: 'mfa_missing' } });
        throw new AppError('MFA_REQUIRED');
      }
      const secret = this.ctx.cipher.decrypt(user.totp_secret_enc, 'app_user.totp_secret');
      const step = input.totp ? totpStep(secret, user.username, input.totp) : null;
      const ok = input.totp
        ? step !== null && (await this.repo.useTotpStep(user.id, step))
        : await this.repo.useRecoveryCode(user.id, hashRecoveryCode(input.recoveryCode!));
      if (!ok) {
        const f = await this.repo.recordFailedLogin(user.id, config.lockoutAttempts, config.lockoutMinutes);
        await this.audit({ ...base, ...actor, outcome: 'failure', detail: { reason: 'mfa_invalid', failedLogins: f.failed } });
        throw new AppError('MFA_INVALID');
      }
    }

    await this.repo.clearFailedLogins(user.id);
    const stage: SessionStage =
      user.must_change_password && !user.is_demo ? 'password_change' : mfaRequired && !user.totp_enabled_at ? 'mfa_enrollment' : 'active';
    const token = newSecret();
    const expiresAt = new Date(Date.now() + config.sessionMaxHours * 3_600_000);
    const session = await this.repo.createSession({
      tokenHash: hashSecret(token),
      userId: user.id,
      stage,
      csrfToken: newSecret(),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt,
    });
    await this.audit({ ...base, ...actor, actingRole: grants[0]?.role ?? null, detail: { stage, sessionId: session.id, mfa: Boolean(user.totp_enabled_at) } });
    return { token, sessionId: session.id, userId: user.id, stage, expiresAt };
  }

  /** Changes the password under the policy; ends the forced-change stage and every other session. */
  async changePassword(userId: string, sessionId: string, current: string, next: string, requestId: string, ip: string | null): Promise<SessionStage> {
    const user = await this.repo.userById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.audit({ action: 'auth.password_change', outcome: 'failure', actorId: user.id, actorName: user.username, resourceType: 'user', resourceId: user.id, requestId, ip, detail: { reason: 'wrong_current' } });
      throw new AppError('INVALID_CREDENTIALS', '当前密码不正确', undefined, 'The current password is wrong');
    }
    const problems = passwordProblems(next, user.username);
    for (const old of await this.repo.recentPasswordHashes(user.id, passwordHistoryDepth)) {
      if (await verifyPassword(old, next)) {
        problems.push(`不能与最近 ${passwordHistoryDepth} 次使用过的密码相同`);
        break;
      }
    }
    if (problems.length) throw new AppError('PASSWORD_POLICY', `新密码不符合要求：${problems.join('；')}`, { problems });
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new IdentityRepository(trx);
      await repo.setPassword(user.id, await hashPassword(next), false);
      await repo.revokeAllSessions(user.id, sessionId);
      await this.ctx.audit.append({ action: 'auth.password_change', actorId: user.id, actorName: user.username, resourceType: 'user', resourceId: user.id, requestId, ip }, trx);
    });
    return this.advanceStage(user.id, sessionId);
  }

  /** After a password change or enrolment: the next stage this session must pass, or active. */
  async advanceStage(userId: string, sessionId: string): Promise<SessionStage> {
    const user = (await this.repo.userById(userId))!;
    const grants = await this.repo.activeGrants(userId);
    const mfaRole = grants.some((g) => mfaRequiredRoles.includes(g.role));
    const needsMfa = mfaRole && (!user.is_demo || this.ctx.config.demoMfa) && !user.totp_enabled_at;
    const stage: SessionStage = user.must_change_password && !user.is_demo ? 'password_change' : needsMfa ? 'mfa_enrollment' : 'active';
    await this.repo.setSessionStage(sessionId, stage);
    return stage;
  }
}
