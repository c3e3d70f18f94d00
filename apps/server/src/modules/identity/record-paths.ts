import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { RecordKind } from './route-policy.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where a record lies in the jurisdiction tree, for the route gate's scope check. Undefined when
 * the id is not even shaped like one (validation answers 400 later), null when there is no such record.
 */
export async function recordPath(ctx: AppContext, kind: RecordKind, id: string): Promise<string | null | undefined> {
  if (!uuid.test(id)) return undefined;
  const db = ctx.db;
  let row: { path: string | null } | undefined;
  switch (kind) {
    case 'user':
      row = await db
        .selectFrom('app_user as u')
        .leftJoin('jurisdiction_unit as ju', 'ju.id', 'u.unit_id')
        .select(sql<string | null>`ju.path::text`.as('path'))
        .where('u.id', '=', id)
        .executeTakeFirst();
      break;
    case 'resident':
    case 'household':
    case 'building':
    case 'compound':
    case 'verification_task':
      row = await db
        .selectFrom(kind)
        .select(sql<string>`path::text`.as('path'))
        .where('id', '=', id)
        .executeTakeFirst();
      break;
  }
  return row ? row.path : null;
}
