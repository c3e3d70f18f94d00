import type { CaseNotificationKind } from '@gongzhi/contracts';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaseScope } from './scope.js';

export interface NotificationFilter {
  scope: CaseScope;
  unread?: boolean | undefined;
  kind?: CaseNotificationKind | undefined;
  caseId?: string | undefined;
  /** Keyset: notices older than this id. */
  beforeId?: number | undefined;
  limit: number;
}

/** Notices under the caller's grants (by path) or of the caller's departments (handlers). */
const inScope =
  (scope: CaseScope) =>
  (eb: ExpressionBuilder<DB & { n: DB['case_notification'] }, 'n'>) => {
    const ors = [];
    if (scope.paths.length) ors.push(eb(sql`n.path`, '<@', sql`ANY(${scope.paths}::ltree[])`));
    if (scope.departmentIds.length) ors.push(eb('n.department_id', '=', sql<string>`ANY(${scope.departmentIds}::uuid[])`));
    return ors.length ? eb.or(ors) : eb.val(false);
  };

/** SQL of the deadline notices for the people in charge. Scope applied here, in SQL. */
export class NotificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('case_notification as n')
      .innerJoin('case_record as c', 'c.id', 'n.case_id')
      .leftJoin('department as d', 'd.id', 'n.department_id')
      .leftJoin('app_user as u', 'u.id', 'n.read_by')
      .select([
        'n.id',
        'n.kind',
        'n.message',
        sql<string>`n.path::text`.as('path'),
        'n.created_at',
        'n.read_at',
        'n.read_by',
        'u.username as read_by_name',
        'n.department_id',
        'd.name as department_name',
        'c.id as case_id',
        'c.number as case_number',
        'c.title as case_title',
        'c.status as case_status',
      ]);
  }

  list(f: NotificationFilter) {
    let q = this.base().where(inScope(f.scope));
    if (f.unread === true) q = q.where('n.read_at', 'is', null);
    if (f.unread === false) q = q.where('n.read_at', 'is not', null);
    if (f.kind) q = q.where('n.kind', '=', f.kind);
    if (f.caseId) q = q.where('n.case_id', '=', f.caseId);
    if (f.beforeId !== undefined) q = q.where('n.id', '<', String(f.beforeId));
    return q.orderBy('n.id', 'desc').limit(f.limit + 1).execute();
  }

  find(id: number, scope: CaseScope) {
    return this.base().where(inScope(scope)).where('n.id', '=', String(id)).executeTakeFirst();
  }

  /** Marks read once (the first reader stays recorded). Scope checked in the same statement. */
  async markRead(id: number, userId: string, scope: CaseScope): Promise<void> {
    await this.db
      .updateTable('case_notification as n')
      .set({ read_at: sql`now()`, read_by: userId })
      .where('n.id', '=', String(id))
      .where('n.read_at', 'is', null)
      .where(inScope(scope))
      .execute();
  }
}

export type NotificationRow = NonNullable<Awaited<ReturnType<NotificationRepository['find']>>>;
