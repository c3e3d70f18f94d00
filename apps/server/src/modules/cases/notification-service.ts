import type { CaseNotification, CaseNotificationListQuery, CaseNotificationPage, CaseStatus } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { toShanghaiIso } from '../calendar/working-calendar.js';
import type { Principal } from '../identity/principal.js';
import { NotificationRepository, type NotificationRow } from './notification-repository.js';
import { type CaseScope, caseScope } from './scope.js';

type Cursor = { id: number };
const isCursor = (v: unknown): v is Cursor => !!v && typeof v === 'object' && Number.isSafeInteger((v as Cursor).id);

/** Deadline notices for the people in charge: dispatchers and administrators by place, handlers by department. */
export class CaseNotificationService {
  constructor(private readonly ctx: AppContext) {}

  private scopeOf(p: Principal): CaseScope {
    const scope = caseScope(p, 'case.read');
    // Residents and staff without case rights have no notices to see.
    if (p.kind === 'resident' || (scope.paths.length === 0 && scope.departmentIds.length === 0)) throw new AppError('FORBIDDEN');
    return scope;
  }

  async list(p: Principal, q: CaseNotificationListQuery): Promise<CaseNotificationPage> {
    const scope = this.scopeOf(p);
    const after = decodeCursor(q.cursor, isCursor);
    const rows = await new NotificationRepository(this.ctx.db).list({ scope, unread: q.unread, kind: q.kind, caseId: q.caseId, beforeId: after?.id, limit: q.limit });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map(present), nextCursor: rows.length > q.limit && last ? encodeCursor({ id: Number(last.id) }) : null };
  }

  /** Idempotent: reading a notice already read answers it unchanged (first reader kept). */
  async markRead(p: Principal, id: string): Promise<CaseNotification> {
    const scope = this.scopeOf(p);
    const n = Number(id);
    const repo = new NotificationRepository(this.ctx.db);
    await repo.markRead(n, p.userId, scope);
    const row = await repo.find(n, scope);
    if (!row) throw new AppError('NOT_FOUND', '找不到该提醒');
    return present(row);
  }
}

function present(r: NotificationRow): CaseNotification {
  return {
    id: String(r.id),
    kind: r.kind,
    message: r.message,
    case: { id: r.case_id, number: r.case_number, title: r.case_title, status: r.case_status as CaseStatus },
    department: r.department_id ? { id: r.department_id, name: r.department_name ?? '' } : null,
    path: r.path,
    createdAt: toShanghaiIso(r.created_at),
    readAt: r.read_at ? toShanghaiIso(r.read_at) : null,
    readBy: r.read_by ? { id: r.read_by, name: r.read_by_name ?? '' } : null,
  };
}
