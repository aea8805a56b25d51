import { describe, expect, it } from 'vitest';
import { handTunedScorer } from '../../../../src/engine/scoring/hand-tuned.js';
import { profileFor, scoringProfileSchema } from '../../../../src/engine/scoring/profile.js';
import { createScorer } from '../../../../src/engine/scoring/registry.js';
import type { PassageFeatures } from '../../../../src/engine/scoring/types.js';

const profile = profileFor('Xenova/all-MiniLM-L6-v2');
const scorer = handTunedScorer(profile);
const base: PassageFeatures = {
  dense: 0.6, lexical: 0.5, coverage: 0.5, typed: false, typeAsked: false, chunkBonus: 1, window: false,
  chunkDense: 0.6, textCoverage: 0.5, rareMissing: 0, corpusMissing: 0, properMissing: 0, numberMissing: 0, words: 12,
  headingCoverage: 0, sectionCoverage: 0, phraseCoverage: 0, echo: 0, kind: 'paragraph',
};
const f = (over: Partial<PassageFeatures>): PassageFeatures => ({ ...base, ...over });

describe('hand-tuned ranking', () => {
  it('ranks by dense similarity first, then keywords and chunk rank', () => {
    expect(scorer.rank(f({ dense: 0.7 }))).toBeGreaterThan(scorer.rank(f({ dense: 0.6 })));
    expect(scorer.rank(f({ lexical: 1 }))).toBeGreaterThan(scorer.rank(f({ lexical: 0 })));
    expect(scorer.rank(f({ chunkBonus: 1 }))).toBeGreaterThan(scorer.rank(f({ chunkBonus: 0.2 })));
  });

  it('prefers a passage with the asked-for kind of fact, and one sentence over a window', () => {
    expect(scorer.rank(f({ typed: true, typeAsked: true }))).toBeGreaterThan(scorer.rank(f({ typeAsked: true })));
    expect(scorer.rank(f({ window: true }))).toBeLessThan(scorer.rank(f({})));
  });
});

describe('hand-tuned abstention', () => {
  const threshold = profile.evidence.minEvidence;
  // Dense similarity that puts evidence exactly at the threshold for these features.
  const atThreshold = threshold - profile.evidence.coverageWeight * base.coverage;

  it('answers at the threshold and abstains just below it', () => {
    expect(scorer.tier(scorer.confidence(f({ dense: atThreshold + 1e-9 })))).toBe('answer');
    expect(scorer.tier(scorer.confidence(f({ dense: atThreshold - 0.01 })))).toBe('none');
  });

  it('penalises a who/when/how-many question whose passage holds no such fact', () => {
    const answered = f({ dense: atThreshold + 0.05 });
    expect(scorer.tier(scorer.confidence(answered))).toBe('answer');
    expect(scorer.tier(scorer.confidence({ ...answered, typeAsked: true }))).toBe('none');
    expect(scorer.confidence({ ...answered, typeAsked: true, typed: true })).toBeGreaterThan(scorer.confidence(answered));
  });

  it('keeps confidence within 0–1', () => {
    expect(scorer.confidence(f({ dense: 1, coverage: 1, typed: true }))).toBe(1);
    expect(scorer.confidence(f({ dense: -0.5, coverage: 0 }))).toBe(0);
  });
});

describe('scoring profiles', () => {
  it('the MiniLM profile is valid and its scorer can be switched to the hand-tuned one', () => {
    expect(profile.model).toBe('Xenova/all-MiniLM-L6-v2');
    expect(createScorer({ ...profile, scorer: 'hand-tuned' }).name).toBe('hand-tuned');
  });

  it('a model without a profile gets the default one', () => {
    expect(profileFor('fake/hashed-bow').evidence).toEqual(profile.evidence);
  });

  it('rejects a profile with a missing or out-of-range number, naming it', () => {
    const bad = { ...profile, answer: { ...profile.answer, relativeFloor: 3 } };
    const parsed = scoringProfileSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['answer', 'relativeFloor']);
  });

  it('an unknown scorer name is an error that lists the known ones', () => {
    expect(() => createScorer({ ...profile, scorer: 'nope' })).toThrow(/unknown scorer "nope" \(known: hand-tuned, fitted\)/);
  });
});
