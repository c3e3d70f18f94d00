import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';

const MARK = '/* gz:prepared */';

/**
 * Put first in a statement that runs often with the same text (values only as parameters): on
 * PostgreSQL it is then a named prepared statement, parsed and planned once per connection instead
 * of on every call — for the intake's batched statements that was ~1 ms a call. Elsewhere (the
 * embedded database) it is only a comment.
 */
export const prepared = sql.raw(`${MARK} `);

// Named by the text, so two texts never share a name (node-postgres refuses that) and a text
// built the same way twice (the intake's few shapes) finds its statement again.
const names = new Map<string, string>();
// Bumped when a migration changed a table under running servers (see staleResultType).
let generation = 0;
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 500) names.clear();
    name = `gz${generation}_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A statement prepared before a migration changed the shape of its result (a column added to a
 * table it returns with `*`): PostgreSQL refuses to run it again. It is prepared afresh under a
 * new name; the old one stays on its connection until that closes.
 */
const staleResultType = (err: unknown): boolean =>
  (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test((err as Error).message ?? '');

/** The pool's client class on PostgreSQL: marked statements go out as named prepared statements. */
export class PreparingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-postgres' query has a dozen overloads; this only forwards them.
  override query(config: any, values?: any, callback?: any): any {
    // Near the start: a template's first line break and indentation come before the mark.
    if (typeof config === 'string' && Array.isArray(values) && callback === undefined && config.slice(0, 64).includes(MARK)) {
      const run = () => super.query({ name: nameOf(config), text: config, values }) as Promise<pg.QueryResult>;
      return run().catch((err: unknown) => {
        if (!staleResultType(err)) throw err;
        names.clear();
        generation++;
        return run();
      });
    }
    return super.query(config, values, callback);
  }
}
