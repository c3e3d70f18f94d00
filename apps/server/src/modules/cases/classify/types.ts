import type { CaseClassification } from '@gongzhi/contracts';

/** The classification assist as the case engine sees it: one fast, synchronous suggestion per text. */
export interface CaseClassifierService {
  /** Type and category suggested for a description, with confidences (0–1). */
  suggest(text: string): CaseClassification;
  /** Retrain from the case history in the database; answers how many cases it learnt from. */
  retrain(): Promise<{ trainedOn: number }>;
  /** Tell the model a case was taken in (it may retrain after enough new ones). */
  observe(): void;
}
