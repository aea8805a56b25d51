/**
 * The fitted scorer: a logistic-regression ranker gives each passage the probability that it
 * holds the answer, and a second, calibrated model gives the probability that the first passage
 * answers the question (from how good it is and how clearly it beats the runner-up). That
 * confidence picks one of three tiers with thresholds set on training questions. Weights,
 * thresholds and the validation metrics they reached live in the profile's `fitted` section,
 * written by `npm run train-scorer`.
 */
import { logit, sigmoid } from './logistic.js';
import type { FittedSection, ScoringProfile } from './profile.js';
import type { AnswerTier, PassageFeatures, Scorer } from './types.js';

/** Passage features the ranker reads, in the order of its weights. */
export const PASSAGE_FEATURES = [
  'dense',
  'chunkDense',
  'lexical',
  'chunkFused',
  'coverage',
  'rareMissing',
  'properMissing',
  'numberMissing',
  'typed',
  'untyped',
  'logWords',
  'window',
] as const;

/** What the abstention model reads about the best passage and its runner-up. */
export const ANSWER_FEATURES = [
  'topLogit',
  'gapToNext',
  'topDense',
  'topCoverage',
  'topRareMissing',
  'topProperMissing',
  'topNumberMissing',
  'topUntyped',
  'topChunkDense',
] as const;

export function passageRow(f: PassageFeatures): number[] {
  return [
    f.dense,
    f.chunkDense,
    f.lexical,
    f.chunkBonus,
    f.textCoverage,
    f.rareMissing,
    f.properMissing,
    f.numberMissing,
    f.typed ? 1 : 0,
    f.typeAsked && !f.typed ? 1 : 0,
    Math.log1p(f.words),
    f.window ? 1 : 0,
  ];
}

export function answerRow(fit: Pick<FittedSection, 'ranker'>, best: PassageFeatures, runnerUp?: PassageFeatures): number[] {
  const top = logit(fit.ranker, passageRow(best));
  return [
    top,
    runnerUp ? top - logit(fit.ranker, passageRow(runnerUp)) : 0,
    best.dense,
    best.textCoverage,
    best.rareMissing,
    best.properMissing,
    best.numberMissing,
    best.typeAsked && !best.typed ? 1 : 0,
    best.chunkDense,
  ];
}

export function tierOf(confidence: number, tiers: FittedSection['tiers']): AnswerTier {
  return confidence >= tiers.answer ? 'answer' : confidence >= tiers.related ? 'related' : 'none';
}

export function fittedFromSection(fit: Pick<FittedSection, 'ranker' | 'abstention' | 'tiers'>): Scorer {
  return {
    name: 'fitted',
    rank: (f) => sigmoid(logit(fit.ranker, passageRow(f))),
    confidence: (best, runnerUp) => sigmoid(logit(fit.abstention, answerRow(fit, best, runnerUp))),
    tier: (c) => tierOf(c, fit.tiers),
  };
}

export function fittedScorer(profile: ScoringProfile): Scorer {
  if (!profile.fitted) throw new Error(`scoring profile for ${profile.model} names the fitted scorer but has no "fitted" section; run npm run train-scorer`);
  return fittedFromSection(profile.fitted);
}
