/**
 * Summaries as the engine returns them: every sentence shown is quoted verbatim with its
 * paragraph. Which sentences is the summarizer's choice (types.ts); document summaries use the
 * pick order stored at build time, in document order.
 */
import { SUMMARY_SENTENCES, type Summary, type SummaryCitation, type SummaryLength } from '../../domain/types.js';
import type { IndexData } from '../index/snapshot.js';
import type { Summarizer } from './types.js';

export function citeSentence(index: IndexData, id: number, withContext: boolean): SummaryCitation {
  const s = index.sentences[id]!;
  const doc = index.manifest.documents[s.doc]!;
  const start = withContext ? s.contextStart : s.start;
  return { quote: index.texts[s.doc]!.slice(start, s.end), document: doc.id, title: doc.title, paragraph: s.paragraph, start, end: s.end };
}

const byPosition = (index: IndexData) => (a: number, b: number) => {
  const sa = index.sentences[a]!;
  const sb = index.sentences[b]!;
  return sa.doc - sb.doc || sa.start - sb.start;
};

export function documentSummary(index: IndexData, docIndex: number, length: SummaryLength): Summary {
  const order = index.summaries[docIndex] ?? [];
  const ids = order.slice(0, SUMMARY_SENTENCES[length]).sort(byPosition(index));
  return {
    kind: 'document',
    title: index.manifest.documents[docIndex]!.title,
    citations: ids.map((id) => citeSentence(index, id, true)),
  };
}

/** One line per document: its most representative sentence. */
export function corpusOverview(index: IndexData): Summary {
  const citations: SummaryCitation[] = [];
  index.summaries.forEach((order) => {
    if (order[0] !== undefined) citations.push(citeSentence(index, order[0], true));
  });
  return { kind: 'corpus', title: 'All documents', citations };
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
  const vectors = await index.sentenceVectors.get(candidateSentences.map((id) => index.sentenceKeys[id]!));
  const candidates = candidateSentences.map((id, i) => {
    const s = index.sentences[id]!;
    return { ...s, text: index.texts[s.doc]!.slice(s.contextStart, s.end), vector: vectors[i]! };
  });
  const picked = summarizer.rankTopic(qvec, candidates, SUMMARY_SENTENCES[length]).map((i) => candidateSentences[i]!);
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
  return { kind: 'topic', title: topic, citations: ordered.map((id) => citeSentence(index, id, true)) };
}
