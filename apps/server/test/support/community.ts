// 社区云 fixtures for integration tests: valid ID numbers, a building of a neighborhood, requests as a user.
import type { FastifyInstance } from 'fastify';
import type { Session } from './auth.js';
import type { TestApp } from './test-app.js';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** A valid 18-digit ID number (GB 11643 check digit) for a birth day 'YYYYMMDD' and a sequence. */
export function makeIdNumber(birth: string, seq: number, area = '310105'): string {
  const body = `${area}${birth}${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
  return body + checkChars[sum % 11]!;
}

/** The first valid ID number from `seq` on whose check character is X. */
export function makeIdNumberWithX(birth: string, seq: number): string {
  for (let s = seq; ; s++) {
    const id = makeIdNumber(birth, s);
    if (id.endsWith('X')) return id;
  }
}

/** A building (with the most floors) of the compounds under a jurisdiction unit. */
export async function buildingUnder(t: TestApp, unitCode: string, skip = 0) {
  const unit = await t.ctx.db.selectFrom('jurisdiction_unit').select('path').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const rows = await t.ctx.db
    .selectFrom('building as b')
    .innerJoin('compound as c', 'c.id', 'b.compound_id')
    .select(['b.id', 'b.floors', 'b.unit_count', 'b.path', 'c.id as compound_id'])
    .where((eb) => eb(eb.cast(eb.ref('b.path'), 'text'), 'like', `${unit.path}%`))
    .where('b.floors', '>=', 4)
    .orderBy('b.code')
    .execute();
  const b = rows[skip];
  if (!b) throw new Error(`no building under ${unitCode}`);
  return b;
}

export type Call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

/** Requests as one signed-in user; every answer's text is kept in `seen` for masking checks. */
export function caller(app: FastifyInstance, s: Session, seen: string[] = []): Call {
  return async (method, url, body) => {
    const res = await app.inject({ method, url, headers: s.headers, ...(body === undefined ? {} : { payload: body as object }) });
    seen.push(res.body);
    return { status: res.statusCode, body: res.body ? res.json() : undefined, text: res.body };
  };
}
