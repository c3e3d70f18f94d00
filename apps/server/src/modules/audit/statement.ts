import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { CryptoSuite } from '../../crypto/digest.js';
import type { AuditLogTable } from '../../db/schema.js';
import { type AuditRecord, canonicalJson } from './chain.js';
import { type AuditEntry, recordFields } from './writer.js';

// Random per process: no text a user writes into a record can imitate a marker.
const nonce = randomBytes(12).toString('hex');
const seqMarker = `@@gz-audit-seq-${nonce}@@`;

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Whether to append inside the statement: on PostgreSQL under the standard suite. Under 国密 the
 * database has no SM3. On the embedded database (one session: nothing runs concurrently, so a
 * shorter lock gains nothing) pgcrypto's digest was seen to fail for a whole process run ("Cipher
 * cannot be initialized"); there the caller appends through AuditWriter in its transaction.
 */
export const auditInStatement = (suite: CryptoSuite, dbKind: 'embedded' | 'postgres'): boolean => suite === 'standard' && dbKind === 'postgres';

/** The arguments of `gz_audit_append` (migration 0007) for one record, as a JSON-able row: the stored columns the function does not compute, and what it hashes. */
export type AuditAppendRow = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'> & {
  /** The record's canonical JSON without prevHash, with `marker` where the sequence number goes. */
  canonical: string;
  marker: string;
};

/** Only where auditInStatement says so. */
export function auditAppendRow(e: AuditEntry): AuditAppendRow {
  const record: Omit<AuditRecord, 'seq' | 'prevHash'> & { seq: string } = { seq: seqMarker, ...recordFields(e, new Date()) };
  return {
    at: record.at,
    actor_id: record.actorId,
    actor_name: record.actorName,
    acting_role: record.actingRole,
    action: record.action,
    outcome: record.outcome,
    resource_type: record.resourceType,
    resource_id: record.resourceId,
    unit_path: record.unitPath,
    before: record.before,
    after: record.after,
    detail: record.detail,
    ip: record.ip,
    request_id: record.requestId,
    // chain.ts hashes canonicalJson of the record without prevHash; seq is a JSON number there.
    canonical: canonicalJson(record),
    marker: JSON.stringify(seqMarker),
  };
}

/**
 * The audit append as an SQL expression to place inside the statement that makes the change,
 * after the change's own writes. It locks the chain head there, so the lock lasts only until that
 * statement commits.
 */
export function auditAppendSql(r: AuditAppendRow): RawBuilder<number> {
  return sql<number>`gz_audit_append(${r.at}::timestamptz, ${r.actor_id}::uuid, ${r.actor_name}::text, ${r.acting_role}::text,
    ${r.action}::text, ${r.outcome}::text, ${r.resource_type}::text, ${r.resource_id}::text, ${r.unit_path}::ltree,
    ${json(r.before)}::jsonb, ${json(r.after)}::jsonb, ${json(r.detail)}::jsonb, ${r.ip}::text, ${r.request_id}::text,
    ${r.canonical}::text, ${r.marker}::text)`;
}

/**
 * The same append for each of `rows`, in statement text that does not change with their number
 * (a prepared statement): `join` brings them in as `a`, for the caller to match with
 * `ON a.case_id = …`; `call` appends the matched row's record (NULL where none matched).
 */
export function auditAppendJoined(rows: (AuditAppendRow & { case_id: string })[]) {
  return {
    join: sql`LEFT JOIN jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS a(case_id uuid, at timestamptz, actor_id uuid, actor_name text,
      acting_role text, action text, outcome text, resource_type text, resource_id text, unit_path ltree, before jsonb, after jsonb, detail jsonb,
      ip text, request_id text, canonical text, marker text)`,
    call: sql<number | null>`CASE WHEN a.case_id IS NOT NULL THEN gz_audit_append(a.at, a.actor_id, a.actor_name, a.acting_role, a.action, a.outcome,
      a.resource_type, a.resource_id, a.unit_path, a.before, a.after, a.detail, a.ip, a.request_id, a.canonical, a.marker) END`,
  };
}
