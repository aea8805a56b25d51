import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../../../src/engine/retriever.js';
import { ANSWER_FEATURES, PASSAGE_FEATURES } from '../../../../src/engine/scoring/features.js';
import { FittedScorer, tierOf } from '../../../../src/engine/scoring/fitted.js';
import { loadProfile, profileSchema, type ScoringProfile } from '../../../../src/engine/scoring/profile.js';

const zeros = (names: readonly string[]) => ({ features: [...names], mean: names.map(() => 0), scale: names.map(() => 1), weights: names.map(() => 0), bias: 0 });

/** A profile whose ranker reads only `lexical` and whose abstention reads only the top logit. */
function profile(): ScoringProfile {
  const ranker = zeros(PASSAGE_FEATURES);
  ranker.weights[PASSAGE_FEATURES.indexOf('lexical')] = 4;
  ranker.bias = -2;
  const abstention = zeros(ANSWER_FEATURES);
  abstention.weights[ANSWER_FEATURES.indexOf('topLogit')] = 1;
  return profileSchema.parse({
    version: 1,
    model: 'test/model',
    ranker,
    abstention,
    tiers: { answer: 0.6, related: 0.3 },
    quoteFloor: { answer: 0.75, more: 0.5 },
    training: { command: 'test', train: [], validation: [], l2: 0, examples: {} },
    metrics: {},
  });
}

const passage = (sentence: number): Passage => ({
  sentence, lastSentence: sentence, doc: 0, start: sentence * 10, end: sentence * 10 + 5, dense: 0.5, lexical: 0,
  matched: [], coverage: 0, typed: false, typeAsked: false, chunkBonus: 1, score: 0,
});

function rowsWithLexical(values: number[]): number[][] {
  return values.map((v) => PASSAGE_FEATURES.map((n) => (n === 'lexical' ? v : 0)));
}

describe('FittedScorer', () => {
  const scorer = new FittedScorer(profile());

  it('orders passages by the ranker and reports the abstention probability of the first', () => {
    const s = scorer.scoreRows([passage(0), passage(1), passage(2)], rowsWithLexical([0.2, 1, 0.6]));
    expect(s.ranked.map((p) => p.sentence)).toEqual([1, 2, 0]);
    // top logit = 4·1 − 2 = 2, abstention = σ(2)
    expect(s.confidence).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
    expect(s.tier).toBe('answer');
    expect(s.ranked[0]!.score).toBeGreaterThan(s.ranked[1]!.score);
  });

  it('offers weak evidence as related and none as nothing', () => {
    expect(scorer.scoreRows([passage(0)], rowsWithLexical([0.5])).tier).toBe('related'); // σ(0) = 0.5
    expect(scorer.scoreRows([passage(0)], rowsWithLexical([0])).tier).toBe('none'); // σ(−2) ≈ 0.12
    expect(scorer.scoreRows([], []).tier).toBe('none');
  });

  it('keeps extra quotes only near the first one', () => {
    const best = { score: 0.8 };
    expect(scorer.quotable({ score: 0.61 }, best, 'answer')).toBe(true);
    expect(scorer.quotable({ score: 0.5 }, best, 'answer')).toBe(false);
    expect(scorer.quotable({ score: 0.5 }, best, 'more')).toBe(true);
  });

  it('maps confidence to tiers at the thresholds', () => {
    const t = { answer: 0.6, related: 0.3 };
    expect([0.6, 0.59, 0.3, 0.29].map((c) => tierOf(c, t))).toEqual(['answer', 'related', 'related', 'none']);
  });
});

describe('scoring profiles', () => {
  it('refuses a profile whose features do not match the code', () => {
    const bad = { ...profile(), ranker: { ...zeros(['dense']) } };
    expect(profileSchema.safeParse(bad).success).toBe(false);
  });

  it('every shipped profile loads, with validation metrics and ordered tiers', () => {
    const dir = fileURLToPath(new URL('../../../../src/engine/scoring/profiles/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const p = loadProfile(path.join(dir, f));
      expect(p.tiers.related).toBeLessThanOrEqual(p.tiers.answer);
      expect(Object.keys(p.metrics).some((k) => k.endsWith('-validation'))).toBe(true);
    }
  });
});
