import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import type { AuditWriter } from './modules/audit/writer.js';
import type { DatabaseKind } from './db/database.js';
import type { DB } from './db/schema.js';
import type { LocatorService } from './modules/geo/locator-service.js';
import type { CaseClassifierService } from './modules/cases/classify/types.js';
import type { CaseEventBus } from './modules/cases/events.js';

/** What every module's routes and use cases are given: no globals. */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  locator: LocatorService;
  /** Personal-data encryption and blind indexes. */
  cipher: FieldCipher;
  /** The chained audit trail. */
  audit: AuditWriter;
  /** Classification assist (type and category from the description). */
  classifier: CaseClassifierService;
  /** Case changes for live streams. */
  caseEvents: CaseEventBus;
  startedAt: number;
}
