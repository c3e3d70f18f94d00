import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { generateCaseTexts } from '../synthetic.js';
import { type CaseClassifierModel, type TrainingCase, type TrainOptions, trainClassifier } from './model.js';
import { ClassifierRepository } from './repository.js';
import type { CaseClassifierService } from './types.js';

export interface ClassifierOptions {
  /** Retrain in the background after this many new cases … */
  retrainAfter?: number;
  /** … but not more often than this: under heavy intake, retraining back to back would only eat a core. */
  minRetrainIntervalMs?: number;
  /** With fewer categorised cases than this, the synthetic corpus is learnt too, so a fresh install suggests sensibly. */
  minHistory?: number;
  /** The most recent cases learnt from. */
  maxHistory?: number;
  /** Size of the synthetic corpus. */
  syntheticCases?: number;
  train?: TrainOptions;
  /** Where background retraining failures go (they are never thrown into intake). */
  onError?: (err: unknown) => void;
}

const defaults = {
  retrainAfter: 500,
  minRetrainIntervalMs: 10 * 60_000,
  minHistory: 200,
  maxHistory: 50_000,
  syntheticCases: 3000,
  onError: (err: unknown) =>
    void process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: '案件分类模型重新训练失败 (classifier retrain failed)', err: String(err) })}\n`),
};
// Fixed: the same cold-start model on every install and in every test.
const syntheticSeed = 12345;

/**
 * The classification assist: trained from the case history at start, used synchronously by intake,
 * retrained in the background as cases come in. A retrain swaps the model when it is done; until
 * then suggestions come from the previous one.
 */
export async function createClassifier(db: Kysely<DB>, options: ClassifierOptions = {}): Promise<CaseClassifierService> {
  const o = { ...defaults, ...options };
  const repo = new ClassifierRepository(db);

  const build = async (): Promise<CaseClassifierModel> => {
    const categories = await repo.activeSubcategories();
    const history = await repo.recentCases(o.maxHistory);
    const cases: TrainingCase[] = history.length >= o.minHistory ? history : [...syntheticCorpus(o.syntheticCases), ...history];
    return trainClassifier(cases, categories, o.train);
  };

  let model = await build();
  let trainedAt = Date.now();
  let observed = 0;
  let running: Promise<unknown> | null = null;
  let queued: Promise<{ trainedOn: number }> | null = null;

  const start = (): Promise<{ trainedOn: number }> => {
    const p = build().then((m) => {
      model = m;
      trainedAt = Date.now();
      return { trainedOn: m.trainedOn };
    });
    running = p;
    const clear = () => {
      if (running === p) running = null;
    };
    p.then(clear, clear);
    return p;
  };

  // A retrain asked for while one runs waits for it and then reads the history afresh, so the
  // caller's cases are in; callers meanwhile share that one follow-up run.
  const retrain = (): Promise<{ trainedOn: number }> => {
    if (!running) return start();
    queued ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };

  return {
    suggest: (text) => model.suggest(text),
    retrain,
    observe: () => {
      observed++;
      if (observed < o.retrainAfter || queued || Date.now() - trainedAt < o.minRetrainIntervalMs) return;
      observed = 0;
      retrain().catch(o.onError);
    },
  };
}

function syntheticCorpus(n: number): TrainingCase[] {
  return generateCaseTexts(n, syntheticSeed).map((c) => ({ text: `${c.title}。${c.description}`, type: c.type, categoryCode: c.categoryCode }));
}
