import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditRow } from './repository.js';

/** Search criteria, already parsed: exact matches, a half-open time range [from, to). */
export interface AuditSearch {
  actorId?: string;
  actorName?: string;
  action?: string;
  /** `auth.` for `auth.*`. */
  actionPrefix?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  outcome?: 'success' | 'failure' | 'denied';
}

export type AuditListRow = AuditRow & { unit_name: string | null };

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads of the audit trail for its administrator, newest first (writes live in repository.ts). */
export class AuditQueryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Up to `limit` records with seq below `beforeSeq`, newest first, with the name of the unit they concern. */
  search(s: AuditSearch, limit: number, beforeSeq?: number): Promise<AuditListRow[]> {
    let q = this.db
      .selectFrom('audit_log')
      .leftJoin('jurisdiction_unit as u', 'u.path', 'audit_log.unit_path')
      .selectAll('audit_log')
      .select('u.name as unit_name');
    q = where(q, s);
    if (beforeSeq !== undefined) q = q.where('audit_log.seq', '<', beforeSeq);
    return q.orderBy('audit_log.seq', 'desc').limit(limit).execute() as Promise<AuditListRow[]>;
  }
}

function where<O>(q: SelectQueryBuilder<DB & { u: DB['jurisdiction_unit'] }, 'audit_log' | 'u', O>, s: AuditSearch) {
  if (s.actorId) q = q.where('audit_log.actor_id', '=', s.actorId);
  if (s.actorName) q = q.where('audit_log.actor_name', '=', s.actorName);
  if (s.action) q = q.where('audit_log.action', '=', s.action);
  if (s.actionPrefix) q = q.where('audit_log.action', 'like', `${likeEscape(s.actionPrefix)}%`);
  if (s.resourceType) q = q.where('audit_log.resource_type', '=', s.resourceType);
  if (s.resourceId) q = q.where('audit_log.resource_id', '=', s.resourceId);
  if (s.from) q = q.where('audit_log.at', '>=', s.from);
  if (s.to) q = q.where('audit_log.at', '<', s.to);
  if (s.outcome) q = q.where('audit_log.outcome', '=', s.outcome);
  return q;
}
