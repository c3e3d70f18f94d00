import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DatabaseKind } from './db/database.js';
import type { DB } from './db/schema.js';
import type { LocatorService } from './modules/geo/locator-service.js';

/** What every module's routes and use cases are given: no globals. */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  locator: LocatorService;
  startedAt: number;
}
