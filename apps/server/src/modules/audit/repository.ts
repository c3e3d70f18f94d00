import { type Kysely, type Selectable, sql } from 'kysely';
import type { AuditLogTable, DB } from '../../db/schema.js';
import type { AuditRecord } from './chain.js';

export type AuditRow = Selectable<AuditLogTable>;

export function rowToRecord(r: AuditRow): AuditRecord & { hash: string } {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actingRole: r.acting_role,
    action: r.action,
    outcome: r.outcome,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    unitPath: r.unit_path,
    before: r.before,
    after: r.after,
    detail: r.detail,
    ip: r.ip,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** SQL of the audit trail: append under the head lock, read in seq order. */
export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Locks the chain head for this transaction: concurrent appends take turns here. */
  async lockHead(): Promise<{ seq: number; hash: string }> {
    const r = await sql<{ seq: string | number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(this.db);
    const row = r.rows[0]!;
    return { seq: Number(row.seq), hash: row.hash };
  }

  async insert(r: AuditRecord, hash: string): Promise<void> {
    await this.insertMany([{ record: r, hash }]);
  }

  /** Consecutive records in one insert, then the head moves to the last of them. */
  async insertMany(rs: { record: AuditRecord; hash: string }[]): Promise<void> {
    if (rs.length === 0) return;
    await this.db
      .insertInto('audit_log')
      .values(
        rs.map(({ record: r, hash }) => ({
          seq: r.seq,
          at: r.at,
          actor_id: r.actorId,
          actor_name: r.actorName,
          acting_role: r.actingRole,
          action: r.action,
          outcome: r.outcome,
          resource_type: r.resourceType,
          resource_id: r.resourceId,
          unit_path: r.unitPath,
          before: json(r.before),
          after: json(r.after),
          detail: json(r.detail),
          ip: r.ip,
          request_id: r.requestId,
          prev_hash: r.prevHash,
          hash,
        })),
      )
      .execute();
    const last = rs[rs.length - 1]!;
    await this.db.updateTable('audit_head').set({ seq: last.record.seq, hash: last.hash }).where('id', '=', 1).execute();
  }

  /** A page of the chain in seq order, for verification. */
  range(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  }

  head(): Promise<{ seq: number; hash: string }> {
    return this.db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
      .then((h) => ({ seq: Number(h.seq), hash: h.hash }));
  }
}
