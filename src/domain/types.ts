/**
 * What the engine returns to front ends: answers and summaries made of verbatim quotes.
 */

/** Where a quote sits, for people: the offsets stay the machine's exact reference. */
export interface CitationLocation {
  /** Heading path of the quote's section, joined with " › " (absent outside any section). */
  section?: string;
  /** 1-based page (paged formats). */
  page?: number;
  /** 1-based first and last source line (text formats). */
  lines?: [number, number];
  /** Block kind of the quote ('code' is shown in a code block). */
  kind?: string;
  /** What to show instead of the raw quote when markup was simplified (absent when identical). */
  display?: string;
}

export interface Citation extends CitationLocation {
  /** Exact substring of the document: `text.slice(start, end)`. */
  quote: string;
  document: string;
  title: string;
  paragraph: number;
  /** Last paragraph of a quote that runs into the next one (absent when the quote sits in one). */
  lastParagraph?: number;
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

export interface SummaryCitation extends CitationLocation {
  /** Exact substring of the document: `text.slice(start, end)`. */
  quote: string;
  document: string;
  title: string;
  paragraph: number;
  /** Last paragraph of a quote that runs into the next one (absent when the quote sits in one). */
  lastParagraph?: number;
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
