/**
 * How passages found by retrieval become an answer decision. Minimal local contract until the
 * pluggable-engine refactor (issue 10) lands its own Scorer interface; adapt to that on merge.
 */
import type { IndexData } from '../index-store.js';
import type { Passage } from '../retriever.js';

/**
 * answer: quote it; related: "I couldn't find a direct answer; these passages may help";
 * none: not found in the documents.
 */
export type Tier = 'answer' | 'related' | 'none';

export interface ScoringInput {
  index: IndexData;
  texts: readonly string[];
  /** The query as searched (cleaned, with follow-up context). */
  question: string;
  qvec: Float32Array;
  passages: readonly Passage[];
}

export interface Scored {
  /** Candidates best first; `score` is the scorer's own (for the fitted one, a probability). */
  ranked: readonly Passage[];
  /** Probability (0–1) that the first passage answers the question. */
  confidence: number;
  tier: Tier;
}

export interface Scorer {
  readonly name: string;
  /**
   * Whether a passage after the first is still worth quoting next to it: in the answer proper
   * ('answer'), or on further pages of sources ('more', a looser bar).
   */
  quotable(p: Passage, best: Passage, level: 'answer' | 'more'): boolean;
  score(input: ScoringInput): Scored;
}
