import { describe, expect, it } from 'vitest';
import { answeredTargetThreshold, answerThreshold, floorTo, parseThresholdRule, shareAtOrAbove, youdenThreshold } from '../../../../src/engine/scoring/thresholds.js';

const at = (...scores: number[]) => scores.map((score) => ({ score, weight: 1 }));

describe('answer threshold rules', () => {
  // Answerable questions' confidences and unanswerable ones', overlapping in the middle.
  const answerable = at(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1);
  const unanswerable = at(0.65, 0.35, 0.3, 0.25, 0.2, 0.1);

  it('youden: where answered minus not-abstained is largest', () => {
    // At 0.4: 6/10 answered, 1/6 unanswerable answered → J = 0.433, the best cut.
    expect(youdenThreshold(answerable, unanswerable)).toBe(0.4);
  });

  it('answered:<target>: the highest threshold still answering the target share of answerable questions', () => {
    expect(answeredTargetThreshold(answerable, 0.8)).toBe(0.2);
    expect(shareAtOrAbove(answerable, 0.2)).toBe(0.8);
    // A higher target only ever lowers the threshold: the margin costs abstention, never answered rate.
    expect(answeredTargetThreshold(answerable, 0.9)).toBe(0.15);
    expect(answeredTargetThreshold(answerable, 0.5)).toBe(0.5);
    expect(answeredTargetThreshold([], 0.9)).toBe(0);
  });

  it("weighs each question by its set's weight", () => {
    const weighted = [
      { score: 0.9, weight: 1 },
      { score: 0.5, weight: 3 },
      { score: 0.1, weight: 1 },
    ];
    expect(answeredTargetThreshold(weighted, 0.8)).toBe(0.5);
    expect(answeredTargetThreshold(weighted.map((x) => ({ ...x, weight: 1 })), 0.8)).toBe(0.1);
  });

  it('parses a rule from the command line, and refuses anything else with one clear line', () => {
    expect(parseThresholdRule('youden')).toEqual({ kind: 'youden' });
    expect(parseThresholdRule('answered:0.94')).toEqual({ kind: 'answered', target: 0.94 });
    expect(answerThreshold(parseThresholdRule('answered:0.8'), answerable, unanswerable)).toBe(0.2);
    expect(answerThreshold(parseThresholdRule('youden'), answerable, unanswerable)).toBe(0.4);
    for (const bad of ['answered:1.5', 'answered:', 'cost', '']) expect(() => parseThresholdRule(bad)).toThrow(/unknown threshold rule .*youden or answered:<share/);
  });

  it('a threshold stored to 4 places is cut down, never up, so it keeps the question it was set at', () => {
    // 0.40446 rounds to 0.4045, above the question at 0.40446: that question would no longer be answered.
    const t = 0.40446;
    expect(floorTo(t)).toBe(0.4044);
    expect(shareAtOrAbove(at(t), floorTo(t))).toBe(1);
    expect(floorTo(0.3068)).toBeLessThanOrEqual(0.3068);
    for (let k = 0; k < 500; k++) {
      const x = k / 499 + 1e-7 * (k % 7);
      expect(floorTo(x)).toBeLessThanOrEqual(x);
      expect(x - floorTo(x)).toBeLessThan(1e-4 + 1e-12);
    }
  });
});
