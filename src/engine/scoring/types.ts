import type { BlockKind } from '../readers/types.js';

/**
 * How a passage is scored and when the engine answers. Retrieval computes features for every
 * candidate passage (features.ts); a Scorer turns them into a ranking score and, for the best
 * passage, a confidence and a decision. Implementations: the hand-tuned formula
 * (hand-tuned.ts); a fitted model can replace it (one file plus one line in registry.ts).
 */
export interface PassageFeatures {
  /** Cosine similarity between question and passage. */
  dense: number;
  /** BM25 score, divided by the best BM25 score for the question (0–1). */
  lexical: number;
  /** Share of the question's terms (weighted by rarity, IDF) that the passage contains. */
  coverage: number;
  /** Whether the passage holds a fact of the question's answer type. */
  typed: boolean;
  /** Whether the question has an answer type at all. */
  typeAsked: boolean;
  /** The passage's chunk's fused (dense + lexical) rank score, divided by the best chunk's (0–1). */
  chunkBonus: number;
  /** Whether the passage is a two-sentence window rather than one sentence. */
  window: boolean;
  /** Cosine similarity between question and the passage's chunk. */
  chunkDense: number;
  /** IDF-weighted share of the question's terms found in the passage text (prefix-tolerant: "Indonesia" ~ "Indonesian"). */
  textCoverage: number;
  /** IDF of the rarest question term the passage lacks, relative to the IDF of a term the corpus lacks (0–1). */
  rareMissing: number;
  /** IDF-weighted share of the question's terms no sentence of the corpus contains (the same for every passage of a question). */
  corpusMissing: number;
  /** Share of the question's capitalised words (after the first) the passage lacks (0 when it has none). */
  properMissing: number;
  /** Share of the question's numbers the passage lacks (0 when it has none). */
  numberMissing: number;
  /** Words in the passage. */
  words: number;
  /** IDF-weighted share of the question's terms found in the passage's document title and section headings. */
  headingCoverage: number;
  /** IDF-weighted share of the question's terms found in the passage's own section heading (its last heading, not the document's or parent sections'). */
  sectionCoverage: number;
  /** Share of the question's adjacent term pairs ("vite preview", "build mode") that the passage has adjacent too. */
  phraseCoverage: number;
  /** Share of the passage's distinct terms that the question itself contains (1: it only restates the question). */
  echo: number;
  /** Kind of block the passage is quoted from. */
  kind: BlockKind;
}

/** 'answer': quote it; 'related': show as a lead, not as the answer; 'none': say the documents don't answer. */
export type AnswerTier = 'answer' | 'related' | 'none';

export interface Scorer {
  readonly name: string;
  /** Ranking score of a passage (higher is better; only the order matters). */
  rank(features: PassageFeatures): number;
  /** How sure the engine may be that `best` answers the question, 0–1. */
  confidence(best: PassageFeatures, runnerUp?: PassageFeatures): number;
  /**
   * The tier of an answer whose best passage has this confidence. Given the passage itself, a
   * scorer may tell "nothing here is about this" (none) from "about this, but not answered"
   * (related) by what the passage is about, not by how sure the answer is.
   */
  tier(confidence: number, passage?: PassageFeatures): AnswerTier;
}
