import type { ResidentChange } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Kind = ResidentChange['kind'];

/** field → { from?, to? }; personal values must already be masked (the table never holds a plain one). */
export type Changes = Record<string, { from?: unknown; to?: unknown }>;

export interface ChangeEntry {
  residentId: string | null;
  householdId: string | null;
  neighborhoodId: string;
  path: string;
  kind: Kind;
  changes: Changes;
  reason?: string | null | undefined;
  actorId: string | null;
}

/** Writes one history row inside the caller's transaction (the change and its record commit together). */
export async function recordChange(trx: Kysely<DB>, e: ChangeEntry): Promise<void> {
  await trx
    .insertInto('resident_change')
    .values({
      resident_id: e.residentId,
      household_id: e.householdId,
      neighborhood_id: e.neighborhoodId,
      path: e.path,
      kind: e.kind,
      changes: JSON.stringify(e.changes),
      reason: e.reason?.trim() || null,
      actor_id: e.actorId,
    })
    .execute();
}

/** Only the fields whose value differs, as { from, to }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const out: Changes = {};
  for (const k of Object.keys(after)) if (after[k] !== undefined && before[k] !== after[k]) out[k] = { from: before[k] ?? null, to: after[k] };
  return out;
}

/** History of a resident or a household, newest first. */
export async function listChanges(db: Kysely<DB>, by: { residentId: string } | { householdId: string }, limit = 200): Promise<ResidentChange[]> {
  let q = db
    .selectFrom('resident_change as rc')
    .leftJoin('resident as r', 'r.id', 'rc.resident_id')
    .leftJoin('app_user as u', 'u.id', 'rc.actor_id')
    .select(['rc.id', 'rc.kind', 'rc.resident_id', 'rc.household_id', 'rc.changes', 'rc.reason', 'rc.at', 'r.name_mask', 'u.display_name']);
  q = 'residentId' in by ? q.where('rc.resident_id', '=', by.residentId) : q.where('rc.household_id', '=', by.householdId);
  const rows = await q.orderBy('rc.at', 'desc').orderBy('rc.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    residentId: r.resident_id,
    householdId: r.household_id,
    residentName: r.name_mask,
    changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as Record<string, unknown>,
    reason: r.reason,
    actor: r.display_name,
    at: new Date(r.at).toISOString(),
  }));
}
