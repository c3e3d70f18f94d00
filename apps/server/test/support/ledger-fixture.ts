// A small hand-counted population for the ledger tests, written through sealResident.
import type { HousingStatus, PoliticalStatus, SpecialGroupTag } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../src/crypto/field-cipher.js';
import type { DB } from '../../src/db/schema.js';
import { shanghaiDate } from '../../src/modules/calendar/working-calendar.js';
import { sealResident } from '../../src/modules/residents/resident-fields.js';

/** 番禺 (A) and a second 居委 (B) in 新华路街道, and a 居委 (C) in another 街镇. */
export const NB_A = '310105004001';
export const SUB_XINHUA = '310105004';

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** A valid ID number for a birth date and gender (odd sequence = male). */
export function idNumberFor(birth: string, gender: 'male' | 'female', seq: number): string {
  const s = seq * 2 + (gender === 'male' ? 1 : 0);
  const body = `310105${birth.replace(/-/g, '')}${String(s % 1000).padStart(3, '0')}`;
  const sum = idWeights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + checkChars[sum % 11];
}

/** Born `age` years and ~40 days before today (Shanghai), so the age is `age` all day long. */
export function birthForAge(age: number): string {
  const today = shanghaiDate(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 40);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return d.toISOString().slice(0, 10);
}

interface P {
  name: string;
  gender: 'male' | 'female';
  age: number;
  hukou: boolean;
  lives: boolean;
  political?: PoliticalStatus;
  tags?: SpecialGroupTag[];
  status?: 'active' | 'moved_out' | 'deceased';
}
interface H {
  nb: 'A' | 'B' | 'C';
  compound: 0 | 1;
  room: string;
  housing: HousingStatus;
  groupRental?: { status: 'found' | 'rectifying' | 'rectified'; foundOn: string; rectifiedOn?: string };
  people: P[];
}

/** The households; comments give the hand counts the tests check. */
export const fixtureHouseholds: H[] = [
  // 居委 A, compound A1: 7 active residents in 4 households.
  { nb: 'A', compound: 0, room: 'L101', housing: 'owner', people: [
    { name: '张老伯', gender: 'male', age: 85, hukou: true, lives: true, political: 'party_member', tags: ['very_old'] },
    { name: '李阿婆', gender: 'female', age: 81, hukou: true, lives: false, tags: ['very_old', 'disabled'] },
  ] },
  { nb: 'A', compound: 0, room: 'L102', housing: 'tenant', people: [{ name: '王阿姨', gender: 'female', age: 70, hukou: false, lives: true, tags: ['living_alone_elderly'] }] },
  { nb: 'A', compound: 0, room: 'L201', housing: 'group_rental', groupRental: { status: 'found', foundOn: '2025-03-01' }, people: [
    { name: '赵小明', gender: 'male', age: 30, hukou: false, lives: true, political: 'league_member' },
    { name: '钱小刚', gender: 'male', age: 25, hukou: false, lives: true },
    { name: '孙小妹', gender: 'female', age: 10, hukou: false, lives: true, tags: ['left_behind_child'] },
  ] },
  { nb: 'A', compound: 0, room: 'L202', housing: 'owner', people: [
    { name: '周先生', gender: 'male', age: 45, hukou: true, lives: true, political: 'party_member', status: 'moved_out' },
    { name: '吴女士', gender: 'female', age: 60, hukou: true, lives: false, political: 'probationary_member', tags: ['low_income'] },
  ] },
  // 居委 A, compound A2: 3 active residents in 1 household; a group rental with nobody active left.
  { nb: 'A', compound: 1, room: 'L301', housing: 'group_rental', groupRental: { status: 'rectified', foundOn: '2024-05-01', rectifiedOn: '2024-09-01' }, people: [
    { name: '郑少年', gender: 'male', age: 17, hukou: true, lives: true },
    { name: '冯姑娘', gender: 'female', age: 18, hukou: true, lives: true },
    { name: '陈老汉', gender: 'male', age: 79, hukou: true, lives: true, tags: ['living_alone_elderly', 'key_attention'] },
  ] },
  { nb: 'A', compound: 1, room: 'L302', housing: 'group_rental', groupRental: { status: 'rectifying', foundOn: '2025-06-01' }, people: [
    { name: '褚老人', gender: 'male', age: 90, hukou: true, lives: true, status: 'deceased' },
  ] },
  // 居委 B (same 街镇): 2 residents, 1 household.
  { nb: 'B', compound: 0, room: 'L101', housing: 'owner', people: [
    { name: '卫阿姨', gender: 'female', age: 65, hukou: true, lives: true, political: 'party_member', tags: ['veteran'] },
    { name: '蒋小弟', gender: 'male', age: 5, hukou: true, lives: true },
  ] },
  // 居委 C (another 街镇): 1 resident.
  { nb: 'C', compound: 0, room: 'L101', housing: 'owner', people: [{ name: '沈先生', gender: 'male', age: 40, hukou: true, lives: true, tags: ['serious_illness'] }] },
];

export interface FixtureUnits {
  nb: Record<'A' | 'B' | 'C', { id: string; code: string; parentCode: string }>;
  compounds: Record<'A' | 'B' | 'C', { id: string; code: string; name: string; buildingIds: string[] }[]>;
}

/** Writes the fixture into a seeded database; returns where it went. */
export async function writeLedgerFixture(db: Kysely<DB>, cipher: FieldCipher): Promise<FixtureUnits> {
  const nbRow = async (where: (q: any) => any) => where(db.selectFrom('jurisdiction_unit as n').innerJoin('jurisdiction_unit as s', 's.id', 'n.parent_id').select(['n.id', 'n.code', 's.code as parent_code']).where('n.level', '=', 'neighborhood').where(({ exists, selectFrom }: any) => exists(selectFrom('compound').select('compound.id').whereRef('compound.neighborhood_id', '=', 'n.id'))).orderBy('n.code')).executeTakeFirstOrThrow();
  const a = await nbRow((q) => q.where('n.code', '=', NB_A));
  const b = await nbRow((q) => q.where('s.code', '=', SUB_XINHUA).where('n.code', '!=', NB_A));
  const c = await nbRow((q) => q.where('s.code', '!=', SUB_XINHUA));
  const nb = { A: { id: a.id, code: a.code, parentCode: a.parent_code }, B: { id: b.id, code: b.code, parentCode: b.parent_code }, C: { id: c.id, code: c.code, parentCode: c.parent_code } };
  const compounds = {} as FixtureUnits['compounds'];
  for (const k of ['A', 'B', 'C'] as const) {
    const cs = await db.selectFrom('compound').select(['id', 'code', 'name']).where('neighborhood_id', '=', nb[k].id).orderBy('code').limit(2).execute();
    compounds[k] = [];
    for (const cp of cs) {
      const bs = await db.selectFrom('building').select('id').where('compound_id', '=', cp.id).orderBy('code').execute();
      compounds[k].push({ ...cp, buildingIds: bs.map((x) => x.id) });
    }
  }
  if (compounds.A.length < 2) throw new Error('fixture needs two compounds in 居委 A');

  let seq = 0;
  await db.transaction().execute(async (trx) => {
    for (const h of fixtureHouseholds) {
      const cp = compounds[h.nb][h.compound]!;
      const building = await trx.selectFrom('building').select(['id', 'path']).where('id', '=', cp.buildingIds[0]!).executeTakeFirstOrThrow();
      const hh = await trx
        .insertInto('household')
        .values({
          building_id: building.id,
          compound_id: cp.id,
          neighborhood_id: nb[h.nb].id,
          path: building.path,
          unit_no: 1,
          floor: Number(h.room.slice(1, 2)),
          room: h.room,
          housing_status: h.housing,
          group_rental_status: h.groupRental?.status ?? null,
          group_rental_found_on: h.groupRental?.foundOn ?? null,
          group_rental_rectified_on: h.groupRental?.rectifiedOn ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const p of h.people) {
        seq += 1;
        const birth = birthForAge(p.age);
        const sealed = sealResident(cipher, { name: p.name, idNumber: idNumberFor(birth, p.gender, seq), phone: `1390000${String(seq).padStart(4, '0')}`, tags: p.tags ?? [] });
        await trx
          .insertInto('resident')
          .values({
            ...sealed,
            household_id: hh.id,
            building_id: building.id,
            compound_id: cp.id,
            neighborhood_id: nb[h.nb].id,
            path: building.path,
            hukou_here: p.hukou,
            lives_here: p.lives,
            political_status: p.political ?? 'masses',
            status: p.status ?? 'active',
            source: 'seed',
          })
          .execute();
      }
    }
    // Compound A1 has an owners' committee; A2 none. A1's buildings: 6 floors without a lift, the first retrofitted, the second consulting.
    await trx.updateTable('compound').set({ owners_committee: 'A1 业主委员会' }).where('id', '=', compounds.A[0]!.id).execute();
    await trx.updateTable('compound').set({ owners_committee: null }).where('id', '=', compounds.A[1]!.id).execute();
    await trx.updateTable('building').set({ floors: 6, has_elevator: false, elevator_retrofit: 'none' }).where('compound_id', '=', compounds.A[0]!.id).execute();
    await trx.updateTable('building').set({ elevator_retrofit: 'done', elevator_retrofit_on: '2025-01-15' }).where('id', '=', compounds.A[0]!.buildingIds[0]!).execute();
    if (compounds.A[0]!.buildingIds[1]) await trx.updateTable('building').set({ elevator_retrofit: 'intent' }).where('id', '=', compounds.A[0]!.buildingIds[1]!).execute();
  });
  return { nb, compounds };
}
