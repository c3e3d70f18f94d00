import type { CaseClassification, CaseType } from '@gongzhi/contracts';

/**
 * The type of a new case when the reporter did not say: the classifier's guess only when it is as
 * sure as the threshold that applies a category; else the category's usual type (a 跨门营业 report
 * is a complaint), else the guess, else a complaint. A weak guess (say 20 %) used to win over the
 * category, filing obvious complaints as requests for help.
 */
export function intakeType(
  given: CaseType | undefined,
  suggestion: Pick<CaseClassification, 'type' | 'typeConfidence'>,
  categoryDefault: CaseType | null,
  minConfidence: number,
): CaseType {
  if (given) return given;
  if (suggestion.typeConfidence >= minConfidence) return suggestion.type;
  if (categoryDefault) return categoryDefault;
  return suggestion.typeConfidence > 0 ? suggestion.type : 'complaint';
}
