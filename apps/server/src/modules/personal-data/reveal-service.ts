import { type RevealRequest, rolePermissions } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { maskText } from '../../http/log-redact.js';
import { can, withinPath } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { findRevealable } from './registry.js';
import { PersonalDataRepository } from './repository.js';

const action = 'personal_data.reveal' as const;

export interface RevealCall {
  /** As sent: may be incomplete when validation failed (the refusal is audited all the same). */
  request: Partial<Record<keyof RevealRequest, unknown>>;
  ip: string;
  requestId: string;
}

type Refusal = 'forbidden' | 'invalid' | 'unknown_field' | 'not_found' | 'rate_limited';

/**
 * Reveal one personal field of one record in plain text. Every attempt is audited with its reason,
 * field and record, never the value: refusals as `denied`, the reveal itself as `success` in the
 * same transaction that counts it against the caller's hourly limit.
 */
export class RevealService {
  private readonly repo: PersonalDataRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new PersonalDataRepository(ctx.db);
  }

  /** Step one, before the body is even looked at: the caller must hold the action somewhere (403). */
  async requireAction(p: Principal, call: RevealCall): Promise<void> {
    if (!can(p, action)) await this.refuse(p, call, 'forbidden', null, new AppError('FORBIDDEN', '没有查看个人信息明文的权限'));
  }

  /** Audits a request the contract rejected, then lets the caller throw the validation error. */
  async refuseInvalid(p: Principal, call: RevealCall): Promise<void> {
    await this.audit(p, call, 'invalid', null);
  }

  async reveal(p: Principal, call: RevealCall & { request: RevealRequest }): Promise<{ value: string | null }> {
    const { resourceType, id, field } = call.request;
    const f = findRevealable(resourceType, field);
    if (!f) {
      return this.refuse(p, call, 'unknown_field', null, new AppError('VALIDATION_FAILED', `不能查看该字段：${resourceType}.${field}`, undefined, `Field ${resourceType}.${field} cannot be revealed`));
    }
    const path = await this.repo.recordPath(f, id);
    // Missing and out of scope answer alike, so the answer does not confirm the record exists.
    if (!path || !can(p, action, { path })) return this.refuse(p, call, 'not_found', path ?? null, new AppError('NOT_FOUND'), f.field);

    const limit = this.ctx.config.revealPerHour;
    const out = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new PersonalDataRepository(trx);
      await repo.lockUser(p.userId);
      const used = await repo.revealsSince(p.userId, new Date(Date.now() - 3600_000));
      if (used >= limit) return { limited: true as const };
      const text = await repo.ciphertext(f, id);
      const value = text === null ? null : this.ctx.cipher.decrypt(text, f.field);
      await repo.recordReveal(p.userId);
      await this.ctx.audit.append(this.entry(p, call, path, f.field, 'success', null), trx);
      return { limited: false as const, value };
    });
    if (out.limited) {
      return this.refuse(
        p,
        call,
        'rate_limited',
        path,
        new AppError('RATE_LIMITED', `查看个人信息明文过于频繁：每小时最多 ${limit} 次，请稍后再试`, { perHour: limit }, `At most ${limit} reveals per hour; try again later`),
        f.field,
      );
    }
    return { value: out.value };
  }

  private async refuse(p: Principal, call: RevealCall, why: Refusal, path: string | null, err: AppError, field?: string): Promise<never> {
    await this.audit(p, call, why, path, field);
    throw err;
  }

  private async audit(p: Principal, call: RevealCall, why: Refusal, path: string | null, field?: string): Promise<void> {
    await this.ctx.audit.append(this.entry(p, call, path, field ?? null, 'denied', why));
  }

  private entry(p: Principal, call: RevealCall, path: string | null, field: string | null, outcome: 'success' | 'denied', refusal: Refusal | null) {
    const r = call.request;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? maskText(v.slice(0, max)) : null);
    // The grant that allows it (or, for a refusal, the caller's first role) is who they acted as.
    const grant = p.grants.find((g) => rolePermissions[g.role].includes(action) && (!path || withinPath(path, g.path))) ?? p.grants[0];
    return {
      actorId: p.userId,
      actorName: p.username,
      actingRole: grant?.role ?? null,
      action,
      outcome,
      resourceType: str(r.resourceType, 50),
      resourceId: str(r.id, 100),
      unitPath: path,
      // The reason is free text: anything in it that looks like an ID number or a phone is masked.
      detail: { field: field ?? str(r.field, 100), reason: str(r.reason, 200), ...(refusal ? { refusal } : {}) },
      ip: call.ip,
      requestId: call.requestId,
    };
  }
}
