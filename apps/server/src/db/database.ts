import path from 'node:path';
import { type DatabaseConnection, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { checkDataDir, ensureDir } from '../data-dir.js';
import { lockDataDir } from './data-lock.js';
import { PreparingClient } from './prepared.js';
import type { DB } from './schema.js';
import { YieldToEventLoopPlugin } from './yield-plugin.js';

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Embedded only: the whole data folder as a tarball (PGlite's dumpDataDir), e.g. to start copies from. */
  dumpDataDir?(): Promise<Blob>;
}

// int8 and numeric come back as strings through `pg`; counts are small enough for numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// A calendar date stays 'YYYY-MM-DD': parsed to a Date it would shift by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** Runs first on every new connection of a real server's pool (db/app-role.ts: SET ROLE). */
  onConnect?: (connection: DatabaseConnection) => Promise<void>;
  /** Embedded only: start from this tarball of a data folder (from `dumpDataDir`) instead of an empty one. */
  initialData?: Blob | undefined;
}

/** Real PostgreSQL when a URL is given, else embedded PGlite through its node-postgres adapter. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // No JIT: its compile time (hundreds of ms) hit statistics queries whose estimates it misjudged,
    // and this application's statements are short.
    // A database host gone silent (no RST) must not hold requests forever: connecting gives up after
    // 10 s (the request answers 503; pg-pool counts waiting for a free slot in that too, hence not
    // shorter), and TCP keepalive finds dead idle connections.
    const pool = new pg.Pool({ Client: PreparingClient, connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, options: '-c jit=off', connectionTimeoutMillis: 10_000, keepAlive: true });
    // An idle client losing its server must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, ...(opts.onConnect ? { onCreateConnection: opts.onConnect } : {}) }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let dir = opts.dataDir;
  let unlock = () => undefined as void;
  if (!dir.startsWith('memory://')) {
    checkDataDir(opts.dataDir);
    unlock = lockDataDir(opts.dataDir);
    dir = pgliteDir(opts.dataDir);
    ensureDir(dir);
  }
  let pglite;
  try {
    pglite = await createPglite(dir, opts.initialData ? { loadDataDir: opts.initialData } : {});
  } catch (err) {
    unlock();
    throw err;
  }
  // One session for the life of the process: the pool must never close and reopen it behind
  // PGlite's back (idle clients are otherwise ended after 10 s).
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new YieldToEventLoopPlugin()] });
  return {
    db,
    kind: 'embedded',
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

/** Where the embedded database's files live inside the data folder (beside `keys/` and the lock). */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

/**
 * A PGlite instance with the extensions the migrations use; `loadDataDir` fills an empty folder
 * from a data-folder tarball (backup/embedded.ts). No lock: callers hold the data folder's.
 */
export async function createPglite(dir: string, opts: { loadDataDir?: Blob } = {}) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { ltree } = await import('@electric-sql/pglite/contrib/ltree');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  return PGlite.create(dir, { extensions: { ltree, pg_trgm, pgcrypto }, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
}

/** A round trip to the database (health checks). */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
