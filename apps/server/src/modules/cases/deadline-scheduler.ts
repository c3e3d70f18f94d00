import type PgBoss from 'pg-boss';
import type { AppContext } from '../../context.js';
import { instanceId } from '../../cluster/instance.js';
import { bossOptions, DEADLINE_SCAN_QUEUE, loadPgBoss } from '../../jobs/pg-boss.js';
import { CaseStatsRollupRepository } from '../case-stats/rollup-repository.js';
import { DeadlineJob, type DeadlineScanResult } from './deadline-job.js';
import { PhotoRepository } from './photos/repository.js';
import { nightlyVerificationSweep } from '../verification/sweep.js';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DeadlineSchedulerOptions {
  log?: SchedulerLog;
  /** Called after each scan this instance ran (tests, metrics). */
  onScan?: (result: DeadlineScanResult) => void;
}

/**
 * Runs the deadline scan every `cases.deadlineScanSeconds` through pg-boss, on PostgreSQL and on
 * PGlite alike (pg-boss goes through the application's pool: jobs/pg-boss.ts).
 *
 * Every instance offers a job each period with `sendThrottled`: the database keeps one job per
 * time slot, whoever offers first. The queue's `singleton` policy lets only one job be active at
 * once, so several instances never scan together, and a scan longer than the period delays the
 * next one instead of overlapping it. Not started in tests unless a test asks (they call
 * DeadlineJob.scan with their own `now`).
 */
export class DeadlineScheduler {
  private boss: PgBoss | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly job: DeadlineJob;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: DeadlineSchedulerOptions = {},
  ) {
    this.job = new DeadlineJob(ctx, opts.log ? { log: opts.log } : {});
  }

  async start(): Promise<void> {
    if (this.boss) return;
    const seconds = this.ctx.config.cases.deadlineScanSeconds;
    const log = this.opts.log;
    const boss = new (await loadPgBoss())(bossOptions(this.ctx.db, (err) => log?.warn({ err }, 'deadline scan: could not record the job as finished (database away)')));
    boss.on('error', (err: unknown) => log?.warn({ err }, 'pg-boss error'));
    await boss.start();
    this.boss = boss;
    // Poll a few times per period: a scan starts at most a quarter period late.
    const pollingIntervalSeconds = Math.min(10, Math.max(1, seconds / 4));
    await boss.work(DEADLINE_SCAN_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async () => {
      const result = await this.job.scan(new Date());
      await this.purgePhotos(log);
      // Dashboard rollups: fold what intakes and steps appended, so unread deltas never pile up.
      await new CaseStatsRollupRepository(this.ctx.db).fold().catch((err: unknown) => log?.warn({ err }, 'case statistics fold failed'));
      // 核查: once a night, stale and missing-field tasks for the district (verification/sweep.ts).
      const swept = await nightlyVerificationSweep(this.ctx.db, new Date()).catch((err: unknown) => log?.warn({ err }, 'verification sweep failed'));
      if (swept) log?.info({ opened: swept }, 'verification tasks opened');
      const changed = result.yellow + result.red + result.signOverdue + result.supervised + result.escalated;
      if (changed > 0 || result.deferred > 0 || result.capped) log?.info({ scan: result }, 'deadline scan');
      this.opts.onScan?.(result);
      // Kept as the job's output in pg-boss's table: which instance ran each period's scan.
      return { ...result, instance: instanceId };
    });
    const offer = () => {
      boss.sendThrottled(DEADLINE_SCAN_QUEUE, {}, {}, seconds, 'scan').catch((err: unknown) => log?.warn({ err }, 'deadline scan: could not queue'));
    };
    offer();
    this.timer = setInterval(offer, seconds * 1000);
    this.timer.unref();
  }

  /**
   * Photos uploaded for a report that was never sent (the visitor gave up) would stay forever:
   * they may show faces and number plates. Deleted with the periodic scan, a bounded batch each time.
   */
  private async purgePhotos(log: SchedulerLog | undefined): Promise<void> {
    const hours = this.ctx.config.caseIntake.photoUnattachedHours;
    const purged = await new PhotoRepository(this.ctx.db).purgeUnattached(new Date(Date.now() - hours * 3600_000), 1000).catch((err: unknown) => {
      log?.warn({ err }, 'photo purge failed');
      return 0;
    });
    if (purged > 0) log?.info({ purged }, 'unattached case photos deleted');
  }

  /** Graceful: waits (up to `timeoutMs`) for a running scan, then stops polling. */
  async stop(timeoutMs = 8000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }
}
