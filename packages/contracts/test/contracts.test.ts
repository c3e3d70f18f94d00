import { describe, expect, it } from 'vitest';
import { errorTable, httpStatusOf, levelOfCode, UnitCodeSchema, LngLatQuerySchema, CompoundListQuerySchema } from '../src/index.js';

describe('error table', () => {
  it('gives every code a 4xx/5xx status and both languages', () => {
    for (const [code, e] of Object.entries(errorTable)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(600);
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).toMatch(/[A-Za-z]/);
    }
    expect(httpStatusOf('OUTSIDE_JURISDICTION')).toBe(422);
    expect(httpStatusOf('DATABASE_UNAVAILABLE')).toBe(503);
  });
});

describe('unit codes', () => {
  it('derives the level from the code length', () => {
    expect(levelOfCode('310105')).toBe('district');
    expect(levelOfCode('310105004')).toBe('subdistrict');
    expect(levelOfCode('310105004001')).toBe('neighborhood');
    expect(levelOfCode('310105004001003')).toBe('grid');
    expect(levelOfCode('3101050')).toBeNull();
  });
  it('rejects malformed codes with a Chinese message', () => {
    expect(UnitCodeSchema.safeParse('310105004').success).toBe(true);
    const bad = UnitCodeSchema.safeParse('31010500x');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('区划代码');
  });
});

describe('query schemas', () => {
  it('coerces and bounds coordinates', () => {
    expect(LngLatQuerySchema.parse({ lng: '121.4', lat: '31.2' })).toEqual({ lng: 121.4, lat: 31.2 });
    expect(LngLatQuerySchema.safeParse({ lng: '181', lat: '31' }).success).toBe(false);
    expect(LngLatQuerySchema.safeParse({ lng: 'abc', lat: '31' }).success).toBe(false);
  });
  it('defaults and caps page size', () => {
    expect(CompoundListQuerySchema.parse({}).limit).toBe(50);
    expect(CompoundListQuerySchema.safeParse({ limit: '201' }).success).toBe(false);
    expect(CompoundListQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });
});
