import { describe, expect, it } from 'vitest';
import { fitLogistic, logit, sigmoid } from '../../../../src/engine/scoring/logistic.js';

describe('fitLogistic', () => {
  it('recovers the base rate when the feature carries no information', () => {
    // One constant feature, 3 positives out of 4: the fit must be log-odds log(3) with weight 0.
    const m = fitLogistic([[1], [1], [1], [1]], [1, 1, 1, 0], { l2: 0 });
    expect(m.bias).toBeCloseTo(Math.log(3), 6);
    expect(m.weights[0]).toBeCloseTo(0, 6);
    expect(sigmoid(logit(m, [1]))).toBeCloseTo(0.75, 6);
  });

  it('matches the closed form for a binary feature (two independent base rates)', () => {
    // x=0: 1 positive of 4 (p=1/4); x=1: 3 of 4 (p=3/4). Unpenalised MLE reproduces both rates.
    const xs = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const ys = [1, 0, 0, 0, 1, 1, 1, 0];
    const m = fitLogistic(xs, ys, { l2: 0 });
    expect(sigmoid(logit(m, [0]))).toBeCloseTo(0.25, 6);
    expect(sigmoid(logit(m, [1]))).toBeCloseTo(0.75, 6);
  });

  it('shrinks weights towards zero as the L2 penalty grows', () => {
    const xs = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const ys = [1, 0, 0, 0, 1, 1, 1, 0];
    const w = [0, 0.1, 1].map((l2) => Math.abs(fitLogistic(xs, ys, { l2 }).weights[0]!));
    expect(w[1]).toBeLessThan(w[0]!);
    expect(w[2]).toBeLessThan(w[1]!);
  });

  it('stays finite on separable data when penalised, and ranks the classes apart', () => {
    const xs = [[-2, 5], [-1, 5], [1, 5], [2, 5]];
    const m = fitLogistic(xs, [0, 0, 1, 1], { l2: 0.01 });
    expect(Number.isFinite(m.weights[0])).toBe(true);
    expect(logit(m, [1.5, 5])).toBeGreaterThan(0);
    expect(logit(m, [-1.5, 5])).toBeLessThan(0);
  });

  it('refuses mismatched inputs with a clear message', () => {
    expect(() => fitLogistic([[1]], [1, 0], { l2: 0 })).toThrow(/as many labels/);
  });
});

describe('fitLogistic with weights', () => {
  it('weighting an example by k is the same as repeating it k times', () => {
    const xs = [[0], [0], [1], [1]];
    const ys = [1, 0, 1, 0];
    const weighted = fitLogistic(xs, ys, { l2: 0.01, weights: [3, 1, 1, 2] });
    const repeated = fitLogistic([[0], [0], [0], [0], [1], [1], [1]], [1, 1, 1, 0, 1, 0, 0], { l2: 0.01 });
    expect(logit(weighted, [0])).toBeCloseTo(logit(repeated, [0]), 6);
    expect(logit(weighted, [1])).toBeCloseTo(logit(repeated, [1]), 6);
  });
});
