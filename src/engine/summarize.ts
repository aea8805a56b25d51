/**
 * Extractive summaries: every sentence shown is quoted verbatim with its paragraph.
 *
 * Document summaries rank sentences by centrality (continuous LexRank: PageRank over the cosine
 * graph of sentence embeddings) with a mild lead bias, since news puts the point first, then
 * pick them with MMR so no point is made twice. The pick order is computed once per index build
 * (it never changes until the corpus does); a summary of length k shows the first k picks in
 * document order.
 */
import { dot } from './embedder.js';
import type { AnswerContext } from './answer.js';
import type { StoredSentence } from './index-store.js';
import type { VectorStore } from './store/vector-store.js';
import { SUMMARY_SENTENCES, type Summary, type SummaryCitation, type SummaryLength } from './summary-types.js';

export const SUMMARY = {
  /** PageRank damping and iterations for LexRank. */
  damping: 0.85,
  iterations: 40,
  /** Up to +20% for the first paragraph, fading to 0 at the end of the document. */
  leadBias: 0.2,
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

/** "…gotten around to that realization": a summary sentence should not point back at text it omits. */
const POINTS_BACK = /\b(to|of|at|about|with|for|from|on|around|by) (that|this|these|those) [a-z]+/i;

/**
 * Sentences worth summarising: standalone (no leading context needed), long enough, not
 * questions. Falls back to every sentence for documents too short to be picky about.
 */
function candidates(ids: number[], sentences: readonly StoredSentence[], text: string): number[] {
  const good = ids.filter((id) => {
    const s = sentences[id]!;
    const t = text.slice(s.start, s.end);
    return s.contextStart === s.start && wordCount(t) >= SUMMARY.minWords && !/\?["”’]?$/.test(t) && !POINTS_BACK.test(t);
  });
  return good.length >= Math.min(3, ids.length) ? good : ids;
}

/** Continuous LexRank centrality of each candidate (sums to 1). */
function lexRank(ids: readonly number[], vectors: VectorStore): number[] {
  const n = ids.length;
  if (n === 0) return [];
  const w: number[][] = ids.map((a, i) => ids.map((b, j) => (i === j ? 0 : Math.max(0, dot(vectors.vector(a), vectors.vector(b))))));
  const rowSums = w.map((row) => row.reduce((x, y) => x + y, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < SUMMARY.iterations; it++) {
    const next = new Array<number>(n).fill((1 - SUMMARY.damping) / n);
    for (let i = 0; i < n; i++) {
      if (rowSums[i] === 0) {
        for (let j = 0; j < n; j++) next[j]! += (SUMMARY.damping * rank[i]!) / n;
        continue;
      }
      for (let j = 0; j < n; j++) next[j]! += (SUMMARY.damping * rank[i]! * w[i]![j]!) / rowSums[i]!;
    }
    rank = next;
  }
  return rank;
}

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

/**
 * Pick order of a document's summary sentences (global sentence ids), computed at build time.
 * `ids` are the document's sentences in document order.
 */
export function documentSummaryOrder(
  ids: number[],
  sentences: readonly StoredSentence[],
  text: string,
  vectors: VectorStore,
  limit = SUMMARY_SENTENCES.long,
): number[] {
  const pool = candidates(ids, sentences, text);
  const centrality = lexRank(pool, vectors);
  const paragraphs = Math.max(1, ...pool.map((id) => sentences[id]!.paragraph));
  const scores = pool.map((id, i) => centrality[i]! * (1 + SUMMARY.leadBias * (1 - (sentences[id]!.paragraph - 1) / paragraphs)));
  return mmr(pool, scores, vectors, limit);
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
  const order = ctx.index.summaries[docIndex] ?? [];
  const ids = order.slice(0, SUMMARY_SENTENCES[length]).sort(byPosition(ctx));
  return {
    kind: 'document',
    title: ctx.index.manifest.documents[docIndex]!.title,
    citations: ids.map((id) => citeSentence(ctx, id, true)),
  };
}

/** One line per document: its most representative sentence. */
export function corpusOverview(ctx: AnswerContext): Summary {
  const citations: SummaryCitation[] = [];
  ctx.index.summaries.forEach((order) => {
    if (order[0] !== undefined) citations.push(citeSentence(ctx, order[0], true));
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
