import type { AppContext } from '../context.js';
import type { CaseChange, CaseEventRelay } from '../modules/cases/events.js';
import type { ClusterLog, PgListener } from './pg-listener.js';

export const CASE_CHANNEL = 'gongzhi_case';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; keep a margin. */
export const MAX_PAYLOAD_BYTES = 7900;
/** Changes waiting to go out while the database is slow; beyond this the oldest are dropped (local subscribers already have them). */
const MAX_PENDING = 10_000;

/** On the wire: the origin instance and the change; `r` when the assisting departments were left out to fit and must be reloaded. */
interface Envelope {
  o: string;
  c: CaseChange;
  r?: 1;
}

/** The NOTIFY payload of a change. A CaseChange is small (ids, a path, a status) except for its list of assisting departments, which is unbounded: past the limit it goes by reference. */
export function encodeCaseChange(origin: string, change: CaseChange): string {
  const full = JSON.stringify({ o: origin, c: change } satisfies Envelope);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  return JSON.stringify({ o: origin, c: { ...change, assistDepartmentIds: [] }, r: 1 } satisfies Envelope);
}

/**
 * Carries case changes between instances. Local subscribers get a change at once from the bus;
 * this sends it to the others (batched: one NOTIFY statement per burst, in publication order) and
 * hands the others' changes to this instance's subscribers. Its own echo is skipped by origin, so
 * every subscriber sees each change once.
 */
export class PgCaseRelay implements CaseEventRelay {
  private pending: string[] = [];
  private flushing = false;
  /** How encodeCaseChange begins a payload of this instance's. */
  private readonly ownPrefix: string;

  constructor(
    private readonly ctx: AppContext,
    private readonly listener: PgListener,
    private readonly origin: string,
    private readonly log: ClusterLog,
  ) {
    this.ownPrefix = `{"o":${JSON.stringify(origin)},`;
  }

  /** Callers publish after their transaction committed, so another instance never hears of a change it cannot read. */
  send(change: CaseChange): void {
    this.pending.push(encodeCaseChange(this.origin, change));
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => void this.flush());
    }
  }

  /** A notification on CASE_CHANNEL. */
  receive(payload: string): void {
    // Our own echo, told by its first field without parsing it: a single instance hears only these.
    if (payload.startsWith(this.ownPrefix)) return;
    let env: Envelope;
    try {
      env = JSON.parse(payload) as Envelope;
    } catch {
      this.log.warn({ bytes: payload.length }, 'cluster: unreadable case notification ignored');
      return;
    }
    if (env.o === this.origin || !env.c?.caseId) return;
    if (!env.r) return this.deliver(env.c);
    // Too big to travel whole: read the assisting departments the sender left out.
    this.ctx.db
      .selectFrom('case_record')
      .select('assist_department_ids')
      .where('id', '=', env.c.caseId)
      .executeTakeFirst()
      .then(
        (row) => this.deliver({ ...env.c, assistDepartmentIds: row?.assist_department_ids ?? [] }),
        (err: unknown) => this.log.warn({ err, caseId: env.c.caseId }, 'cluster: could not reload a case change'),
      );
  }

  private deliver(change: CaseChange): void {
    try {
      this.ctx.caseEvents.deliver(change);
    } catch (err) {
      this.log.warn({ err, caseId: change.caseId }, 'cluster: a case subscriber failed');
    }
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 500);
      try {
        if (!(await this.listener.notify(CASE_CHANNEL, batch))) {
          this.log.warn({ dropped: batch.length + this.pending.length }, 'cluster: database away, case changes not relayed to other instances');
          this.pending = [];
        }
      } catch (err) {
        this.log.warn({ err, dropped: batch.length }, 'cluster: case changes not relayed to other instances');
      }
    }
    this.flushing = false;
  }
}
