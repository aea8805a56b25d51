/**
 * Extractive summarizers rank sentences; the engine quotes the picks verbatim (summaries.ts).
 * Implementations: LexRank + MMR (lexrank.ts). A new one is one file plus one line in registry.ts.
 */
import type { SummaryLength } from '../../domain/types.js';

export interface SummarySentence {
  start: number;
  end: number;
  /** Where the sentence's quote starts (the previous sentence too when it cannot stand alone). */
  contextStart: number;
  /** 1-based paragraph number. */
  paragraph: number;
  /** The section holding the sentence (its block's headingPath), when the document has sections. */
  section?: string;
}

export interface DocumentInput {
  text: string;
  /** The document's sentences in reading order. */
  sentences: readonly SummarySentence[];
  /** Unit vectors of the sentences' quotes, aligned with `sentences`. */
  vectors: readonly Float32Array[];
}

export interface TopicCandidate extends SummarySentence {
  /** Document position (candidates come from several documents). */
  doc: number;
  /** The quote as shown (`contextStart` to `end`). */
  text: string;
  vector: Float32Array;
}

/** Indices into a document's sentences per summary length, in document order. */
export type DocumentPicks = Record<SummaryLength, number[]>;

export interface Summarizer {
  /** Recorded in the index: a different name (or version, or fitted profile) rebuilds it. */
  readonly name: string;
  /**
   * Indices into `input.sentences` in pick order, best first, as many as the longest summary
   * shows. Computed once per index build; a summary of length k shows the first k picks.
   */
  rankDocument(input: DocumentInput): number[];
  /**
   * Optional: each length picked on its own (a word budget is not a prefix of a longer pick
   * order), for every document of the corpus at once (corpus statistics such as rarity). When
   * absent, a summary of length k is the first k picks of `rankDocument`. Written as steps that
   * yield between documents and return the picks, so that an index build can hand the event loop
   * back while it summarises thousands of documents (domain/time-slice.ts).
   */
  summarizeDocuments?(inputs: readonly DocumentInput[]): Generator<void, DocumentPicks[]>;
  /** Indices into `candidates` in pick order, at most `limit`; empty when none is on topic. */
  rankTopic(query: Float32Array, candidates: readonly TopicCandidate[], limit: number): number[];
}
