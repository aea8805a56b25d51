/**
 * What the bot keeps about an answer it posted, so that its buttons ("More sources", votes)
 * and replies to it (follow-up questions) still work after a restart.
 */
import type { Answer } from '../domain/types.js';
import { knownLocation } from '../domain/citation.js';
import type { Summary, SummaryCitation } from '../domain/types.js';

export type RecordKind = 'ask' | 'quote' | 'summary';

/** A citation as shown: answers carry a score, summary sentences do not. */
export type ShownCitation = SummaryCitation & { score?: number };

export interface AnswerRecord {
  /** Format version of the stored JSON. */
  v: 1;
  id: string;
  kind: RecordKind;
  /** What the user typed, in full (context for follow-ups, and for feedback). */
  input: string;
  /** Earlier questions this one followed up on, oldest first, joined (bounded). */
  context?: string;
  /** What the heading shows: the question as the engine read it, the claim, or the summary's subject. */
  title: string;
  citations: ShownCitation[];
  suggestions: { document: string; title: string }[];
  /** Why nothing was quoted, in the engine's words. */
  message?: string;
  /** Link to the message a "Find sources" lookup started from. */
  sourceUrl?: string;
  /** Footer notes, e.g. that the question was shortened. */
  notes: string[];
  elapsedMs: number;
  createdAt: string;
}

export interface RecordMeta {
  id: string;
  input: string;
  context?: string;
  elapsedMs: number;
  notes?: string[];
  sourceUrl?: string;
}

function base(meta: RecordMeta): Pick<AnswerRecord, 'v' | 'id' | 'input' | 'context' | 'notes' | 'elapsedMs' | 'createdAt' | 'sourceUrl'> {
  return {
    v: 1,
    id: meta.id,
    input: meta.input,
    notes: meta.notes ?? [],
    elapsedMs: meta.elapsedMs,
    createdAt: new Date().toISOString(),
    ...(meta.sourceUrl ? { sourceUrl: meta.sourceUrl } : {}),
    ...(meta.context ? { context: meta.context } : {}),
  };
}

/** The fields every shown citation keeps: where the quote is, and the paragraph it runs into. */
function shownSpan(c: SummaryCitation): SummaryCitation {
  const { quote, document, title, paragraph, lastParagraph, start, end } = c;
  // Location only when known, so records stay small and older ones compare equal.
  return { quote, document, title, paragraph, ...(lastParagraph !== undefined ? { lastParagraph } : {}), start, end, ...knownLocation(c) };
}

export function recordFromAnswer(kind: 'ask' | 'quote', answer: Answer, meta: RecordMeta): AnswerRecord {
  return {
    ...base(meta),
    kind,
    title: answer.question,
    citations: answer.citations.map((c) => ({
      ...shownSpan(c),
      score: c.score,
      ...(c.kind !== undefined ? { kind: c.kind } : {}),
      ...(c.display !== undefined ? { display: c.display } : {}),
    })),
    suggestions: answer.suggestions.map(({ document, title }) => ({ document, title })),
    ...(answer.message ? { message: answer.message } : {}),
  };
}

export function recordFromSummary(summary: Summary, meta: RecordMeta): AnswerRecord {
  return {
    ...base(meta),
    kind: 'summary',
    title: summary.title,
    citations: summary.citations.map(shownSpan),
    suggestions: [],
    ...(summary.message ? { message: summary.message } : {}),
  };
}
