import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { CaseClassifierService } from './types.js';

// PLACEHOLDER until the naive Bayes model lands (same exports): suggests nothing.
export async function createClassifier(_db: Kysely<DB>): Promise<CaseClassifierService> {
  return {
    suggest: () => ({ type: 'complaint', typeConfidence: 0, categoryCode: null, categoryConfidence: 0, alternatives: [], modelTrainedOn: 0 }),
    retrain: async () => ({ trainedOn: 0 }),
    observe: () => undefined,
  };
}
