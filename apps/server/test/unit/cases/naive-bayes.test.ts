import { describe, expect, it } from 'vitest';
import { NaiveBayesTrainer, softmax, Vocabulary } from '../../../src/modules/cases/classify/naive-bayes.js';

/** a: {x,y}, a: {x}, b: {z}: small enough to work out by hand (weights are float32: 6 digits). */
function tiny(minDf = 1) {
  const vocab = new Vocabulary();
  const t = new NaiveBayesTrainer(['a', 'b', 'never']);
  t.add(vocab.add(['x', 'y', 'x']), 'a');
  t.add(vocab.add(['x']), 'a');
  t.add(vocab.add(['z']), 'b');
  return { vocab, model: t.build(vocab, { alpha: 1, minDf }) };
}

describe('naive Bayes', () => {
  it('computes Laplace-smoothed posteriors as worked out by hand', () => {
    const { vocab, model } = tiny();
    // P(a)=2/3, P(x|a)=(2+1)/(3+3)=1/2; P(b)=1/3, P(x|b)=(0+1)/(1+3)=1/4 → P(a|x) = (1/3)/(1/3+1/12) = 0.8
    const p = model.probabilities(vocab.lookup(['x']));
    expect(p[0]).toBeCloseTo(0.8, 6);
    expect(p[1]).toBeCloseTo(0.2, 6);
    // A label without documents is never suggested.
    expect(p[2]).toBe(0);
    expect(model.top(vocab.lookup(['z']), 3).map((x) => x.label)).toEqual(['b', 'a']);
  });

  it('ignores unknown features, counts a feature once per document, and softens with the temperature', () => {
    const { vocab, model } = tiny();
    expect(vocab.lookup(['x', 'unknown', 'x'])).toEqual(vocab.lookup(['x']));
    model.temperature = 2;
    // Scores halved: the odds 4:1 become 2:1.
    expect(model.probabilities(vocab.lookup(['x']))[0]).toBeCloseTo(2 / 3, 6);
  });

  it('drops features seen in fewer than minDf documents', () => {
    const { vocab, model } = tiny(2);
    // Only x survives; it is in a's documents only, and z (dropped) no longer points to b.
    expect(model.probabilities(vocab.lookup(['z']))[0]).toBeCloseTo(2 / 3, 6);
  });

  it('fits a temperature that lowers the held-out log loss', () => {
    const { vocab, model } = tiny();
    // Held-out documents that contradict the model half of the time: it must become less sure.
    const held = [
      { scores: model.scores(vocab.lookup(['x'])), label: 'a' },
      { scores: model.scores(vocab.lookup(['x'])), label: 'b' },
      { scores: model.scores(vocab.lookup(['z'])), label: 'b' },
      { scores: model.scores(vocab.lookup(['z'])), label: 'a' },
    ];
    const nll = (t: number) => -held.reduce((s, h) => s + Math.log(softmax(h.scores, t)[h.label === 'a' ? 0 : 1]!), 0);
    const t = model.fitTemperature(held);
    expect(t).toBeGreaterThan(1);
    expect(nll(t)).toBeLessThan(nll(1));
    expect(model.temperature).toBe(t);
  });

  it('softmax is stable for large scores and empty for impossible ones', () => {
    const p = softmax(Float64Array.from([-1000, -1001, -Infinity]), 1);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
    expect(p[2]).toBe(0);
    expect([...softmax(Float64Array.from([-Infinity, -Infinity]), 1)]).toEqual([0, 0]);
  });
});
