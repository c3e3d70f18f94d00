import type { Resident } from '@gongzhi/contracts';
import { ageOn } from './resident-fields.js';
import type { ResidentRow } from './resident-repository.js';
import { shanghaiToday } from './scope.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A resident as every response shows it: masks only, age and birth year instead of the date, a tag count. */
export function presentResident(r: ResidentRow, today = shanghaiToday()): Resident {
  return {
    id: r.id,
    name: r.name_mask,
    idNumber: r.id_number_mask,
    phone: r.phone_mask,
    gender: r.gender,
    birthYear: Number(r.birth_date.slice(0, 4)),
    age: ageOn(r.birth_date, r.left_on && r.status === 'deceased' ? r.left_on : today),
    relation: r.relation as Resident['relation'],
    hukouHere: r.hukou_here,
    livesHere: r.lives_here,
    politicalStatus: r.political_status as Resident['politicalStatus'],
    status: r.status,
    tagCount: r.tag_tokens.length,
    movedInOn: r.moved_in_on,
    leftOn: r.left_on,
    household: { id: r.household_id, unitNo: r.unit_no, floor: r.floor, room: r.room },
    building: { id: r.building_id, code: r.b_code, name: r.b_name },
    compound: { id: r.compound_id, name: r.c_name },
    neighborhood: { code: r.n_code, name: r.n_name, level: 'neighborhood' },
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}
