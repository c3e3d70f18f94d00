import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { CryptoSuite } from '../../crypto/digest.js';
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

/**
 * The audit append as an SQL expression (`gz_audit_append`, migration 0007) to place inside the
 * statement that makes the change, after the change's own writes. It locks the chain head there,
 * so the lock lasts only until that statement commits.
 * Only where auditInStatement says so.
 */
export function auditAppendSql(e: AuditEntry): RawBuilder<number> {
  const record: Omit<AuditRecord, 'seq' | 'prevHash'> & { seq: string } = { seq: seqMarker, ...recordFields(e, new Date()) };
  // chain.ts hashes canonicalJson of the record without prevHash; seq is a JSON number there.
  const canonical = canonicalJson(record);
  return sql<number>`gz_audit_append(${record.at}::timestamptz, ${record.actorId}::uuid, ${record.actorName}::text, ${record.actingRole}::text,
    ${record.action}::text, ${record.outcome}::text, ${record.resourceType}::text, ${record.resourceId}::text, ${record.unitPath}::ltree,
    ${json(record.before)}::jsonb, ${json(record.after)}::jsonb, ${json(record.detail)}::jsonb, ${record.ip}::text, ${record.requestId}::text,
    ${canonical}::text, ${JSON.stringify(seqMarker)}::text)`;
}
