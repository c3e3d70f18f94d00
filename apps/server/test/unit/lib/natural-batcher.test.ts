import { describe, expect, it } from 'vitest';
import { NaturalBatcher } from '../../../src/lib/natural-batcher.js';

/** A run function whose calls the test finishes by hand. */
function manual() {
  const calls: { items: number[]; finish: (fail?: boolean) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({ items, finish: (fail) => (fail ? reject(new Error(`batch ${items.join(',')} failed`)) : resolve(items.map((i) => i * 10))) });
    });
  return { calls, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('NaturalBatcher (group commit)', () => {
  it('sends an item alone when idle, and what arrives meanwhile together in the next batch', async () => {
    const m = manual();
    const b = new NaturalBatcher(m.run);
    const first = b.submit(1);
    const rest = [b.submit(2), b.submit(3), b.submit(4)];
    expect(m.calls.map((c) => c.items)).toEqual([[1]]);
    m.calls[0]!.finish();
    await tick();
    expect(m.calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    m.calls[1]!.finish();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(b.stats).toMatchObject({ batches: 2, items: 4, largest: 3, fallbacks: 0 });
  });

  it('runs the items of a failed batch one by one, so each caller gets its own outcome', async () => {
    const m = manual();
    const b = new NaturalBatcher(m.run);
    const a = b.submit(1);
    const x = b.submit(2);
    const y = b.submit(3);
    m.calls[0]!.finish();
    await tick();
    m.calls[1]!.finish(true); // the batch [2, 3] fails …
    await tick();
    expect(m.calls.slice(2).map((c) => c.items)).toEqual([[2], [3]]);
    m.calls[2]!.finish(true); // … because of item 2 alone
    m.calls[3]!.finish();
    expect(await a).toBe(10);
    await expect(x).rejects.toThrow('batch 2 failed');
    expect(await y).toBe(30);
    expect(b.stats.fallbacks).toBe(1);
  });

  it('caps a batch at maxBatch items', async () => {
    const m = manual();
    const b = new NaturalBatcher(m.run, 2);
    const all = [1, 2, 3, 4, 5].map((i) => b.submit(i));
    for (let i = 0; i < 3; i++) {
      m.calls[i]!.finish();
      await tick();
    }
    expect(m.calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });
});
