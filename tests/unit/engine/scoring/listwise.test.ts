import { describe, expect, it } from 'vitest';
import { fitListwise, type RankingGroup } from '../../../../src/engine/scoring/listwise.js';
import { logit, sigmoid } from '../../../../src/engine/scoring/logistic.js';

/**
 * Questions of two kinds: "easy" ones where most candidates answer and a question-level feature
 * (column 1, equal for all candidates of a question) is high, and "hard" ones with one right
 * candidate among many. Within every question, column 0 puts the right candidate(s) first.
 */
function groups(): RankingGroup[] {
  const out: RankingGroup[] = [];
  for (let q = 0; q < 40; q++) {
    const easy = q % 2 === 0;
    const n = 6;
    const level = easy ? 1 : 0;
    const xs = Array.from({ length: n }, (_, i) => [(n - i) / n + (q % 5) * 0.1, level]);
    const right = easy ? 4 : 1;
    out.push({ xs, ys: xs.map((_, i) => (i < right ? 1 : 0)), weight: 1 });
  }
  return out;
}

const firstIsRight = (g: RankingGroup, score: (x: readonly number[]) => number) => {
  const s = g.xs.map(score);
  return g.ys[s.indexOf(Math.max(...s))] === 1;
};

describe('fitListwise', () => {
  it('orders each question\'s candidates by what separates them, and returns probabilities', () => {
    const data = groups();
    const m = fitListwise(data, { l2: 1e-3 });
    expect(m.weights[0]).toBeGreaterThan(0);
    for (const g of data) expect(firstIsRight(g, (x) => logit(m, x))).toBe(true);
    // Calibrated: the mean predicted probability is close to the share of right candidates.
    const all = data.flatMap((g) => g.xs.map((x, i) => ({ p: sigmoid(logit(m, x)), y: g.ys[i]! })));
    const meanP = all.reduce((a, r) => a + r.p, 0) / all.length;
    const rate = all.reduce((a, r) => a + r.y, 0) / all.length;
    expect(Math.abs(meanP - rate)).toBeLessThan(0.02);
  });

  it('is deterministic', () => {
    expect(fitListwise(groups(), { l2: 1e-3 })).toEqual(fitListwise(groups(), { l2: 1e-3 }));
  });

  it('refuses a question with no right candidate', () => {
    expect(() => fitListwise([{ xs: [[1], [2]], ys: [0, 0], weight: 1 }], { l2: 1e-3 })).toThrow(/right one in every group/);
  });
});
