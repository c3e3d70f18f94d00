import { describe, expect, it } from 'vitest';
import { chooseUpload, fitWithin, photoRules, qualitySteps, takePhotos } from '../../src/shared/photo-rules';
import { draftKeeper, newDraftKey, once } from '../../src/portal/report/draft';
import { portalEn } from '../../src/portal/i18n/portal.en';
import { portalZh } from '../../src/portal/i18n/portal.zh';

/** An in-memory Storage for the draft keeper. */
function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('photo compression rules', () => {
  it('scales the long side down to 1600 px, keeping proportions', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600, scaled: true });
    expect(fitWithin(4032, 1908)).toEqual({ width: 1600, height: 757, scaled: true });
    // A panorama keeps at least one pixel on its short side.
    expect(fitWithin(100_000, 10)).toEqual({ width: 1600, height: 1, scaled: true });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900, scaled: false });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480, scaled: false });
  });

  it('refuses an image without a size', () => {
    expect(() => fitWithin(0, 100)).toThrow();
    expect(() => fitWithin(Number.NaN, 100)).toThrow();
  });

  it('tries quality 0.8 first, then lower down to 0.5', () => {
    expect(qualitySteps()).toEqual([0.8, 0.7, 0.6, 0.5]);
    expect(qualitySteps(0.9, 0.7)).toEqual([0.9, 0.8, 0.7]);
    expect(photoRules.maxBytes).toBeLessThan(5 * 1024 * 1024); // the server's default limit
  });

  it('uploads the re-encoded JPEG unless the original is smaller, unscaled and of a type the server takes', () => {
    const jpeg = (size: number) => ({ size, type: 'image/jpeg' });
    const encoded = jpeg(300_000);
    expect(chooseUpload(jpeg(200_000), encoded, false).size).toBe(200_000);
    expect(chooseUpload(jpeg(200_000), encoded, true)).toBe(encoded);
    expect(chooseUpload(jpeg(400_000), encoded, false)).toBe(encoded);
    expect(chooseUpload({ size: 100_000, type: 'image/heic' }, encoded, false)).toBe(encoded);
    expect(chooseUpload({ size: 100_000, type: 'image/gif' }, encoded, false)).toBe(encoded);
    expect(chooseUpload(jpeg(2_000_000), jpeg(2_100_000), false).size).toBe(2_100_000);
  });

  it('takes at most six photos in all', () => {
    expect(takePhotos([1, 2, 3], 0)).toEqual({ taken: [1, 2, 3], dropped: 0 });
    expect(takePhotos([1, 2, 3], 4)).toEqual({ taken: [1, 2], dropped: 1 });
    expect(takePhotos([1], 6)).toEqual({ taken: [], dropped: 1 });
  });
});

describe('idempotency key per draft', () => {
  it('is 128 random bits the server accepts (8–100 characters)', () => {
    const k = newDraftKey();
    expect(k).toMatch(/^portal-[0-9a-f]{32}$/);
    expect(k.length).toBeGreaterThanOrEqual(8);
    expect(k.length).toBeLessThanOrEqual(100);
    expect(newDraftKey()).not.toBe(k);
    expect(newDraftKey((b) => b.fill(255))).toBe(`portal-${'ff'.repeat(16)}`);
  });

  it('stays the same for a draft — every retry and a reload — and changes for the next draft', () => {
    const store = memoryStore();
    const keeper = draftKeeper(store);
    const first = keeper.key();
    expect(keeper.key()).toBe(first);
    // A reload: a new keeper over the same storage finds the draft's key.
    expect(draftKeeper(store).key()).toBe(first);
    const next = keeper.reset();
    expect(next).not.toBe(first);
    expect(keeper.key()).toBe(next);
    expect(draftKeeper(store).key()).toBe(next);
  });

  it('ignores a damaged stored key and works without storage', () => {
    const store = memoryStore();
    store.setItem('gongzhi.portal.draftKey', 'garbage');
    expect(draftKeeper(store).key()).toMatch(/^portal-[0-9a-f]{32}$/);
    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); }, removeItem: () => undefined };
    const k = draftKeeper(blocked);
    expect(k.key()).toBe(k.key());
    expect(draftKeeper(null).key()).toMatch(/^portal-/);
  });

  it('sends one request for a double tap and lets the next tap through afterwards', async () => {
    let calls = 0;
    let release!: (v: string) => void;
    const send = once(() => {
      calls++;
      return new Promise<string>((r) => (release = r));
    });
    const a = send();
    const b = send();
    expect(calls).toBe(1);
    release('case-1');
    expect(await a).toBe('case-1');
    expect(await b).toBe('case-1');
    const c = send();
    expect(calls).toBe(2);
    release('case-2');
    expect(await c).toBe('case-2');
  });

  it('lets a retry through after a failure', async () => {
    let calls = 0;
    const send = once(async () => {
      calls++;
      if (calls === 1) throw new Error('network');
      return 'ok';
    });
    await expect(send()).rejects.toThrow('network');
    expect(await send()).toBe('ok');
  });
});

describe('portal texts', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
  it('has every Chinese text in English too', () => {
    expect(keys(portalEn).sort()).toEqual(keys(portalZh).sort());
  });
});
