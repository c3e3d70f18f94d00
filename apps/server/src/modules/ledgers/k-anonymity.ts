/**
 * k-anonymity for the de-identified export, as a pure function over counted records.
 *
 * Quasi-identifiers: birth year, gender, place (compound, or its 居委 once generalised). Other
 * columns are released as they are (sensitive attributes, not used to form classes). The
 * generalisation is global recoding along one ladder (5-year band + compound → 10-year band +
 * compound → 10-year band + 居委 → 20-year band + 居委): the first step whose small classes (fewer
 * than k people) hold at most `maxSuppression` of everyone is used, and those small classes are
 * suppressed (left out, counted). When no step gets there, the step that suppresses least is used.
 */
export interface KRecord<A> {
  birthYear: number;
  gender: 'male' | 'female';
  compound: { id: string; name: string };
  neighborhood: { id: string; name: string };
  /** Released as is. */
  attrs: A;
  /** How many people share exactly this record. */
  count: number;
}

export interface KLevel {
  band: 5 | 10 | 20;
  area: 'compound' | 'neighborhood';
}

export const defaultLadder: readonly KLevel[] = [
  { band: 5, area: 'compound' },
  { band: 10, area: 'compound' },
  { band: 10, area: 'neighborhood' },
  { band: 20, area: 'neighborhood' },
];

export interface KOutRecord<A> {
  /** '1960–1964' */
  birthBand: string;
  gender: 'male' | 'female';
  neighborhood: string;
  /** null once the place is generalised to the 居委. */
  compound: string | null;
  attrs: A;
  count: number;
}

export interface KResult<A> {
  k: number;
  level: KLevel;
  /** What each step of the ladder would have suppressed (people). */
  tried: { level: KLevel; suppressed: number; classes: number }[];
  records: KOutRecord<A>[];
  total: number;
  released: number;
  suppressed: number;
  /** Smallest class released (≥ k), null when nothing is released. */
  kAchieved: number | null;
  classes: number;
}

export const bandOf = (year: number, band: number): string => {
  const start = Math.floor(year / band) * band;
  return `${start}–${start + band - 1}`;
};

const classKey = (r: KRecord<unknown>, l: KLevel) => `${bandOf(r.birthYear, l.band)}|${r.gender}|${l.area === 'compound' ? r.compound.id : r.neighborhood.id}`;

function classSizes(records: readonly KRecord<unknown>[], l: KLevel): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of records) {
    const key = classKey(r, l);
    sizes.set(key, (sizes.get(key) ?? 0) + r.count);
  }
  return sizes;
}

const smallTotal = (sizes: Map<string, number>, k: number) => [...sizes.values()].filter((n) => n < k).reduce((s, n) => s + n, 0);

export function kAnonymise<A>(
  records: readonly KRecord<A>[],
  k: number,
  opts: { ladder?: readonly KLevel[]; maxSuppression?: number } = {},
): KResult<A> {
  if (!Number.isInteger(k) || k < 1) throw new Error('k 应为正整数');
  const ladder = opts.ladder ?? defaultLadder;
  if (ladder.length === 0) throw new Error('泛化层级不能为空');
  const maxSuppression = opts.maxSuppression ?? 0.05;
  const total = records.reduce((s, r) => s + r.count, 0);

  const tried = ladder.map((level) => {
    const sizes = classSizes(records, level);
    return { level, sizes, suppressed: smallTotal(sizes, k), classes: sizes.size };
  });
  const fits = tried.find((t) => t.suppressed <= maxSuppression * total);
  const chosen = fits ?? tried.reduce((best, t) => (t.suppressed < best.suppressed ? t : best));
  const { level, sizes } = chosen;

  // Merge records that become identical after generalisation (same class and same attributes).
  const out = new Map<string, KOutRecord<A>>();
  for (const r of records) {
    const key = classKey(r, level);
    if ((sizes.get(key) ?? 0) < k) continue;
    const outKey = `${key}|${JSON.stringify(r.attrs)}`;
    const prev = out.get(outKey);
    if (prev) prev.count += r.count;
    else {
      out.set(outKey, {
        birthBand: bandOf(r.birthYear, level.band),
        gender: r.gender,
        neighborhood: r.neighborhood.name,
        compound: level.area === 'compound' ? r.compound.name : null,
        attrs: r.attrs,
        count: r.count,
      });
    }
  }
  const kept = [...sizes.values()].filter((n) => n >= k);
  const released = kept.reduce((s, n) => s + n, 0);
  return {
    k,
    level,
    tried: tried.map((t) => ({ level: t.level, suppressed: t.suppressed, classes: t.classes })),
    records: [...out.values()],
    total,
    released,
    suppressed: total - released,
    kAchieved: kept.length ? kept.reduce((a, b) => (b < a ? b : a)) : null,
    classes: kept.length,
  };
}

export const describeLevel = (l: KLevel): string => `出生年份 ${l.band} 年一段，地址泛化到${l.area === 'compound' ? '小区' : '居民区（居委）'}，性别保留`;
