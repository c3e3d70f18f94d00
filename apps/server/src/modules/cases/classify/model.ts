import { type CaseClassification, type CaseType, caseTypes } from '@gongzhi/contracts';
import { featurize } from './features.js';
import { type NaiveBayesModel, NaiveBayesTrainer, Vocabulary } from './naive-bayes.js';

export interface TrainingCase {
  /** Title and description, as intake classifies them: `${title}。${description}`. */
  text: string;
  type: string;
  categoryCode: string | null;
}

export interface CategoryName {
  code: string;
  name: string;
}

export interface TrainOptions {
  /** Add-α smoothing (1 = Laplace). */
  alpha?: number;
  /** Features in fewer documents are dropped. */
  minDf?: number;
  /** Every n-th case is held out first to fit the confidence temperature, then learnt too. */
  heldOutEvery?: number;
  /** Yield to the event loop after this many cases, so training never stalls requests for long. */
  yieldEvery?: number;
}

const defaults: Required<TrainOptions> = { alpha: 0.5, minDf: 2, heldOutEvery: 10, yieldEvery: 200 };
// Below this many held-out cases a fitted temperature is noise (keep 1); above the cap, no better.
const minHeldOut = 30;
const maxHeldOut = 2000;

/** Type and category models over the same features, with the names of the categories. */
export class CaseClassifierModel {
  constructor(
    private readonly vocab: Vocabulary,
    private readonly type: NaiveBayesModel,
    private readonly category: NaiveBayesModel,
    private readonly names: ReadonlyMap<string, string>,
    readonly trainedOn: number,
  ) {}

  suggest(text: string): CaseClassification {
    const ids = this.vocab.lookup(featurize(text));
    const [type] = this.type.top(ids, 1);
    const cats = this.category.top(ids, 3);
    return {
      // No type model (nothing learnt): confidence 0 tells intake to fall back on the category's default.
      type: (type?.label as CaseType | undefined) ?? 'complaint',
      typeConfidence: round(type?.p ?? 0),
      categoryCode: cats[0]?.label ?? null,
      categoryConfidence: round(cats[0]?.p ?? 0),
      alternatives: cats.map((c) => ({ categoryCode: c.label, name: this.names.get(c.label) ?? c.label, confidence: round(c.p) })),
      modelTrainedOn: this.trainedOn,
    };
  }

  /** The fitted softmax temperatures (for tests and diagnostics). */
  get temperatures(): { type: number; category: number } {
    return { type: this.type.temperature, category: this.category.temperature };
  }
}

const round = (p: number) => Math.round(p * 1e4) / 1e4;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Train both models. Categories not in `categories` (retired ones) are not learnt; their cases still
 * teach the type model.
 */
export async function trainClassifier(cases: readonly TrainingCase[], categories: readonly CategoryName[], options: TrainOptions = {}): Promise<CaseClassifierModel> {
  const o = { ...defaults, ...options };
  const vocab = new Vocabulary();
  const types = new NaiveBayesTrainer(caseTypes);
  const cats = new NaiveBayesTrainer(categories.map((c) => c.code));
  const held: { ids: number[]; c: TrainingCase }[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const ids = vocab.add(featurize(c.text));
    if (i % o.heldOutEvery === o.heldOutEvery - 1 && held.length < maxHeldOut) held.push({ ids, c });
    else learn(types, cats, ids, c);
    if (i % o.yieldEvery === o.yieldEvery - 1) await tick();
  }

  // Temperatures from the cases the first models did not see; then those cases are learnt too.
  let tType = 1;
  let tCat = 1;
  if (held.length >= minHeldOut) {
    const typeA = types.build(vocab, o);
    tType = typeA.fitTemperature(held.map((h) => ({ scores: typeA.scores(h.ids), label: h.c.type })));
    await tick();
    const catA = cats.build(vocab, o);
    tCat = catA.fitTemperature(held.flatMap((h) => (h.c.categoryCode ? [{ scores: catA.scores(h.ids), label: h.c.categoryCode }] : [])));
    await tick();
  }
  for (const h of held) learn(types, cats, h.ids, h.c);
  const type = types.build(vocab, o);
  await tick();
  const category = cats.build(vocab, o);
  type.temperature = tType;
  category.temperature = tCat;
  return new CaseClassifierModel(vocab, type, category, new Map(categories.map((c) => [c.code, c.name])), types.documents);
}

function learn(types: NaiveBayesTrainer, cats: NaiveBayesTrainer, ids: number[], c: TrainingCase): void {
  types.add(ids, c.type);
  if (c.categoryCode) cats.add(ids, c.categoryCode);
}
