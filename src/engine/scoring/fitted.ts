/**
 * The fitted scorer: a logistic-regression ranker orders the candidate passages, and a second,
 * calibrated model gives the probability that the first one answers the question. That
 * probability picks one of three tiers with thresholds set on training questions (profile).
 */
import { answerFeatures, passageFeatures, queryTerms } from './features.js';
import { logit, sigmoid } from './logistic.js';
import type { ScoringProfile } from './profile.js';
import type { Scored, Scorer, ScoringInput, Tier } from './types.js';

export interface FittedScores {
  /** Passage feature rows, aligned with the input passages. */
  rows: number[][];
  /** Ranker log-odds per passage, aligned with the input passages. */
  logits: number[];
  /** Passage indices, best first. */
  order: number[];
  /** Abstention features of the ranked list. */
  answer: number[];
}

export function featureRows(input: ScoringInput): number[][] {
  const { index, texts, question, qvec, passages } = input;
  return passageFeatures(index, texts, queryTerms(index, question), qvec, passages);
}

/** Ranker output over feature rows; shared by the scorer and the training script. */
export function rankRows(ranker: ScoringProfile['ranker'], rows: number[][]): FittedScores {
  const logits = rows.map((r) => logit(ranker, r));
  // Ties keep retrieval order, so the result never depends on the sort's stability.
  const order = logits.map((_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  return { rows, logits, order, answer: answerFeatures(rows, logits, order) };
}

export function tierOf(confidence: number, tiers: ScoringProfile['tiers']): Tier {
  return confidence >= tiers.answer ? 'answer' : confidence >= tiers.related ? 'related' : 'none';
}

export class FittedScorer implements Scorer {
  readonly name: string;

  constructor(readonly profile: ScoringProfile) {
    this.name = `fitted (${profile.model})`;
  }

  quotable(p: { score: number }, best: { score: number }, level: 'answer' | 'more'): boolean {
    return p.score >= best.score * (level === 'answer' ? this.profile.quoteFloor.answer : this.profile.quoteFloor.more);
  }

  score(input: ScoringInput): Scored {
    return this.scoreRows(input.passages, featureRows(input));
  }

  /** Scores candidates whose feature rows are already known (the training script computes them once). */
  scoreRows(passages: ScoringInput['passages'], rows: number[][]): Scored {
    if (passages.length === 0) return { ranked: [], confidence: 0, tier: 'none' };
    const s = rankRows(this.profile.ranker, rows);
    const confidence = sigmoid(logit(this.profile.abstention, s.answer));
    return {
      ranked: s.order.map((i) => ({ ...passages[i]!, score: sigmoid(s.logits[i]!) })),
      confidence,
      tier: tierOf(confidence, this.profile.tiers),
    };
  }
}
