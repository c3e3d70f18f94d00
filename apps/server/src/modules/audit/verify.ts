import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type ChainBreak, genesisHash, verifyRecords } from './chain.js';
import { AuditRepository, rowToRecord } from './repository.js';

export interface VerifyResult {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** The last record whose link and hash checked out (0 when none did). */
  lastSeq: number;
  broken: ChainBreak | null;
  ms: number;
}

export const verifyPageSize = 5_000;

/**
 * Walks the whole chain in seq order, a page at a time, and names the first broken record.
 *
 * The head is read first: a record up to the head's seq was committed together with that head
 * (the writer updates both in one transaction), so every later page read sees it, and appends that
 * commit while the walk runs (seq beyond the head) are left for the next run. No long transaction
 * is held, which matters on the single-connection embedded database.
 *
 * Editing a row breaks its own hash; deleting one leaves a gap in seq; deleting the newest rows
 * leaves the head ahead of the last row; rewriting the newest row with a fresh hash leaves the
 * head's hash different from it.
 */
export async function verifyChain(db: Kysely<DB>, pageSize = verifyPageSize): Promise<VerifyResult> {
  const started = performance.now();
  const repo = new AuditRepository(db);
  const head = await repo.head();
  let last = { seq: 0, hash: genesisHash };
  let records = 0;
  let broken: ChainBreak | null = null;

  while (last.seq < head.seq) {
    const rows = (await repo.range(last.seq, pageSize)).filter((r) => Number(r.seq) <= head.seq);
    if (rows.length === 0) break;
    const r = verifyRecords(rows.map(rowToRecord), last);
    records += r.last.seq - last.seq;
    last = r.last;
    if (r.broken) {
      broken = r.broken;
      break;
    }
  }

  if (!broken) {
    if (last.seq < head.seq) {
      const missing = last.seq + 1 === head.seq ? `记录 ${head.seq}` : `记录 ${last.seq + 1}–${head.seq}`;
      broken = { seq: last.seq + 1, reason: `${missing} 缺失（链头指向记录 ${head.seq}，末尾记录被删除）` };
    } else if (last.hash !== head.hash) {
      broken = { seq: last.seq, reason: `记录 ${last.seq} 的哈希与链头不一致（末尾记录被改写）` };
    }
  }
  return { ok: broken === null, records, lastSeq: last.seq, broken, ms: Math.round(performance.now() - started) };
}
