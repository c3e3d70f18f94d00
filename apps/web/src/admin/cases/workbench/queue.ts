import type { CaseSummary } from '@gongzhi/contracts';
import { deadlineBadge, toneRank } from '../deadlines';

/** Why a case is in the dispatcher's queue (a case can be there for several reasons). */
export type QueueReason = 'new' | 'returned' | 'overdue' | 'supervised' | 'extension' | 'duplicate';
export const queueReasons: readonly QueueReason[] = ['new', 'returned', 'overdue', 'supervised', 'extension', 'duplicate'];

export interface QueueItem {
  c: CaseSummary;
  reasons: QueueReason[];
}

/**
 * The reasons a case itself shows (status, flags, and its deadline against the clock: a case past
 * its handling deadline counts as overdue before the deadline job's next scan marks it).
 */
export function reasonsOf(c: CaseSummary, now: number): QueueReason[] {
  const r: QueueReason[] = [];
  if (c.status === 'received') r.push('new');
  if (c.status === 'returned') r.push('returned');
  const badge = deadlineBadge(c, now);
  if (c.deadlines.overdue || (badge.tone === 'red' && badge.clock === 'handle')) r.push('overdue');
  if (c.flags.supervised) r.push('supervised');
  if (c.flags.extensionRequested) r.push('extension');
  if (c.duplicateOfId && (c.status === 'received' || c.status === 'returned')) r.push('duplicate');
  return r;
}

/**
 * One queue from the lists asked for (new and returned, overdue, supervised, extension requests):
 * each case once, red and yellow deadlines first, then the newest, so a case arriving live shows at
 * the top of its colour.
 */
export function buildQueue(lists: readonly (readonly CaseSummary[])[], now: number): QueueItem[] {
  const seen = new Map<string, CaseSummary>();
  for (const list of lists) for (const c of list) if (!seen.has(c.id)) seen.set(c.id, c);
  const items = [...seen.values()].map((c) => ({ c, reasons: reasonsOf(c, now), rank: toneRank(deadlineBadge(c, now).tone) }));
  items.sort((a, b) => a.rank - b.rank || Date.parse(b.c.receivedAt) - Date.parse(a.c.receivedAt) || (a.c.id < b.c.id ? -1 : 1));
  return items.filter((i) => i.reasons.length > 0).map(({ c, reasons }) => ({ c, reasons }));
}

/** How many queue items carry each reason (for the filter chips). */
export function countReasons(items: readonly QueueItem[]): Record<QueueReason, number> {
  const counts = Object.fromEntries(queueReasons.map((r) => [r, 0])) as Record<QueueReason, number>;
  for (const i of items) for (const r of i.reasons) counts[r] += 1;
  return counts;
}
