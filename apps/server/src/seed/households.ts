import type { CompoundType, HouseholdRelation, HousingStatus, PoliticalStatus, SpecialGroupTag } from '@gongzhi/contracts';
import { between, pick } from './people.js';

/**
 * Who lives in a generated flat. Shares follow the shape of Changning's 2020 census (an old
 * district: about a third of residents 60+, households of 2.3 people, many flats let) closely
 * enough for ledgers to look real; they are not statistics.
 */
type Rng = () => number;

export interface MemberPlan {
  relation: HouseholdRelation;
  gender: 'male' | 'female';
  age: number;
  hukouHere: boolean;
  livesHere: boolean;
  political: PoliticalStatus;
  tags: SpecialGroupTag[];
  withPhone: boolean;
}

export interface HouseholdPlan {
  housingStatus: HousingStatus;
  members: MemberPlan[];
}

const olderTypes: CompoundType[] = ['resold_public', 'direct_public', 'old_villa'];

function weighted<T>(rng: Rng, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

function housingStatus(rng: Rng, type: CompoundType): HousingStatus {
  const tenant = type === 'foreign_commercial' ? 35 : type === 'commercial' ? 24 : 16;
  const groupRental = type === 'resold_public' || type === 'direct_public' ? 2.2 : 0.6;
  return weighted(rng, [['owner', 100 - tenant - groupRental - 5], ['tenant', tenant], ['group_rental', groupRental], ['vacant', 3], ['other', 2]]);
}

function political(rng: Rng, age: number): PoliticalStatus {
  if (age < 14) return 'masses';
  if (age <= 28 && rng() < 0.28) return 'league_member';
  if (age >= 18) {
    const x = rng();
    if (x < 0.085) return 'party_member';
    if (x < 0.088) return 'probationary_member';
    if (x < 0.094) return 'democratic_party';
  }
  return 'masses';
}

function person(rng: Rng, relation: HouseholdRelation, gender: 'male' | 'female', age: number, residence: { hukouHere: boolean; livesHere: boolean }): MemberPlan {
  const tags: SpecialGroupTag[] = [];
  if (age >= 80) tags.push('very_old');
  if (rng() < (age >= 60 ? 0.045 : 0.015)) tags.push('disabled');
  if (rng() < 0.012) tags.push('low_income');
  if (rng() < 0.004) tags.push('key_attention');
  if (gender === 'male' && age >= 22 && rng() < 0.03) tags.push('veteran');
  if (age < 18 && rng() < 0.006) tags.push('left_behind_child');
  if (age >= 40 && rng() < 0.01) tags.push('serious_illness');
  return { relation, gender, age, ...residence, political: political(rng, age), tags, withPhone: age >= 14 && rng() < (age >= 75 ? 0.7 : 0.95) };
}

/** 人户一致 most of the time; 户在人不在 (registered, living elsewhere) and 人在户不在 (living here, registered elsewhere) otherwise. */
function residence(rng: Rng): { hukouHere: boolean; livesHere: boolean } {
  const x = rng();
  if (x < 0.74) return { hukouHere: true, livesHere: true };
  if (x < 0.86) return { hukouHere: true, livesHere: false };
  return { hukouHere: false, livesHere: true };
}

export function planHousehold(rng: Rng, type: CompoundType): HouseholdPlan {
  const status = housingStatus(rng, type);
  if (status === 'vacant') return { housingStatus: status, members: [] };
  if (status === 'tenant' || status === 'group_rental') {
    const n = status === 'group_rental' ? between(rng, 4, 9) : between(rng, 1, 3);
    const members = Array.from({ length: n }, (_, i) => {
      const gender = rng() < 0.55 ? 'male' : 'female';
      return person(rng, i === 0 ? 'head' : 'tenant', gender, between(rng, 20, 48), { hukouHere: false, livesHere: true });
    });
    return { housingStatus: status, members };
  }
  const old = olderTypes.includes(type);
  const headAge = Math.min(98, between(rng, 28, 60) + (rng() < (old ? 0.6 : 0.35) ? between(rng, 10, 35) : 0));
  const headGender: 'male' | 'female' = rng() < 0.55 ? 'male' : 'female';
  const home = residence(rng);
  const members: MemberPlan[] = [person(rng, 'head', headGender, headAge, home)];
  const size = weighted(rng, [[1, headAge >= 60 ? 26 : 18], [2, 34], [3, 26], [4, 13], [5, 6]]);
  if (size >= 2) {
    const spouseAge = Math.max(20, Math.min(99, headAge + between(rng, -5, 4)));
    members.push(person(rng, 'spouse', headGender === 'male' ? 'female' : 'male', spouseAge, rng() < 0.9 ? home : residence(rng)));
  }
  for (let i = members.length; i < size; i++) {
    if (headAge >= 50 && rng() < 0.25 && headAge <= 70) {
      members.push(person(rng, 'parent', rng() < 0.6 ? 'female' : 'male', Math.min(100, headAge + between(rng, 22, 32)), home));
    } else if (headAge >= 55 && rng() < 0.4) {
      members.push(person(rng, 'grandchild', rng() < 0.5 ? 'male' : 'female', between(rng, 0, 16), home));
    } else {
      members.push(person(rng, 'child', rng() < 0.51 ? 'male' : 'female', Math.max(0, headAge - between(rng, 22, 36)), rng() < 0.85 ? home : residence(rng)));
    }
  }
  // 独居老人: 60+ and the only person living in the flat.
  const living = members.filter((m) => m.livesHere);
  if (living.length === 1 && living[0]!.age >= 60) living[0]!.tags.push('living_alone_elderly');
  return { housingStatus: status, members };
}

