import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BOSS_SCHEMA, bossDb } from '../../../src/jobs/pg-boss.js';

const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs(s: string): string; failJobsById(s: string): string };
const gone = { executeQuery: async () => Promise.reject(new Error('Connection terminated unexpectedly')) } as unknown as Kysely<any>;

// pg-boss 10 does not await these two statements: a rejection would be unhandled and end the process.
describe('pg-boss over the application pool while the database is away', () => {
  it('settling a finished job does not throw (logged; the job expires instead)', async () => {
    const seen: unknown[] = [];
    const db = bossDb(gone, (err) => seen.push(err));
    await expect(db.executeSql(plans.completeJobs(BOSS_SCHEMA), ['q', ['id'], null])).resolves.toEqual({ rows: [{ count: 0 }] });
    await expect(db.executeSql(plans.failJobsById(BOSS_SCHEMA), ['q', ['id'], null])).resolves.toEqual({ rows: [{ count: 0 }] });
    expect(seen).toHaveLength(2);
  });

  it('every other statement still fails (pg-boss awaits and reports those)', async () => {
    await expect(bossDb(gone).executeSql('select 1', [])).rejects.toThrow('Connection terminated');
  });
});
