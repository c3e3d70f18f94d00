/**
 * Multinomial naive Bayes over binary (present / absent) features with add-α (Laplace) smoothing,
 * and a softmax temperature fitted on held-out cases so that confidences are probabilities:
 * naive Bayes counts correlated features (a word and its bigrams) as independent evidence,
 * which makes its raw posteriors far too sure of themselves.
 * Pure and synchronous; the caller featurizes and decides when to yield.
 */

/** Feature strings → dense ids, shared by the models trained on the same documents. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Documents each feature occurs in. */
  readonly df: number[] = [];
  private readonly lastDoc: number[] = [];
  private documents = 0;

  get size(): number {
    return this.df.length;
  }

  /** The distinct features of one training document as ids, adding new features. */
  add(features: readonly string[]): number[] {
    // Stamp each id with the document number instead of building a Set per document: training is hot.
    const doc = ++this.documents;
    const out: number[] = [];
    for (const f of features) {
      let id = this.ids.get(f);
      if (id === undefined) {
        id = this.df.length;
        this.ids.set(f, id);
        this.df.push(0);
        this.lastDoc.push(0);
      }
      if (this.lastDoc[id] === doc) continue;
      this.lastDoc[id] = doc;
      this.df[id]!++;
      out.push(id);
    }
    return out;
  }

  /** The distinct known features of a text to classify. */
  lookup(features: readonly string[]): number[] {
    const out = new Set<number>();
    for (const f of features) {
      const id = this.ids.get(f);
      if (id !== undefined) out.add(id);
    }
    return [...out];
  }
}

export interface Prediction {
  label: string;
  p: number;
}

/** Counts per (feature, label) while documents are added; build() turns them into a model. */
export class NaiveBayesTrainer {
  private counts = new Uint32Array(0);
  private readonly docs: Float64Array;
  private readonly index: Map<string, number>;
  documents = 0;

  constructor(readonly labels: readonly string[]) {
    this.docs = new Float64Array(labels.length);
    this.index = new Map(labels.map((l, i) => [l, i]));
  }

  /** Count one document (its distinct feature ids); false when the label is not one of ours. */
  add(ids: readonly number[], label: string): boolean {
    const li = this.index.get(label);
    if (li === undefined) return false;
    const L = this.labels.length;
    let max = -1;
    for (const id of ids) if (id > max) max = id;
    if ((max + 1) * L > this.counts.length) {
      // Grow by doubling: the vocabulary keeps growing while documents come in.
      const next = new Uint32Array(Math.max((max + 1) * L, this.counts.length * 2, 1024 * L));
      next.set(this.counts);
      this.counts = next;
    }
    for (const id of ids) this.counts[id * L + li]!++;
    this.docs[li]!++;
    this.documents++;
    return true;
  }

  /** The model: features seen in fewer than `minDf` documents are dropped (names, typos, house numbers). */
  build(vocab: Vocabulary, opts: { alpha: number; minDf: number }): NaiveBayesModel {
    const L = this.labels.length;
    const nFeatures = Math.min(vocab.size, this.counts.length / L);
    const rows = new Int32Array(vocab.size).fill(-1);
    const totals = new Float64Array(L);
    let kept = 0;
    for (let f = 0; f < nFeatures; f++) {
      if (vocab.df[f]! < opts.minDf) continue;
      let any = 0;
      for (let c = 0; c < L; c++) any += this.counts[f * L + c]!;
      if (any === 0) continue;
      rows[f] = kept++;
      for (let c = 0; c < L; c++) totals[c]! += this.counts[f * L + c]!;
    }
    // Feature-major weights: one contiguous row of log P(feature | label) per feature.
    const weights = new Float32Array(kept * L);
    const logDenominators = Array.from(totals, (t) => Math.log(t + opts.alpha * kept));
    const logAlpha = Math.log(opts.alpha);
    for (let f = 0; f < nFeatures; f++) {
      const r = rows[f]!;
      if (r < 0) continue;
      for (let c = 0; c < L; c++) {
        const n = this.counts[f * L + c]!;
        // Most (feature, label) pairs are unseen: skip the logarithm for them.
        weights[r * L + c] = (n === 0 ? logAlpha : Math.log(n + opts.alpha)) - logDenominators[c]!;
      }
    }
    // A label no document had cannot be predicted.
    const priors = Array.from(this.docs, (n) => (n > 0 ? Math.log(n / this.documents) : -Infinity));
    return new NaiveBayesModel(this.labels, rows, weights, Float64Array.from(priors));
  }
}

export class NaiveBayesModel {
  temperature = 1;

  constructor(
    readonly labels: readonly string[],
    private readonly rows: Int32Array,
    private readonly weights: Float32Array,
    private readonly priors: Float64Array,
  ) {}

  /** Log joint scores per label (unnormalised). */
  scores(ids: readonly number[]): Float64Array {
    const L = this.labels.length;
    const s = Float64Array.from(this.priors);
    for (const id of ids) {
      const r = this.rows[id] ?? -1;
      if (r < 0) continue;
      const base = r * L;
      for (let c = 0; c < L; c++) s[c]! += this.weights[base + c]!;
    }
    return s;
  }

  /** Posterior probabilities per label at the fitted temperature. */
  probabilities(ids: readonly number[]): Float64Array {
    return softmax(this.scores(ids), this.temperature);
  }

  /** The `k` most probable labels, best first. */
  top(ids: readonly number[], k: number): Prediction[] {
    const p = this.probabilities(ids);
    return Array.from(p, (v, i) => ({ label: this.labels[i]!, p: v }))
      .filter((x) => x.p > 0)
      .sort((a, b) => b.p - a.p)
      .slice(0, k);
  }

  /**
   * Fit the temperature minimising the log loss on held-out documents (their scores from a model
   * that did not see them): golden-section search over log T, the loss being smooth in T.
   */
  fitTemperature(heldOut: readonly { scores: Float64Array; label: string }[]): number {
    const index = new Map(this.labels.map((l, i) => [l, i]));
    const usable = heldOut.filter((h) => index.has(h.label));
    if (usable.length === 0) return this.temperature;
    const loss = (logT: number) => {
      const t = Math.exp(logT);
      let sum = 0;
      for (const h of usable) sum += logLoss(h.scores, index.get(h.label)!, t);
      return sum;
    };
    let [lo, hi] = [Math.log(0.5), Math.log(200)];
    const g = (Math.sqrt(5) - 1) / 2;
    let a = hi - g * (hi - lo);
    let b = lo + g * (hi - lo);
    let fa = loss(a);
    let fb = loss(b);
    while (hi - lo > 0.01) {
      if (fa < fb) {
        [hi, b, fb] = [b, a, fa];
        a = hi - g * (hi - lo);
        fa = loss(a);
      } else {
        [lo, a, fa] = [a, b, fb];
        b = lo + g * (hi - lo);
        fb = loss(b);
      }
    }
    this.temperature = Math.exp((lo + hi) / 2);
    return this.temperature;
  }
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  if (max === -Infinity) return out;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp((scores[i]! - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** −log softmax(scores / t)[y], without allocating (the temperature scan calls it a lot). */
function logLoss(scores: Float64Array, y: number, t: number): number {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  if (scores[y] === -Infinity) return -Math.log(1e-9);
  let sum = 0;
  for (const s of scores) sum += Math.exp((s - max) / t);
  return Math.min(-Math.log(1e-9), Math.log(sum) - (scores[y]! - max) / t);
}
