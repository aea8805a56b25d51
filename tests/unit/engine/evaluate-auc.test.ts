import { describe, expect, it } from 'vitest';
import { auc } from '../../../src/engine/evaluate.js';

describe('auc', () => {
  it('is 1 when every positive outscores every negative, 0 when the reverse', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1], [0.5, 0.6])).toBe(0);
  });

  it('counts ties as half and matches a pairwise count', () => {
    const pos = [0.5, 0.7, 0.2];
    const neg = [0.5, 0.1, 0.9];
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(auc(pos, neg)).toBeCloseTo(wins / 9, 12);
  });

  it('is 0.5 without both classes', () => {
    expect(auc([], [0.3])).toBe(0.5);
  });
});
