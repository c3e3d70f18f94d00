import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import type { Principal } from './principal.js';
import { IdentityRepository } from './repository.js';
import { checkTotp, newRecoveryCodes, newTotpSecret, totpUri } from './totp.js';

const field = 'app_user.totp_secret';

/** TOTP enrolment: a secret stored encrypted but not yet enabled, then enabled by a first valid code. */
export class MfaService {
  private readonly repo: IdentityRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new IdentityRepository(ctx.db);
  }

  async start(p: Principal, requestId: string, ip: string | null): Promise<{ secret: string; otpauthUri: string }> {
    const user = (await this.repo.userById(p.userId))!;
    if (user.totp_enabled_at) throw new AppError('CONFLICT', '已绑定动态验证码；如需更换请联系安全管理员重置', undefined, 'TOTP is already set up');
    const secret = newTotpSecret();
    await this.repo.setTotp(p.userId, this.ctx.cipher.encrypt(secret, field), false);
    await this.ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.mfa_enroll_start', resourceType: 'user', resourceId: p.userId, ip, requestId });
    return { secret, otpauthUri: totpUri(secret, user.username) };
  }

  async confirm(p: Principal, code: string, requestId: string, ip: string | null): Promise<string[]> {
    const user = (await this.repo.userById(p.userId))!;
    if (user.totp_enabled_at) throw new AppError('CONFLICT', '已绑定动态验证码', undefined, 'TOTP is already set up');
    if (!user.totp_secret_enc) throw new AppError('VALIDATION_FAILED', '请先开始绑定，再输入验证码', undefined, 'Start enrolment first');
    const secret = this.ctx.cipher.decrypt(user.totp_secret_enc, field);
    if (!checkTotp(secret, user.username, code)) {
      await this.ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.mfa_enroll_confirm', outcome: 'failure', resourceType: 'user', resourceId: p.userId, ip, requestId });
      throw new AppError('MFA_INVALID', '验证码不正确，请确认手机时间准确后重试');
    }
    const codes = newRecoveryCodes();
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new IdentityRepository(trx);
      await repo.setTotp(p.userId, user.totp_secret_enc, true);
      await repo.replaceRecoveryCodes(p.userId, codes.hashes);
      await this.ctx.audit.append({ actorId: p.userId, actorName: p.username, action: 'auth.mfa_enroll_confirm', resourceType: 'user', resourceId: p.userId, ip, requestId }, trx);
    });
    return codes.plain;
  }
}
