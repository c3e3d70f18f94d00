import { type CryptoSuite, digestHex } from '../../crypto/digest.js';

/** One audit record as it is hashed: every stored column but the hash itself. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actingRole: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  resourceType: string | null;
  resourceId: string | null;
  unitPath: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
}

export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every depth: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` or `sm3:<hex>`: the algorithm travels with the hash, so a chain can change suite. */
export function recordHash(suite: CryptoSuite, r: AuditRecord): string {
  const algo = suite === 'sm' ? 'sm3' : 'sha256';
  return `${algo}:${digestHex(suite, `${r.prevHash}\n${canonicalJson({ ...r, prevHash: undefined })}`)}`;
}

export function suiteOfHash(hash: string): CryptoSuite | null {
  if (hash.startsWith('sha256:')) return 'standard';
  if (hash.startsWith('sm3:')) return 'sm';
  return null;
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Walks records in seq order from `prevHash`: the first record whose stored hash or link does not
 * match, or a gap in seq (a deleted record), is the break.
 */
export function verifyRecords(records: (AuditRecord & { hash: string })[], start: { seq: number; hash: string }): { last: { seq: number; hash: string }; broken: ChainBreak | null } {
  let last = start;
  for (const r of records) {
    if (r.seq !== last.seq + 1) return { last, broken: { seq: last.seq + 1, reason: `记录 ${last.seq + 1} 缺失（被删除）` } };
    if (r.prevHash !== last.hash) return { last, broken: { seq: r.seq, reason: `记录 ${r.seq} 的前序哈希与记录 ${last.seq} 不一致` } };
    const suite = suiteOfHash(r.hash);
    // The stored hash is not part of what was hashed.
    if (!suite || recordHash(suite, { ...r, hash: undefined } as AuditRecord) !== r.hash) return { last, broken: { seq: r.seq, reason: `记录 ${r.seq} 的内容与其哈希不符（被修改）` } };
    last = { seq: r.seq, hash: r.hash };
  }
  return { last, broken: null };
}
