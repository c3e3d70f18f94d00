import { tokenize } from '../text/segment.js';

// Han characters only: bigrams of digits (house numbers) and Latin letters only add noise.
const hanRun = /\p{Script=Han}+/gu;
const digitsOnly = /^\d+$/;

/**
 * Features of a case text for the classifier: jieba words (domain words whole) plus character
 * bigrams, which catch what the dictionary cuts differently (电瓶车 / 电动车 share 动车, 电…)
 * and unknown words. A question mark is a feature of its own: it marks consultations.
 */
export function featurize(text: string): string[] {
  const out: string[] = [];
  for (const w of tokenize(text)) if (!digitsOnly.test(w)) out.push(w);
  for (const [run] of text.matchAll(hanRun)) {
    const chars = [...run]; // by code point: rare characters are surrogate pairs
    // Prefixed so the bigram 电梯 and the word 电梯 are separate features.
    for (let i = 0; i + 1 < chars.length; i++) out.push(`#${chars[i]}${chars[i + 1]}`);
  }
  if (text.includes('?') || text.includes('？')) out.push('?');
  return out;
}
