import { sql } from 'kysely';
import { sealResident } from '../../src/modules/residents/resident-fields.js';
import type { TestApp } from './test-app.js';

/** A valid 18-digit ID number (GB 11643 check digit) for a birth date and a serial. */
export function testIdNumber(birth: string, serial: number): string {
  const body = `310105${birth.replaceAll('-', '')}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

let serial = 0;

/**
 * Residents in one household of a building under `unitCode` (a grid or a neighborhood), written
 * through sealResident like every other writer. `verifiedDaysAgo` null = never verified.
 */
export async function addResidents(
  t: TestApp,
  unitCode: string,
  people: { name: string; phone: string | null; verifiedDaysAgo: number | null; status?: 'active' | 'moved_out' }[],
): Promise<{ householdId: string; ids: string[] }> {
  const db = t.ctx.db;
  const unit = await db.selectFrom('jurisdiction_unit').select('path').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const b = await db
    .selectFrom('building as b')
    .innerJoin('compound as c', 'c.id', 'b.compound_id')
    .select(['b.id', 'b.compound_id', 'b.path', 'c.neighborhood_id'])
    .where(sql<boolean>`b.path <@ ${unit.path}::ltree`)
    .orderBy('b.code')
    .executeTakeFirstOrThrow();
  serial += 1;
  const h = await db
    .insertInto('household')
    .values({ building_id: b.id, compound_id: b.compound_id, neighborhood_id: b.neighborhood_id, path: b.path, floor: 1 + (serial % 6), room: `${900 + serial}`, unit_no: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (const p of people) {
    serial += 1;
    const sealed = sealResident(t.ctx.cipher, { name: p.name, idNumber: testIdNumber('1960-03-15', serial), phone: p.phone, tags: [] });
    const r = await db
      .insertInto('resident')
      .values({
        ...sealed,
        household_id: h.id,
        building_id: b.id,
        compound_id: b.compound_id,
        neighborhood_id: b.neighborhood_id,
        path: b.path,
        hukou_here: true,
        lives_here: true,
        status: p.status ?? 'active',
        verified_at: p.verifiedDaysAgo === null ? null : new Date(Date.now() - p.verifiedDaysAgo * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return { householdId: h.id, ids };
}
