import { describe, expect, it } from 'vitest';
import { bandOf, type KRecord, kAnonymise } from '../../src/modules/ledgers/k-anonymity.js';

const nbA = { id: 'nA', name: '番禺居委' };
const nbB = { id: 'nB', name: '华山居委' };
const c1 = { id: 'c1', name: '一村' };
const c2 = { id: 'c2', name: '二村' };
const c3 = { id: 'c3', name: '三村' };

const rec = (birthYear: number, gender: 'male' | 'female', compound: typeof c1, neighborhood: typeof nbA, count: number, attr = 'x'): KRecord<{ a: string }> => ({
  birthYear,
  gender,
  compound,
  neighborhood,
  attrs: { a: attr },
  count,
});

/** Class sizes of the output by its quasi-identifiers. */
const classes = (out: ReturnType<typeof kAnonymise<{ a: string }>>) => {
  const m = new Map<string, number>();
  for (const r of out.records) {
    const key = `${r.birthBand}|${r.gender}|${r.neighborhood}|${r.compound}`;
    m.set(key, (m.get(key) ?? 0) + r.count);
  }
  return m;
};

describe('kAnonymise', () => {
  it('bands birth years on multiples of the band width', () => {
    expect(bandOf(1963, 5)).toBe('1960–1964');
    expect(bandOf(1965, 5)).toBe('1965–1969');
    expect(bandOf(1969, 10)).toBe('1960–1969');
    expect(bandOf(2000, 20)).toBe('2000–2019');
  });

  it('keeps the finest level when every class already has k people', () => {
    const out = kAnonymise([rec(1960, 'male', c1, nbA, 3, 'p'), rec(1962, 'male', c1, nbA, 2, 'q'), rec(1980, 'female', c2, nbA, 5)], 5);
    expect(out.level).toEqual({ band: 5, area: 'compound' });
    expect(out.suppressed).toBe(0);
    expect(out.released).toBe(10);
    expect(out.kAchieved).toBe(5);
    expect(out.classes).toBe(2);
    // Records identical after generalisation merge; different attributes stay apart.
    expect(out.records.filter((r) => r.birthBand === '1960–1964')).toHaveLength(2);
  });

  it('generalises the band, then the place, before suppressing', () => {
    // 5-year classes of 3 + 2 per compound: too small; 10-year band joins them to 5 per compound.
    const tenYears = kAnonymise([rec(1960, 'male', c1, nbA, 3), rec(1966, 'male', c1, nbA, 2), rec(1971, 'female', c2, nbA, 3), rec(1977, 'female', c2, nbA, 2)], 5);
    expect(tenYears.level).toEqual({ band: 10, area: 'compound' });
    expect(tenYears.suppressed).toBe(0);
    expect(tenYears.records.every((r) => r.compound !== null)).toBe(true);

    // Only the 居委 brings compounds together: place generalised, compound column emptied.
    const place = kAnonymise([rec(1960, 'male', c1, nbA, 2), rec(1961, 'male', c2, nbA, 2), rec(1962, 'male', c3, nbA, 2)], 5);
    expect(place.level).toEqual({ band: 10, area: 'neighborhood' });
    expect(place.records.every((r) => r.compound === null && r.neighborhood === nbA.name)).toBe(true);
    expect(place.kAchieved).toBe(6);
  });

  it('suppresses the classes still smaller than k and counts them', () => {
    const records = [
      ...Array.from({ length: 40 }, (_, i) => rec(1950 + (i % 40), i % 2 ? 'male' : 'female', c1, nbA, 5)),
      rec(1990, 'male', c3, nbB, 1), // alone in its 居委 at every level
    ];
    const out = kAnonymise(records, 5);
    expect(out.level).toEqual({ band: 5, area: 'compound' });
    expect(out.suppressed).toBe(1);
    expect(out.released).toBe(200);
    expect(out.total).toBe(201);
    for (const [key, n] of classes(out)) expect(n, key).toBeGreaterThanOrEqual(5);
    expect(out.records.some((r) => r.neighborhood === nbB.name)).toBe(false);
  });

  it('takes the step that suppresses least when none stays under the limit', () => {
    const out = kAnonymise([rec(1950, 'male', c1, nbA, 1), rec(1975, 'male', c2, nbA, 1), rec(1990, 'female', c3, nbB, 1)], 5);
    expect(out.suppressed).toBe(3);
    expect(out.released).toBe(0);
    expect(out.kAchieved).toBeNull();
    expect(out.records).toEqual([]);
    expect(out.tried).toHaveLength(4);
  });

  it('holds k for any input (randomised)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const places = [[c1, nbA], [c2, nbA], [c3, nbB]] as const;
    for (let round = 0; round < 20; round++) {
      const records = Array.from({ length: 60 }, () => {
        const [c, n] = places[Math.floor(rnd() * 3)]!;
        return rec(1930 + Math.floor(rnd() * 80), rnd() < 0.5 ? 'male' : 'female', c, n, 1 + Math.floor(rnd() * 3), rnd() < 0.5 ? 'p' : 'q');
      });
      const k = 2 + Math.floor(rnd() * 8);
      const out = kAnonymise(records, k);
      for (const n of classes(out).values()) expect(n).toBeGreaterThanOrEqual(k);
      expect(out.released + out.suppressed).toBe(records.reduce((s, r) => s + r.count, 0));
      expect(out.records.reduce((s, r) => s + r.count, 0)).toBe(out.released);
    }
  });

  it('refuses a k that is not a positive integer', () => {
    expect(() => kAnonymise([], 0)).toThrow();
    expect(() => kAnonymise([], 2.5)).toThrow();
  });
});
