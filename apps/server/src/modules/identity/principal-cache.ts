import type { Principal } from './principal.js';

// Bumped by every write that can change who a caller is or what it may do (sign-out, revocation,
// password or second-factor change, account status, grants, tokens). Process-wide: a bump from
// one app only costs another app in the same process a few cache misses. On PostgreSQL the same
// writes, by any instance or the CLI, also notify at commit (migration 0015) and every instance
// bumps its epoch then (cluster/cluster.ts).
let epoch = 0;

/** Called by the identity writes (repositories) after they change sessions, accounts, grants or tokens. */
export function identityChanged(): void {
  epoch++;
}

/**
 * The principals of recent credentials, for `GONGZHI_AUTH_CACHE_MS` (default 2 s): a busy client
 * (the 12345 desk, a sensor gateway, a dispatcher's console) would otherwise pay the session,
 * account and grants query on every request — on the embedded database about a third of an
 * intake's time. Only resolved principals are kept, never refusals. Keyed by the credential's
 * hash. A change made by this process ends every entry at once; on PostgreSQL so does a change
 * made elsewhere (another instance, the CLI), at its commit; a change written behind the
 * triggers' back, or while the notification connection was down, is seen within the TTL.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { at: number; epoch: number; principal: Principal }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The epoch to pass to `set` for a principal read from the database after this call. */
  mark(): number {
    return epoch;
  }

  get(key: string, now = Date.now()): Principal | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.epoch !== epoch || now - e.at >= this.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    return e.principal;
  }

  /** Kept only if nothing changed since `mark()` was taken before the read. */
  set(key: string, principal: Principal, markedEpoch: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || markedEpoch !== epoch) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: now, epoch: markedEpoch, principal });
  }
}

const caches = new WeakMap<object, PrincipalCache>();

export function principalCacheOf(ctx: { config: { authCacheMs: number } }): PrincipalCache {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new PrincipalCache(ctx.config.authCacheMs)));
  return c;
}
