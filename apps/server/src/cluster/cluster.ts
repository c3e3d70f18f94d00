import type { AppContext } from '../context.js';
import { caseConfigOf } from '../modules/cases/config-cache.js';
import { identityChanged } from '../modules/identity/principal-cache.js';
import { CASE_CHANNEL, PgCaseRelay } from './case-relay.js';
import { instanceId } from './instance.js';
import { type ClusterLog, PgListener } from './pg-listener.js';

/** Sent by triggers (migrations/0015_cluster_notify.sql) at the commit of a change to sessions, accounts, grants or tokens. */
export const IDENTITY_CHANNEL = 'gongzhi_identity';
/** Sent by a trigger with the `app_meta` key of a version stamp that moved (case configuration). */
export const META_CHANNEL = 'gongzhi_meta';

export interface Cluster {
  instanceId: string;
  listener: PgListener;
  stop(): Promise<void>;
}

/**
 * Joins the instances that share this PostgreSQL database: case changes travel between them, and
 * what one changes in identity or case configuration ends the others' cached copies at commit.
 * Null on the embedded database, which only one process can open.
 */
export async function startCluster(ctx: AppContext, log: ClusterLog): Promise<Cluster | null> {
  if (ctx.dbKind !== 'postgres' || !ctx.config.databaseUrl) return null;
  const configCache = caseConfigOf(ctx);
  let relay: PgCaseRelay | null = null;
  const listener = new PgListener({
    connectionString: ctx.config.databaseUrl,
    channels: [CASE_CHANNEL, IDENTITY_CHANNEL, META_CHANNEL],
    applicationName: `gongzhi-listen ${instanceId}`.slice(0, 63),
    log,
    onNotify: (channel, payload) => {
      if (channel === CASE_CHANNEL) relay?.receive(payload);
      // Our own changes come back too: one more epoch bump costs a few cache misses.
      else if (channel === IDENTITY_CHANNEL) identityChanged();
      else if (channel === META_CHANNEL && payload === 'case_config_version') configCache.invalidate();
      // Imported boundaries: rebuild now rather than at the locator's next poll (it then finds nothing new to do but a second rebuild).
      else if (channel === META_CHANNEL && payload === 'boundary_version') ctx.locator.rebuild(ctx.db).catch((err: unknown) => log.warn({ err }, 'cluster: grid index rebuild failed'));
    },
    // Whatever changed while we were not listening is unknown: drop what may be stale.
    onReconnect: () => {
      identityChanged();
      configCache.invalidate();
    },
  });
  relay = new PgCaseRelay(ctx, listener, instanceId, log);
  ctx.caseEvents.relayTo(relay);
  await listener.start();
  log.info({ listening: listener.connected }, 'cluster: case changes and cache invalidations shared with other instances (PostgreSQL LISTEN/NOTIFY)');
  return {
    instanceId,
    listener,
    stop: async () => {
      ctx.caseEvents.relayTo(null);
      await listener.stop();
    },
  };
}
