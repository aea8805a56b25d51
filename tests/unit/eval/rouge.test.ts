import { describe, expect, it } from 'vitest';
import { meanF1, rouge, rougeTokens } from '../../../src/eval/rouge.js';

describe('rouge tokens (rouge-score conventions)', () => {
  it('lower-cases, splits on anything outside [a-z0-9], and stems only words longer than three characters', () => {
    expect(rougeTokens('The U.S.-led talks, RUNNING late: 2,000 dogs!')).toEqual(['the', 'u', 's', 'led', 'talk', 'run', 'late', '2', '000', 'dog']);
    // "was"/"has" keep their final s (too short to stem); "dogs" loses it.
    expect(rougeTokens('was has dogs')).toEqual(['was', 'has', 'dog']);
  });
});

describe('rouge scores, hand-computed', () => {
  it('ROUGE-1, ROUGE-2 and ROUGE-Lsum of a dropped word', () => {
    // ref: the cat sat on the mat (6 tokens, 5 bigrams); pred: the cat on the mat (5 tokens, 4 bigrams)
    const s = rouge('the cat sat on the mat', 'the cat on the mat');
    expect(s.rouge1.precision).toBeCloseTo(1);
    expect(s.rouge1.recall).toBeCloseTo(5 / 6);
    expect(s.rouge1.f1).toBeCloseTo(10 / 11);
    // shared bigrams: "the cat", "on the", "the mat"
    expect(s.rouge2.precision).toBeCloseTo(3 / 4);
    expect(s.rouge2.recall).toBeCloseTo(3 / 5);
    expect(s.rouge2.f1).toBeCloseTo(2 / 3);
    expect(s.rougeLsum.f1).toBeCloseTo(10 / 11);
  });

  it('matches stemmed forms', () => {
    // ref: dog were run; pred: the dog run -> 2 of 3 on both sides
    expect(rouge('Dogs were running.', 'The dog runs').rouge1.f1).toBeCloseTo(2 / 3);
  });

  it('ROUGE-Lsum takes the union of the LCS with every predicted sentence (Lin 2004 example)', () => {
    // LCS(r, c1) = w1 w2, LCS(r, c2) = w1 w3 w5: union w1 w2 w3 w5 = 4 hits; 5 reference, 10 predicted tokens
    const s = rouge('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5');
    expect(s.rougeLsum.recall).toBeCloseTo(4 / 5);
    expect(s.rougeLsum.precision).toBeCloseTo(4 / 10);
    expect(s.rougeLsum.f1).toBeCloseTo(8 / 15);
    // the same sentences swapped and on one line are one sequence: its LCS is w1 w3 w5
    expect(rouge('w1 w2 w3 w4 w5', 'w1 w3 w8 w9 w5 w1 w2 w6 w7 w8').rougeLsum.recall).toBeCloseTo(3 / 5);
  });

  it('ROUGE-Lsum counts a token no more often than the prediction holds it', () => {
    // both reference lines match "w1 w2", but the prediction has them once: 2 hits of 4
    const s = rouge('w1 w2\nw1 w2', 'w1 w2');
    expect(s.rougeLsum.recall).toBeCloseTo(2 / 4);
    expect(s.rougeLsum.precision).toBeCloseTo(1);
    expect(s.rougeLsum.f1).toBeCloseTo(2 / 3);
    // ROUGE-1 clips counts the same way
    expect(s.rouge1.recall).toBeCloseTo(2 / 4);
  });

  it('scores an empty prediction 0 and averages F1 in percent', () => {
    const empty = rouge('the cat sat', '');
    expect(empty.rouge1.f1).toBe(0);
    expect(empty.rougeLsum.f1).toBe(0);
    const perfect = rouge('the cat sat', 'the cat sat');
    expect(meanF1([empty, perfect]).rouge1).toBeCloseTo(50);
    expect(meanF1([empty, perfect]).rouge2).toBeCloseTo(50);
  });
});
