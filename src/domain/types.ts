/**
 * What the engine returns to front ends: answers and summaries made of verbatim quotes.
 */
export interface Citation {
  /** Exact substring of the document: `text.slice(start, end)`. */
  quote: string;
  document: string;
  title: string;
  paragraph: number;
  score: number;
  start: number;
  end: number;
}

export interface Suggestion {
  document: string;
  title: string;
}

export interface Answer {
  question: string;
  answered: boolean;
  citations: Citation[];
  /** When not answered: the documents closest to the question, for the user to look at. */
  suggestions: Suggestion[];
  /** Why nothing (or nothing direct) was quoted, in words for the user. */
  message?: string;
  /** How sure the engine is that the first quote answers the question, 0–1 (set by `ask`). */
  confidence?: number;
  /** answer: `answered`; related: quotes that may help but are not an answer; none: nothing found. */
  tier?: 'answer' | 'related' | 'none';
}

export type SummaryLength = 'short' | 'medium' | 'long';

/** Maximum sentences per summary length (document summaries are bounded in words first). */
export const SUMMARY_SENTENCES: Record<SummaryLength, number> = { short: 3, medium: 5, long: 10 };

export interface SummaryCitation {
  /** Exact substring of the document: `text.slice(start, end)`. */
  quote: string;
  document: string;
  title: string;
  paragraph: number;
  start: number;
  end: number;
}

export interface Summary {
  kind: 'document' | 'topic' | 'corpus';
  /** What was summarised: the document title, the topic, or "All documents". */
  title: string;
  /** In display order. */
  citations: SummaryCitation[];
  /** Set when there is nothing to show (e.g. a topic the documents do not cover). */
  message?: string;
}
