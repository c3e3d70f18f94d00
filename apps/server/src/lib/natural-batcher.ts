/**
 * Natural batching ("group commit"): an item submitted while nothing runs goes at once, alone;
 * items submitted while a batch runs wait and go together in the next one (up to `maxBatch`).
 * No timer, so a quiet system pays no latency, and a busy one sends fewer, larger statements.
 * If a batch fails, each of its items is run alone, so every caller gets its own answer and
 * nobody else's error.
 */
export class NaturalBatcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];

  private running = false;

  /** Batches run, items carried, the largest batch and the batches that fell back to one by one. */
  readonly stats = { batches: 0, items: 0, largest: 0, fallbacks: 0 };

  constructor(
    /** Answers one output per item, in the items' order. */
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) await this.runBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: typeof this.queue): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const out = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      this.stats.fallbacks++;
      await Promise.all(batch.map((b) => this.run([b.item]).then((o) => b.resolve(o[0]!), b.reject)));
    }
  }
}
