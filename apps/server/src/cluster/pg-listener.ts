import pg from 'pg';

export interface ClusterLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PgListenerOptions {
  connectionString: string;
  channels: string[];
  /** Called for each notification; must not throw. */
  onNotify(channel: string, payload: string): void;
  /** After a reconnection: notifications sent meanwhile are lost, caches must assume the worst. */
  onReconnect?(): void;
  log: ClusterLog;
  applicationName: string;
}

const firstDelayMs = 500;
const maxDelayMs = 30_000;
/** A cut network (no FIN, no RST) is only noticed by asking: a ping this often, given this long to answer. */
const pingEveryMs = 30_000;
const pingTimeoutMs = 10_000;

/**
 * One dedicated connection in LISTEN on the given channels (a pooled connection cannot listen: the
 * pool hands it to other work and may close it). When the database goes away (restart, failover,
 * network cut) it logs a warning and reconnects with a growing, jittered delay, then LISTENs again;
 * it never throws into the process. Also carries this instance's own NOTIFYs (`notify`), so a burst
 * of case changes never takes connections from the request pool.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private readonly dead = new WeakSet<pg.Client>();
  private timer: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private failures = 0;
  private connectedOnce = false;
  private stopped = false;

  constructor(private readonly opts: PgListenerOptions) {}

  get connected(): boolean {
    return this.client !== null;
  }

  /** Resolves after the first attempt, connected or not (a failed first attempt keeps retrying). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pinger) clearInterval(this.pinger);
    this.timer = null;
    this.pinger = null;
    const c = this.client;
    this.client = null;
    if (c) {
      this.dead.add(c);
      await c.end().catch(() => undefined);
    }
  }

  /** NOTIFY several payloads on one channel in one statement, in order; false when not connected. */
  async notify(channel: string, payloads: string[]): Promise<boolean> {
    const c = this.client;
    if (!c || payloads.length === 0) return false;
    await c.query('select pg_notify($1, p) from unnest($2::text[]) as p', [channel, payloads]);
    return true;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.opts.connectionString,
      application_name: this.opts.applicationName,
      connectionTimeoutMillis: pingTimeoutMs,
      keepAlive: true,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (m) => {
      if (this.client === client) this.opts.onNotify(m.channel, m.payload ?? '');
    });
    try {
      await client.connect();
      for (const ch of this.opts.channels) await client.query(`LISTEN ${client.escapeIdentifier(ch)}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.stopped || this.dead.has(client)) {
      this.dead.add(client);
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    const missed = this.connectedOnce || this.failures > 0;
    this.connectedOnce = true;
    if (missed) this.opts.log.info({ attempts: this.failures }, 'cluster: listening again after losing the database');
    this.failures = 0;
    if (missed) this.opts.onReconnect?.();
    this.pinger ??= setInterval(() => void this.ping(), pingEveryMs);
    this.pinger.unref();
  }

  private async ping(): Promise<void> {
    const c = this.client;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to a ping in ${pingTimeoutMs} ms`)), pingTimeoutMs);
    });
    try {
      await Promise.race([c.query('select 1'), late]);
    } catch (err) {
      this.lost(c, err);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const base = Math.min(maxDelayMs, firstDelayMs * 2 ** this.failures);
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    this.failures++;
    this.opts.log.warn(
      { err: err instanceof Error ? err.message : err, attempt: this.failures, retryInMs: delay },
      'cluster: database connection for change notifications lost; reconnecting',
    );
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }
}
