/**
 * Extractive summaries: every sentence shown is quoted verbatim with its paragraph.
 *
 * Document summaries are picked once per index build (summarize/salient.ts: position, directed
 * centrality, coverage of salient concepts, a word budget) and looked up here. Topic summaries
 * rank the sentences retrieved for a topic by relevance and pick them with MMR.
 */
import { dot } from './embedder.js';
import type { AnswerContext } from './answer.js';
import type { VectorStore } from './store/vector-store.js';
import { quoteSpans } from './summarize/salient.js';
import { SUMMARY_SENTENCES, type Summary, type SummaryCitation, type SummaryLength } from './summary-types.js';

export const SUMMARY = {
  /** MMR trade-off between centrality (or relevance) and novelty. */
  mmrLambda: 0.7,
  /** Sentences more similar than this to one already picked repeat it. */
  redundancy: 0.8,
  /** Sentences shorter than this rarely carry a point on their own. */
  minWords: 6,
  /** Topic summaries: sentences below this similarity to the topic are off-topic. */
  minTopicRelevance: 0.4,
  /** Topic summaries: penalty per sentence already taken from the same document (spreads sources). */
  sameDocumentPenalty: 0.04,
} as const;

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Greedy maximal marginal relevance: returns ids in pick order. */
function mmr(ids: readonly number[], scores: readonly number[], vectors: VectorStore, limit: number, extraPenalty?: (id: number, picked: number[]) => number): number[] {
  const max = Math.max(...scores, Number.EPSILON);
  const norm = scores.map((s) => s / max);
  const picked: number[] = [];
  const left = new Set(ids.map((_, i) => i));
  while (picked.length < limit && left.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of left) {
      const v = vectors.vector(ids[i]!);
      const overlap = picked.length ? Math.max(...picked.map((p) => dot(v, vectors.vector(p)))) : 0;
      if (overlap >= SUMMARY.redundancy) continue;
      const value = SUMMARY.mmrLambda * norm[i]! - (1 - SUMMARY.mmrLambda) * overlap - (extraPenalty?.(ids[i]!, picked) ?? 0);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    picked.push(ids[best]!);
    left.delete(best);
  }
  return picked;
}

export function citeSentence(ctx: AnswerContext, id: number, withContext: boolean): SummaryCitation {
  const s = ctx.index.sentences[id]!;
  const doc = ctx.index.manifest.documents[s.doc]!;
  const start = withContext ? s.contextStart : s.start;
  return { quote: ctx.texts[s.doc]!.slice(start, s.end), document: doc.id, title: doc.title, paragraph: s.paragraph, start, end: s.end };
}

const byPosition = (ctx: AnswerContext) => (a: number, b: number) => {
  const sa = ctx.index.sentences[a]!;
  const sb = ctx.index.sentences[b]!;
  return sa.doc - sb.doc || sa.start - sb.start;
};

export function documentSummary(ctx: AnswerContext, docIndex: number, length: SummaryLength): Summary {
  const ids = [...(ctx.index.summaries[docIndex]?.[length] ?? [])].sort(byPosition(ctx));
  const spans = quoteSpans(ctx.index.sentences, ids);
  return {
    kind: 'document',
    title: ctx.index.manifest.documents[docIndex]!.title,
    citations: ids.map((id, i) => citeSentence(ctx, id, spans[i]!.start !== ctx.index.sentences[id]!.start)),
  };
}

/** One line per document: the lead-most sentence of its short summary (the picks are in document order). */
export function corpusOverview(ctx: AnswerContext): Summary {
  const citations: SummaryCitation[] = [];
  ctx.index.summaries.forEach((picks) => {
    const first = picks.short[0] ?? picks.medium[0];
    if (first !== undefined) citations.push(citeSentence(ctx, first, true));
  });
  return { kind: 'corpus', title: 'All documents', citations };
}

/**
 * What the corpus says about a topic: the most relevant, mutually distinct sentences, spread
 * over documents, grouped by document (best document first) and in reading order within each.
 */
export function topicSummary(
  ctx: AnswerContext,
  topic: string,
  qvec: Float32Array,
  candidateSentences: readonly number[],
  length: SummaryLength,
): Summary {
  const { index } = ctx;
  const relevance = new Map<number, number>();
  for (const id of candidateSentences) {
    const s = index.sentences[id]!;
    const text = ctx.texts[s.doc]!.slice(s.contextStart, s.end);
    if (wordCount(text) < SUMMARY.minWords) continue;
    const r = dot(qvec, index.sentenceVectors.vector(id));
    if (r >= SUMMARY.minTopicRelevance) relevance.set(id, r);
  }
  if (relevance.size === 0) {
    return { kind: 'topic', title: topic, citations: [], message: 'The documents do not seem to cover this topic.' };
  }
  const ids = [...relevance.keys()];
  const overlaps = (a: number, b: number) => {
    const sa = index.sentences[a]!;
    const sb = index.sentences[b]!;
    return sa.doc === sb.doc && sa.contextStart < sb.end && sb.contextStart < sa.end;
  };
  const penalty = (id: number, picked: number[]) =>
    picked.some((p) => overlaps(p, id))
      ? Infinity
      : SUMMARY.sameDocumentPenalty * picked.filter((p) => index.sentences[p]!.doc === index.sentences[id]!.doc).length;
  const picked = mmr(ids, ids.map((id) => relevance.get(id)!), index.sentenceVectors, SUMMARY_SENTENCES[length], penalty);
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
  return { kind: 'topic', title: topic, citations: ordered.map((id) => citeSentence(ctx, id, true)) };
}
