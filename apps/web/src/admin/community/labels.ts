import {
  elevatorRetrofitNames,
  groupRentalStatusNames,
  householdRelationNames,
  housingStatusNames,
  politicalStatusNames,
  residentStatusNames,
  specialGroupTagNames,
} from '@gongzhi/contracts/community-labels';

type Names = { zh: string; en: string };
export type Pick = (n: Names) => string;

/** Colours of the housing statuses, in the building grid and tags alike. */
export const housingColors: Record<string, { bg: string; border: string; tag: string }> = {
  owner: { bg: '#e8f3ff', border: '#91caff', tag: 'blue' },
  tenant: { bg: '#f0fae8', border: '#95de64', tag: 'green' },
  group_rental: { bg: '#fff1f0', border: '#ff7875', tag: 'red' },
  vacant: { bg: '#f5f5f5', border: '#d9d9d9', tag: 'default' },
  other: { bg: '#fff7e6', border: '#ffc069', tag: 'orange' },
};

export const statusColors: Record<string, string> = { active: 'green', moved_out: 'default', deceased: 'default' };
export const groupRentalColors: Record<string, string> = { found: 'red', rectifying: 'orange', rectified: 'green' };

/** A vocabulary value in the console's language; unknown values as they are. */
export function vocab(pick: Pick, table: Record<string, Names>, value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = table[value];
  return n ? pick(n) : value;
}

/** The vocabulary a history field's values come from, if any. */
export const fieldVocab: Record<string, Record<string, Names>> = {
  relation: householdRelationNames,
  status: residentStatusNames,
  politicalStatus: politicalStatusNames,
  housingStatus: housingStatusNames,
  groupRentalStatus: groupRentalStatusNames,
  elevatorRetrofit: elevatorRetrofitNames,
};

/** Revealed tags arrive as a JSON list of keys: show their names. */
export function tagNames(pick: Pick, plain: string): string {
  try {
    const keys = JSON.parse(plain) as string[];
    return keys.length ? keys.map((k) => vocab(pick, specialGroupTagNames, k)).join('、') : '—';
  } catch {
    return plain;
  }
}

/** 长宁路100弄 3号楼 2单元 601 — a household's address as a short label. */
export function roomLabel(h: { unitNo: number; room: string }, building?: string): string {
  return `${building ?? ''}${h.unitNo > 1 ? ` ${h.unitNo}单元` : ''} ${h.room}`.trim();
}
