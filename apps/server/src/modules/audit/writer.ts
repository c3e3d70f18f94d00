import type { Kysely } from 'kysely';
import type { CryptoSuite } from '../../crypto/digest.js';
import type { DB } from '../../db/schema.js';
import { type AuditRecord, recordHash } from './chain.js';
import { AuditRepository } from './repository.js';

/** What a use case says about what happened; the writer adds sequence, time and the chain. */
export interface AuditEntry {
  actorId?: string | null;
  actorName?: string | null;
  actingRole?: string | null;
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  resourceType?: string | null;
  resourceId?: string | null;
  unitPath?: string | null;
  /** Changed fields before and after, personal data already masked by the caller. */
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

/** The record's fields from an entry (defaults filled in); sequence and chain link are added by whoever appends. */
export function recordFields(e: AuditEntry, at: Date): Omit<AuditRecord, 'seq' | 'prevHash'> {
  return {
    at,
    actorId: e.actorId ?? null,
    actorName: e.actorName ?? null,
    actingRole: e.actingRole ?? null,
    action: e.action,
    outcome: e.outcome ?? 'success',
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    unitPath: e.unitPath ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    detail: e.detail ?? null,
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
  };
}

/**
 * Appends to the chained audit trail. Pass the transaction that makes the change so the change and
 * its record commit together; with the plain database handle it opens its own transaction.
 */
export class AuditWriter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly suite: CryptoSuite,
  ) {}

  async append(entry: AuditEntry, trx?: Kysely<DB>): Promise<number> {
    if (trx) return this.appendIn(trx, entry);
    return this.db.transaction().execute((t) => this.appendIn(t, entry));
  }

  /** Several records chained in order inside the caller's transaction, with one lock and one insert. */
  async appendMany(entries: AuditEntry[], trx: Kysely<DB>): Promise<number[]> {
    if (entries.length === 0) return [];
    const repo = new AuditRepository(trx);
    let head = await repo.lockHead();
    const at = new Date();
    const rs = entries.map((e) => {
      const record: AuditRecord = { seq: head.seq + 1, ...recordFields(e, at), prevHash: head.hash };
      const hash = recordHash(this.suite, record);
      head = { seq: record.seq, hash };
      return { record, hash };
    });
    await repo.insertMany(rs);
    return rs.map((r) => r.record.seq);
  }

  private async appendIn(db: Kysely<DB>, e: AuditEntry): Promise<number> {
    const [seq] = await this.appendMany([e], db);
    return seq!;
  }
}
