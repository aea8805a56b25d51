/**
 * Summaries as the engine returns them: every sentence shown is quoted verbatim with its
 * paragraph. Which sentences is the summarizer's choice (types.ts); document summaries use the
 * pick order stored at build time, in document order.
 */
import { SUMMARY_SENTENCES, type Summary, type SummaryCitation, type SummaryLength } from '../../domain/types.js';
import { quotePlace } from '../answer/location.js';
import type { IndexData } from '../index/snapshot.js';
import { withoutChrome } from './chrome.js';
import { headlineFlags, quoteSpans } from './salient.js';
import type { Summarizer } from './types.js';

/** Sentence `id` quoted from `start` to `end` (its own span, or from its context, without chrome). */
function citeSpan(index: IndexData, id: number, start: number, end: number): SummaryCitation {
  const s = index.sentences[id]!;
  const doc = index.manifest.documents[s.doc]!;
  // Where it is, as an answer's quote says it (section, PDF page, file lines); how to show it stays the quote.
  return { quote: index.texts[s.doc]!.slice(start, end), document: doc.id, title: doc.title, paragraph: s.paragraph, start, end, ...quotePlace(index, s.doc, s.paragraph, start, end) };
}

const byPosition = (index: IndexData) => (a: number, b: number) => {
  const sa = index.sentences[a]!;
  const sb = index.sentences[b]!;
  return sa.doc - sb.doc || sa.start - sb.start;
};

type Shown = Pick<IndexData['sentences'][number], 'start' | 'contextStart'>;
/**
 * Per index and document: the sentences whose quote starts elsewhere without the page chrome at
 * the top of the document (chrome.ts), computed once (an overview reads every document).
 */
const chromeFree = new WeakMap<IndexData, Map<number, { text: string; moved: Map<number, Shown> }>>();

function movedByChrome(index: IndexData, id: number): Map<number, Shown> {
  const doc = index.sentences[id]!.doc;
  let perDoc = chromeFree.get(index);
  if (!perDoc) chromeFree.set(index, (perDoc = new Map()));
  const cached = perDoc.get(doc);
  if (cached && cached.text === index.texts[doc]) return cached.moved;
  // A document's sentences are numbered contiguously.
  let first = id;
  while (first > 0 && index.sentences[first - 1]!.doc === doc) first--;
  let last = id;
  while (last + 1 < index.sentences.length && index.sentences[last + 1]!.doc === doc) last++;
  const own = index.sentences.slice(first, last + 1);
  const moved = new Map<number, Shown>();
  withoutChrome(index.texts[doc]!, own).units.forEach((u, i) => {
    if (u.start !== own[i]!.start || u.contextStart !== own[i]!.contextStart) moved.set(first + i, { start: u.start, contextStart: u.contextStart });
  });
  perDoc.set(doc, { text: index.texts[doc]!, moved });
  return moved;
}

/**
 * Quote spans of one document's picks (sentence ids, document order), as the summarizer
 * counted them: a sentence is shown with the one it leans on unless that one is the pick just
 * before it, and without the page chrome at the top of the document.
 */
function summarySpans(index: IndexData, ids: readonly number[]): { start: number; end: number }[] {
  if (ids.length === 0) return [];
  const moved = movedByChrome(index, ids[0]!);
  // quoteSpans compares each pick with the one before it only: the picks alone will do.
  const units = ids.map((id) => ({ ...index.sentences[id]!, ...moved.get(id) }));
  return quoteSpans(units, units.map((_, i) => i));
}

export function documentSummary(index: IndexData, docIndex: number, length: SummaryLength): Summary {
  const ids = [...(index.summaries[docIndex]?.[length] ?? [])].sort(byPosition(index));
  const spans = summarySpans(index, ids);
  return {
    kind: 'document',
    title: index.manifest.documents[docIndex]!.title,
    citations: ids.map((id, i) => citeSpan(index, id, spans[i]!.start, spans[i]!.end)),
  };
}

/** One line per document: the lead-most sentence of its short summary (the picks are in document order). */
export function corpusOverview(index: IndexData): Summary {
  const citations: SummaryCitation[] = [];
  index.summaries.forEach((picks) => {
    const first = picks.short[0] ?? picks.medium[0];
    if (first === undefined) return;
    const [span] = summarySpans(index, [first]);
    citations.push(citeSpan(index, first, span!.start, span!.end));
  });
  return { kind: 'corpus', title: 'All documents', citations };
}

/**
 * Whether sentence `id` belongs to its document's labelled headline line ("Opinion | …"), by the
 * rule document summaries use: only the first paragraph's sentences and the one after it are read.
 */
function inLabelledHeadline(index: IndexData, id: number): boolean {
  const s = index.sentences[id]!;
  let first = id;
  while (first > 0 && index.sentences[first - 1]!.doc === s.doc) {
    if (index.sentences[first - 1]!.paragraph !== s.paragraph) return false;
    first--;
  }
  let last = id;
  while (last + 1 < index.sentences.length && index.sentences[last + 1]!.doc === s.doc && index.sentences[last]!.paragraph === s.paragraph) last++;
  const units = index.sentences.slice(first, last + 1);
  return headlineFlags(index.texts[s.doc]!, units)[id - first]!;
}

/**
 * What the corpus says about a topic: the summarizer's picks among candidate sentences, grouped
 * by document (best document first) and in reading order within each.
 */
export async function topicSummary(
  index: IndexData,
  summarizer: Summarizer,
  topic: string,
  qvec: Float32Array,
  candidateSentences: readonly number[],
  length: SummaryLength,
): Promise<Summary> {
  const eligible = candidateSentences.filter((id) => !inLabelledHeadline(index, id));
  const vectors = await index.sentenceVectors.get(eligible.map((id) => index.sentenceKeys[id]!));
  const candidates = eligible.map((id, i) => {
    const s = index.sentences[id]!;
    return { ...s, text: index.texts[s.doc]!.slice(s.contextStart, s.end), vector: vectors[i]! };
  });
  const picked = summarizer.rankTopic(qvec, candidates, SUMMARY_SENTENCES[length]).map((i) => eligible[i]!);
  if (picked.length === 0) {
    return { kind: 'topic', title: topic, citations: [], message: 'The documents do not seem to cover this topic.' };
  }
  // Documents in the order of their best pick; sentences in reading order inside each.
  const docRank = new Map<number, number>();
  picked.forEach((id, i) => {
    const doc = index.sentences[id]!.doc;
    if (!docRank.has(doc)) docRank.set(doc, i);
  });
  const ordered = [...picked].sort((a, b) => {
    const da = index.sentences[a]!.doc;
    const db = index.sentences[b]!.doc;
    return docRank.get(da)! - docRank.get(db)! || index.sentences[a]!.start - index.sentences[b]!.start;
  });
  return {
    kind: 'topic',
    title: topic,
    citations: ordered.map((id) => {
      const [span] = summarySpans(index, [id]);
      return citeSpan(index, id, span!.start, span!.end);
    }),
  };
}
