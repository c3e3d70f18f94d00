import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { prepared } from '../../src/db/prepared.js';
import { createTestDb, type TestDb, testDbAvailable, testDbKind } from '../support/test-db.js';

// Statements marked `prepared` (the intake's batched reads and writes) are named prepared
// statements on PostgreSQL: parsed and planned once per connection.
describe.skipIf(!testDbAvailable())('prepared statements', () => {
  let tdb: TestDb;
  let d: Database;
  beforeAll(async () => {
    tdb = await createTestDb();
    d = await openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir, poolSize: 1 });
  });
  afterAll(async () => {
    await d?.close();
    await tdb?.drop();
  });

  it('prepares a marked text once per connection, one statement per distinct text, and leaves unmarked ones alone', async () => {
    const marked = (n: number, tag: string) => sql<{ v: number }>`
      ${prepared}SELECT ${n}::int + 1 AS v, ${tag}::text AS tag`;
    const other = (n: number) => sql<{ v: number }>`${prepared}SELECT ${n}::int * 2 AS v`;
    for (let i = 0; i < 7; i++) expect((await marked(i, 'x').execute(d.db)).rows[0]!.v).toBe(i + 1);
    expect((await other(21).execute(d.db)).rows[0]!.v).toBe(42);
    expect((await sql<{ v: number }>`SELECT ${5}::int AS v`.execute(d.db)).rows[0]!.v).toBe(5);
    const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements ORDER BY statement`.execute(d.db);
    if (testDbKind() === 'postgres') {
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => /^gz\d+_/.test(r.name) && r.statement.includes('/* gz:prepared */'))).toBe(true);
    } else {
      // The embedded database runs them as plain statements (the mark is a comment).
      expect(rows.filter((r) => r.statement.includes('gz:prepared'))).toEqual([]);
    }
  });

  it('prepares a statement again when a migration changed the shape of what it returns', async () => {
    await sql`CREATE TABLE prepared_probe (id int)`.execute(d.db);
    await sql`INSERT INTO prepared_probe VALUES (1)`.execute(d.db);
    const read = () => sql<Record<string, unknown>>`${prepared}SELECT * FROM prepared_probe WHERE id = ${1}`.execute(d.db);
    expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`ALTER TABLE prepared_probe ADD COLUMN note text DEFAULT 'x'`.execute(d.db);
    expect((await read()).rows).toEqual([{ id: 1, note: 'x' }]);
    expect((await read()).rows).toEqual([{ id: 1, note: 'x' }]);
  });
});
