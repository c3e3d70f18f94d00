import { DELIVERED_KEEP_MS, editReport, freshStart, isDue, retryNow, type QueuedPhoto, type QueuedReport, type ReportDraft } from './model';
import { sendReport, type QueueApi, type ReportStore } from './sender';

export interface QueueSnapshot {
  reports: QueuedReport[];
  /** Ids being sent right now (this tab). */
  sending: ReadonlySet<string>;
}

type LockFn = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Tabs of the same worker share one IndexedDB queue: a Web Lock lets only one of them send at a
 * time, and each report is read afresh inside the lock, so two tabs never send it twice.
 */
const browserLock: LockFn = (fn) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('gongzhi-grid-queue', fn) as Promise<Awaited<ReturnType<typeof fn>>>) : fn();
};

/**
 * Runs the patrol-report queue: sends due reports one after another, schedules the next retry
 * (backoff per report), and sends everything pending when the network returns or the page loads.
 */
export class ReportQueue {
  private snap: QueueSnapshot = { reports: [], sending: new Set() };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private rerun: { force: boolean } | null = null;
  private stopped = false;

  constructor(
    private readonly store: ReportStore,
    private readonly api: QueueApi,
    private readonly opts: { now?: () => number; lock?: LockFn; onDelivered?: (r: QueuedReport) => void; onRefused?: (r: QueuedReport) => void } = {},
  ) {}

  private now = () => (this.opts.now ?? Date.now)();

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };

  snapshot = () => this.snap;

  private emit(patch: Partial<QueueSnapshot>) {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((l) => l());
  }

  private async reload() {
    const reports = (await this.store.list()).sort((a, b) => a.createdAt - b.createdAt);
    this.emit({ reports });
    return reports;
  }

  private readonly onOnline = () => void this.networkBack();

  /** The online event: every waiting report goes now, with its backoff started afresh. */
  async networkBack(): Promise<void> {
    await (this.opts.lock ?? browserLock)(async () => {
      const now = this.now();
      for (const r of await this.store.list()) if (r.state === 'pending' && r.attempts > 0) await this.store.put(freshStart(r, now));
    });
    await this.reload();
    await this.flush(true);
  }

  /** Loads the queue, forgets old deliveries and sends what waits (the page just loaded). */
  async start(): Promise<void> {
    this.stopped = false;
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    const now = this.now();
    for (const r of await this.store.list()) {
      if (r.state === 'delivered' && (r.deliveredAt ?? 0) < now - DELIVERED_KEEP_MS) await this.store.remove(r.id);
    }
    await this.reload();
    await this.flush(true);
  }

  stop(): void {
    this.stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Queues a new report (stored before anything is sent) and starts sending it; resolves once it
   * is stored. The send's result arrives through the snapshot and the callbacks.
   */
  async add(r: QueuedReport): Promise<void> {
    await this.store.put(r);
    await this.reload();
    void this.flush(false);
  }

  /** Sends what is due (`force`: every pending report, whatever its backoff). */
  flush(force = false): Promise<void> {
    if (this.running) {
      // One pass at a time; a request during a pass runs one more pass after it.
      this.rerun = { force: force || (this.rerun?.force ?? false) };
      return this.running;
    }
    this.running = (async () => {
      let again: { force: boolean } | null = { force };
      while (again && !this.stopped) {
        const pass = again;
        this.rerun = null;
        await (this.opts.lock ?? browserLock)(() => this.pass(pass.force));
        again = this.rerun;
      }
    })().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  private async pass(force: boolean) {
    const now = this.now();
    const due = (await this.store.list()).filter((r) => isDue(r, now, force)).sort((a, b) => a.createdAt - b.createdAt);
    for (const r of due) {
      if (this.stopped) break;
      this.emit({ sending: new Set([...this.snap.sending, r.id]) });
      const after = await sendReport(this.store, this.api, r.id, this.now).catch(() => undefined);
      const sending = new Set(this.snap.sending);
      sending.delete(r.id);
      this.emit({ sending });
      await this.reload();
      if (after?.state === 'delivered') this.opts.onDelivered?.(after);
      if (after?.state === 'failed') this.opts.onRefused?.(after);
      // Without network the rest would fail the same way: wait for the next retry or the online event.
      if (after?.state === 'pending' && after.offline) break;
    }
  }

  /** A timer for the earliest pending retry. */
  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    // Without any network the online event is the signal to try again, not a timer.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    const next = Math.min(...this.snap.reports.filter((r) => r.state === 'pending').map((r) => r.nextAttemptAt));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => void this.flush(false), Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1));
  }

  private async update(id: string, change: (r: QueuedReport) => QueuedReport) {
    await (this.opts.lock ?? browserLock)(async () => {
      const r = await this.store.get(id);
      if (r) await this.store.put(change(r));
    });
    await this.reload();
  }

  /** Send again now (a refused report the worker sends unchanged, or a pending one without waiting). */
  async retry(id: string): Promise<void> {
    await this.update(id, (r) => retryNow(r, this.now()));
    await this.flush(false);
  }

  /** The worker fixed a refused report: same key, new content, sent at once. */
  async edit(id: string, draft: ReportDraft, photos?: QueuedPhoto[]): Promise<void> {
    await this.update(id, (r) => editReport(r, draft, photos, this.now()));
    void this.flush(false);
  }

  /** The worker gives a report up (never silently: only on the worker's word). */
  async discard(id: string): Promise<void> {
    await (this.opts.lock ?? browserLock)(() => this.store.remove(id));
    await this.reload();
  }
}
