import { caseTypes } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import { generateCaseTexts, syntheticCategories } from '../../../src/modules/cases/synthetic.js';
import { seedTaxonomy } from '../../../src/modules/cases/taxonomy.js';

const cases = generateCaseTexts(3000, 7);

describe('synthetic case texts', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(generateCaseTexts(50, 7)).toEqual(cases.slice(0, 50));
    const other = generateCaseTexts(50, 8);
    expect(other.filter((c, i) => c.description === cases[i]!.description).length).toBeLessThan(5);
  });

  it('cover every second-level category of the taxonomy, and every type', () => {
    const codes = seedTaxonomy.flatMap((g) => g.children.map((c) => c.code));
    expect(syntheticCategories.map((c) => c.code)).toEqual(codes);
    const perCategory = new Map<string, number>();
    for (const c of cases) perCategory.set(c.categoryCode, (perCategory.get(c.categoryCode) ?? 0) + 1);
    for (const code of codes) expect(perCategory.get(code) ?? 0, code).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(caseTypes));
    // A category's default type dominates it (养老服务 is mostly 咨询).
    const elderly = cases.filter((c) => c.categoryCode === 'B0601');
    expect(elderly.filter((c) => c.type === 'consult').length / elderly.length).toBeGreaterThan(0.3);
  });

  it('look like reports: Chinese, titled, 30–200 characters, nearly all distinct', () => {
    for (const c of cases) {
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.title.length).toBeLessThanOrEqual(60);
      expect(c.description.length).toBeGreaterThanOrEqual(30);
      expect(c.description.length).toBeLessThanOrEqual(200);
      expect(c.description).toMatch(/^[\p{Script=Han}\p{N}A-Za-z，。：？]+$/u);
      expect(c.description).toMatch(/。$/);
    }
    expect(new Set(cases.map((c) => c.description)).size).toBeGreaterThan(cases.length * 0.95);
    const mean = cases.reduce((s, c) => s + c.description.length, 0) / cases.length;
    console.log(`synthetic: mean description ${mean.toFixed(0)} characters, e.g. ${cases[0]!.title} | ${cases[0]!.description}`);
  });
});
