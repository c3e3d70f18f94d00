import { checkIdNumber } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/modules/geo/rng.js';
import { planHousehold } from '../../../src/seed/households.js';
import { birthDateFor, idNumber, mobile, personName } from '../../../src/seed/people.js';
import { populationReferenceDay } from '../../../src/seed/population.js';

const people = (seed: number, n: number) => {
  const rng = createRng(seed);
  const taken = new Set<string>();
  return Array.from({ length: n }, () => {
    const plan = planHousehold(rng, 'resold_public');
    return plan.members.map((m) => {
      const birthDate = birthDateFor(rng, m.age, populationReferenceDay);
      return { ...m, birthDate, name: personName(rng, m.gender), id: idNumber(rng, { birthDate, gender: m.gender, local: m.hukouHere }, taken), phone: mobile(rng) };
    });
  }).flat();
};

describe('demo population plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(people(7, 200)).toEqual(people(7, 200));
    expect(people(8, 200).map((p) => p.id)).not.toEqual(people(7, 200).map((p) => p.id));
  });

  it('gives valid, unique ID numbers whose birth date and gender match the person', () => {
    const all = people(11, 1500);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    for (const p of all) {
      const c = checkIdNumber(p.id);
      expect(c.ok).toBe(true);
      if (!c.ok) continue;
      expect(c.birthDate).toBe(p.birthDate);
      expect(c.gender).toBe(p.gender);
      expect(p.birthDate <= populationReferenceDay).toBe(true);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('marks elderly people living alone, the very old, and registered residents with Changning ID numbers mostly', () => {
    const all = people(12, 4000);
    for (const p of all) if (p.age >= 80) expect(p.tags).toContain('very_old');
    const alone = all.filter((p) => p.tags.includes('living_alone_elderly'));
    expect(alone.length).toBeGreaterThan(20);
    for (const p of alone) expect(p.age).toBeGreaterThanOrEqual(60);
    const local = all.filter((p) => p.hukouHere);
    expect(local.filter((p) => p.id.startsWith('310105')).length / local.length).toBeGreaterThan(0.7);
    // Households average a little over two people, as in Changning.
    const rng = createRng(3);
    const sizes = Array.from({ length: 3000 }, () => planHousehold(rng, 'commercial').members.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1.8);
    expect(mean).toBeLessThan(3);
  });
});
