import { describe, expect, it } from 'vitest';
import { ANSWER_FEATURES, answerRow, DEFAULT_ANSWER_FEATURES, fittedFromSection, fittedScorer, PASSAGE_FEATURES, tierOf, TOPIC_FEATURES } from '../../../../src/engine/scoring/fitted.js';
import { profileFor, scoringProfileSchema } from '../../../../src/engine/scoring/profile.js';
import type { PassageFeatures } from '../../../../src/engine/scoring/types.js';

const zeros = (names: readonly string[]) => ({ features: [...names], mean: names.map(() => 0), scale: names.map(() => 1), weights: names.map(() => 0), bias: 0 });

/** A model whose ranker reads only `lexical` (logit 4·lexical − 2) and whose abstention reads only the top logit. */
function section() {
  const ranker = zeros(PASSAGE_FEATURES);
  ranker.weights[PASSAGE_FEATURES.indexOf('lexical')] = 4;
  ranker.bias = -2;
  const abstention = zeros(ANSWER_FEATURES);
  abstention.weights[ANSWER_FEATURES.indexOf('topLogit')] = 1;
  return { ranker, abstention, tiers: { answer: 0.6, related: 0.3 } };
}

const features = (lexical: number): PassageFeatures => ({
  dense: 0.5, lexical, coverage: 0, typed: false, typeAsked: false, chunkBonus: 1, window: false,
  chunkDense: 0.5, textCoverage: 0, rareMissing: 0, corpusMissing: 0, properMissing: 0, numberMissing: 0, words: 10,
  headingCoverage: 0, sectionCoverage: 0, phraseCoverage: 0, echo: 0, kind: 'paragraph',
});

describe('fitted scorer', () => {
  const scorer = fittedFromSection(section());

  it('ranks by the ranker probability and reports the calibrated confidence of the best passage', () => {
    expect(scorer.rank(features(1))).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
    expect(scorer.rank(features(1))).toBeGreaterThan(scorer.rank(features(0.6)));
    expect(scorer.confidence(features(1), features(0.2))).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
  });

  it('answers, offers related passages, or finds nothing, by confidence', () => {
    expect(scorer.tier(scorer.confidence(features(1)))).toBe('answer');
    expect(scorer.tier(scorer.confidence(features(0.5)))).toBe('related'); // σ(0) = 0.5
    expect(scorer.tier(scorer.confidence(features(0)))).toBe('none'); // σ(−2) ≈ 0.12
    expect([0.6, 0.59, 0.3, 0.29].map((c) => tierOf(c, { answer: 0.6, related: 0.3 }))).toEqual(['answer', 'related', 'related', 'none']);
  });
});

describe('fitted scorer with a topic model', () => {
  // P(on topic) = σ(10·chunkDense − 5): on topic from chunk similarity 0.5 up (tiers.topic 0.5).
  const topic = { features: ['chunkDense'], mean: [0], scale: [1], weights: [10], bias: -5 };
  const scorer = fittedFromSection({ ...section(), topic, tiers: { answer: 0.6, related: 0.3, topic: 0.5 } });
  const at = (lexical: number, chunkDense: number) => ({ ...features(lexical), chunkDense });

  it('below the answer threshold, offers related passages on the question’s topic and says not found off it, whatever the confidence', () => {
    expect(scorer.tier(scorer.confidence(at(0, 0.7)), at(0, 0.7))).toBe('related'); // confidence σ(−2) ≈ 0.12, under the related floor
    expect(scorer.tier(scorer.confidence(at(0.5, 0.2)), at(0.5, 0.2))).toBe('none'); // confidence 0.5, over it
  });

  it('answers from the answer threshold up, on topic or not', () => {
    expect(scorer.tier(scorer.confidence(at(1, 0.2)), at(1, 0.2))).toBe('answer');
  });

  it('judges a confidence without its passage by the related floor, as a profile without a topic model does', () => {
    expect([0.6, 0.59, 0.3, 0.29].map((c) => scorer.tier(c))).toEqual(['answer', 'related', 'related', 'none']);
    expect([0.59, 0.29].map((c) => tierOf(c, { answer: 0.6, related: 0.3, topic: 0.5 }, 0.5))).toEqual(['related', 'related']);
    expect(tierOf(0.59, { answer: 0.6, related: 0.3, topic: 0.5 }, 0.49)).toBe('none');
  });
});

describe('fitted scorer with an evidence model', () => {
  // Evidence logit 2·dense − 1 (reads another column than the ranker, so which one the abstention
  // reads shows in its confidence); the abstention reads the top logit and the gap to the runner-up.
  const evidence = { features: ['dense'], mean: [0], scale: [1], weights: [2], bias: -1 };
  const withGap = () => {
    const fit = section();
    fit.abstention.weights[ANSWER_FEATURES.indexOf('gapToNext')] = 0.5;
    return fit;
  };
  const at = (lexical: number, dense: number) => ({ ...features(lexical), dense });

  it('reads the evidence logits of the best passage and its runner-up for the confidence, and keeps ranking by the ranker', () => {
    const scorer = fittedFromSection({ ...withGap(), evidence });
    // top = 2·0.9 − 1 = 0.8; runner-up 2·0.3 − 1 = −0.4; gap 1.2 → logit 0.8 + 0.6 = 1.4
    expect(scorer.confidence(at(0, 0.9), at(1, 0.3))).toBeCloseTo(1 / (1 + Math.exp(-1.4)), 9);
    expect(scorer.rank(at(1, 0))).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
  });

  it('without an evidence model (older profiles), reads the ranker logits as before', () => {
    const scorer = fittedFromSection(withGap());
    // top = 4·0 − 2 = −2; runner-up 4·1 − 2 = 2; gap −4 → logit −2 − 2 = −4
    expect(scorer.confidence(at(0, 0.9), at(1, 0.3))).toBeCloseTo(1 / (1 + Math.exp(4)), 9);
  });

  it('a profile without an evidence section still loads; one whose evidence reads an unknown feature is refused', () => {
    const p = profileFor('Xenova/all-MiniLM-L6-v2');
    const { evidence: _dropped, ...older } = p.fitted!;
    expect(scoringProfileSchema.safeParse({ ...p, fitted: older }).success).toBe(true);
    expect(() => fittedScorer({ ...p, fitted: older })).not.toThrow();
    const bad = { ...p.fitted!, evidence: { features: ['gone'], mean: [0], scale: [1], weights: [1], bias: 0 } };
    expect(() => fittedScorer({ ...p, fitted: bad })).toThrow(/evidence reads unknown features \(gone\)/);
  });
});

describe('abstention features beyond the top passage', () => {
  // Ranker logit 4·lexical − 2; evidence logit 2·dense − 1.
  const evidence = { features: ['dense'], mean: [0], scale: [1], weights: [2], bias: -1 };
  const best = { ...features(1), dense: 0.9, corpusMissing: 0.4 };
  const runnerUp = { ...features(0.25), dense: 0.3 };

  it('reads the ranker\'s own margin over the runner-up even when the top logit and gap come from the evidence model', () => {
    const [top, gap, rankerGap] = answerRow({ ranker: section().ranker, evidence }, best, runnerUp, ['topLogit', 'gapToNext', 'rankerGap']);
    expect(top).toBeCloseTo(0.8, 9);
    expect(gap).toBeCloseTo(1.2, 9);
    expect(rankerGap).toBeCloseTo(4 * (1 - 0.25), 9);
    expect(answerRow({ ranker: section().ranker }, best, undefined, ['rankerGap'])).toEqual([0]);
  });

  it('reads the share of question terms the corpus lacks; neither is fitted by default', () => {
    expect(answerRow({ ranker: section().ranker }, best, runnerUp, ['corpusMissing'])).toEqual([0.4]);
    expect(DEFAULT_ANSWER_FEATURES).not.toContain('corpusMissing');
    expect(DEFAULT_ANSWER_FEATURES).not.toContain('rankerGap');
    expect(DEFAULT_ANSWER_FEATURES).toContain('topLogit');
  });
});

describe('fitted scorer with its own feature list', () => {
  it('reads only the columns its profile names, in their order (profiles fitted before a feature existed keep working)', () => {
    const fit = section();
    const ranker = { features: ['echo', 'lexical'], mean: [0, 0], scale: [1, 1], weights: [-3, 4], bias: -2 };
    const scorer = fittedFromSection({ ...fit, ranker });
    const f = { ...features(1), echo: 1 };
    expect(scorer.rank(f)).toBeCloseTo(1 / (1 + Math.exp(1)), 9);
  });

  it('refuses a profile that reads a feature the engine does not compute, saying how to fix it', () => {
    const p = profileFor('Xenova/all-MiniLM-L6-v2');
    const fitted = { ...p.fitted!, ranker: { ...p.fitted!.ranker, features: ['dense', 'gone'], mean: [0, 0], scale: [1, 1], weights: [1, 1] } };
    expect(() => fittedScorer({ ...p, fitted })).toThrow(/unknown features \(gone\).*train-scorer/);
  });

  it('refuses a topic model that reads a feature the engine does not compute', () => {
    const p = profileFor('Xenova/all-MiniLM-L6-v2');
    const fitted = { ...p.fitted!, topic: { features: ['gone'], mean: [0], scale: [1], weights: [1], bias: 0 } };
    expect(() => fittedScorer({ ...p, fitted })).toThrow(/topic reads unknown features \(gone\)/);
  });
});

describe('scoring profiles', () => {
  it('refuses tiers out of order', () => {
    const p = profileFor('Xenova/all-MiniLM-L6-v2');
    const bad = { ...p, fitted: p.fitted && { ...p.fitted, tiers: { answer: 0.2, related: 0.5 } } };
    expect(p.fitted).toBeDefined();
    expect(scoringProfileSchema.safeParse(bad).success).toBe(false);
  });

  it('the shipped MiniLM profile uses the fitted scorer, with validation metrics next to its weights', () => {
    const p = profileFor('Xenova/all-MiniLM-L6-v2');
    expect(p.scorer).toBe('fitted');
    expect(PASSAGE_FEATURES).toEqual(expect.arrayContaining(p.fitted!.ranker.features));
    expect(ANSWER_FEATURES).toEqual(expect.arrayContaining(p.fitted!.abstention.features));
    expect(TOPIC_FEATURES).toEqual(expect.arrayContaining(p.fitted!.topic!.features));
    expect(p.fitted!.tiers.topic).toBeGreaterThan(0);
    expect(Object.keys(p.fitted!.metrics).some((k) => k.endsWith('-validation'))).toBe(true);
  });
});
