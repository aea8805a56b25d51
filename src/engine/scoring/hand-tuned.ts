/**
 * The hand-tuned formula: ranking is dense similarity plus weighted lexical, chunk-rank and
 * answer-type terms; confidence ("evidence") is dense similarity plus question-term coverage and
 * answer-type terms. The numbers come from the model's scoring profile.
 */
import type { ScoringProfile } from './profile.js';
import type { AnswerTier, PassageFeatures, Scorer } from './types.js';

export function handTunedScorer(profile: ScoringProfile): Scorer {
  const r = profile.ranking;
  const e = profile.evidence;
  return {
    name: 'hand-tuned',
    rank: (f) => f.dense + r.lexicalWeight * f.lexical + r.chunkWeight * f.chunkBonus + (f.typed ? r.typeBonus : 0) - (f.window ? r.windowPenalty : 0),
    // Evidence is a score, not a probability: clamped into 0–1, where the threshold lies well inside.
    confidence: (f: PassageFeatures) =>
      Math.min(1, Math.max(0, f.dense + e.coverageWeight * f.coverage + (f.typed ? e.typedWeight : 0) - (f.typeAsked && !f.typed ? e.untypedPenalty : 0))),
    tier: (c: number): AnswerTier => (c >= e.minEvidence ? 'answer' : 'none'),
  };
}
