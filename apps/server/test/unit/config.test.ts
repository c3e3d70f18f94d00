import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { decodeCursor, encodeCursor, isString } from '../../src/lib/cursor.js';
import { AppError } from '../../src/http/app-error.js';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.seedScale).toBe('demo');
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
  it('names every bad value in one clear message', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', GONGZHI_SEED_SCALE: 'huge' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('PORT');
    expect(msg).toContain('DATABASE_URL 必须以 postgres://');
    expect(msg).toContain('GONGZHI_SEED_SCALE');
  });
});

describe('cursor', () => {
  it('round-trips and rejects garbage with a 400 error', () => {
    expect(decodeCursor(encodeCursor('XQ310105004001'), isString)).toBe('XQ310105004001');
    expect(decodeCursor(undefined, isString)).toBeUndefined();
    expect(() => decodeCursor('not-a-cursor', isString)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(42), isString)).toThrow(/分页游标无效/);
  });
});
