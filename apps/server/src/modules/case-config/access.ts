import { type Action, rolePermissions } from '@gongzhi/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/app-error.js';
import type { AuditEntry } from '../audit/writer.js';
import { CaseConfigRepository } from '../cases/config-repository.js';
import { CaseConfigCache, type CaseConfigSnapshot, caseConfigOf } from '../cases/config-cache.js';
import { authorize, requirePrincipal } from '../identity/guard.js';
import { can } from '../identity/policy.js';
import type { Principal } from '../identity/principal.js';
import { CaseConfigAdminRepository, type UnitRow } from './repository.js';

/** Who changes the configuration, from where: what every audit record of this module carries. */
export interface ConfigCaller {
  principal: Principal;
  ip: string;
  requestId: string;
}

export const callerOf = (req: FastifyRequest, principal: Principal): ConfigCaller => ({ principal, ip: req.ip, requestId: req.id });

export function auditBase(c: ConfigCaller): Omit<AuditEntry, 'action'> {
  const p = c.principal;
  return {
    actorId: p.userId,
    actorName: p.username,
    actingRole: p.grants.find((g) => rolePermissions[g.role].includes('case.configure'))?.role ?? null,
    ip: c.ip,
    requestId: c.requestId,
  };
}

/**
 * The places the configuration is scoped to. District-wide settings need `case.configure` at the
 * district; a 街镇's own 权责清单 rule needs it at that 街镇 (or above).
 */
export class ConfigPlaces {
  private districtRow: UnitRow | undefined;

  constructor(private readonly ctx: AppContext) {}

  async district(): Promise<UnitRow> {
    this.districtRow ??= await new CaseConfigAdminRepository(this.ctx.db).district();
    if (!this.districtRow) throw new AppError('UNIT_NOT_FOUND', '尚未导入本区行政区划');
    return this.districtRow;
  }

  async subdistrict(code: string): Promise<UnitRow> {
    const u = (await new CaseConfigAdminRepository(this.ctx.db).subdistricts()).find((s) => s.code === code);
    if (!u) throw new AppError('UNIT_NOT_FOUND', `街镇 ${code} 不存在`, { field: 'subdistrict' }, `No subdistrict ${code}`);
    return u;
  }

  /** 403 (audited) unless the caller may configure at `path`. */
  async configure(req: FastifyRequest, path?: string, resource: { type?: string; id?: string } = {}): Promise<ConfigCaller> {
    const at = path ?? (await this.district()).path;
    const p = await authorize(this.ctx, req, 'case.configure', { path: at, ...resource });
    return callerOf(req, p);
  }
}

/** Reading the 权责清单 and the deadline rules: staff who see cases, and the admins who configure them. */
export async function authorizeConfigRead(ctx: AppContext, req: FastifyRequest): Promise<Principal> {
  const p = requirePrincipal(req);
  const action: Action = can(p, 'case.read') ? 'case.read' : 'case.configure';
  return authorize(ctx, req, action);
}

/**
 * A snapshot read straight from the database: the admin screens must show what was just saved,
 * even when it was saved on another instance inside the shared cache's polling interval.
 */
export function freshSnapshot(db: Kysely<DB>): Promise<CaseConfigSnapshot> {
  return new CaseConfigCache(db, 0).get();
}

/**
 * After a committed change: this instance reloads now; the version stamp (bumped inside the
 * change's transaction) makes the others reload at their next poll.
 */
export async function bumpInside(trx: Kysely<DB>): Promise<void> {
  await new CaseConfigRepository(trx).bumpVersion(trx);
}

export function reloadLocal(ctx: AppContext): void {
  caseConfigOf(ctx).invalidate();
}
