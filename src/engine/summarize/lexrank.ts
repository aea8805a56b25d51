/**
 * Document summaries rank sentences by centrality (continuous LexRank: PageRank over the cosine
 * graph of sentence embeddings) with a mild lead bias, since news puts the point first, then
 * pick them with MMR so no point is made twice. Topic summaries pick the most relevant, mutually
 * distinct sentences with MMR, spread over documents.
 */
import { dot } from '../../domain/vector.js';
import { wordCount } from '../../domain/text.js';
import { SUMMARY_SENTENCES } from '../../domain/types.js';
import type { ScoringProfile } from '../scoring/profile.js';
import type { DocumentInput, Summarizer, SummarySentence, TopicCandidate } from './types.js';

type SummaryProfile = ScoringProfile['summary'];

/** "…gotten around to that realization": a summary sentence should not point back at text it omits. */
const POINTS_BACK = /\b(to|of|at|about|with|for|from|on|around|by) (that|this|these|those) [a-z]+/i;

/**
 * Sentences worth summarising: standalone (no leading context needed), long enough, not
 * questions. Falls back to every sentence for documents too short to be picky about.
 */
function candidates(sentences: readonly SummarySentence[], text: string, p: SummaryProfile): number[] {
  const all = sentences.map((_, i) => i);
  const good = all.filter((i) => {
    const s = sentences[i]!;
    const t = text.slice(s.start, s.end);
    return s.contextStart === s.start && wordCount(t) >= p.minWords && !/\?["”’]?$/.test(t) && !POINTS_BACK.test(t);
  });
  return good.length >= Math.min(3, all.length) ? good : all;
}

/** Continuous LexRank centrality of each candidate (sums to 1). */
function lexRank(ids: readonly number[], vector: (id: number) => Float32Array, p: SummaryProfile): number[] {
  const n = ids.length;
  if (n === 0) return [];
  const w: number[][] = ids.map((a, i) => ids.map((b, j) => (i === j ? 0 : Math.max(0, dot(vector(a), vector(b))))));
  const rowSums = w.map((row) => row.reduce((x, y) => x + y, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < p.iterations; it++) {
    const next = new Array<number>(n).fill((1 - p.damping) / n);
    for (let i = 0; i < n; i++) {
      if (rowSums[i] === 0) {
        for (let j = 0; j < n; j++) next[j]! += (p.damping * rank[i]!) / n;
        continue;
      }
      for (let j = 0; j < n; j++) next[j]! += (p.damping * rank[i]! * w[i]![j]!) / rowSums[i]!;
    }
    rank = next;
  }
  return rank;
}

/** Greedy maximal marginal relevance: returns ids in pick order. */
function mmr(
  ids: readonly number[],
  scores: readonly number[],
  vector: (id: number) => Float32Array,
  limit: number,
  p: SummaryProfile,
  extraPenalty?: (id: number, picked: number[]) => number,
): number[] {
  const max = Math.max(...scores, Number.EPSILON);
  const norm = scores.map((s) => s / max);
  const picked: number[] = [];
  const left = new Set(ids.map((_, i) => i));
  while (picked.length < limit && left.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of left) {
      const v = vector(ids[i]!);
      const overlap = picked.length ? Math.max(...picked.map((q) => dot(v, vector(q)))) : 0;
      if (overlap >= p.redundancy) continue;
      const value = p.mmrLambda * norm[i]! - (1 - p.mmrLambda) * overlap - (extraPenalty?.(ids[i]!, picked) ?? 0);
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

export function lexRankSummarizer(p: SummaryProfile): Summarizer {
  return {
    name: 'lexrank',
    rankDocument({ text, sentences, vectors }: DocumentInput): number[] {
      const vector = (i: number) => vectors[i]!;
      const pool = candidates(sentences, text, p);
      const centrality = lexRank(pool, vector, p);
      const paragraphs = Math.max(1, ...pool.map((i) => sentences[i]!.paragraph));
      const scores = pool.map((i, k) => centrality[k]! * (1 + p.leadBias * (1 - (sentences[i]!.paragraph - 1) / paragraphs)));
      return mmr(pool, scores, vector, SUMMARY_SENTENCES.long, p);
    },

    rankTopic(query: Float32Array, cands: readonly TopicCandidate[], limit: number): number[] {
      const relevance = new Map<number, number>();
      cands.forEach((c, i) => {
        if (wordCount(c.text) < p.minWords) return;
        const r = dot(query, c.vector);
        if (r >= p.minTopicRelevance) relevance.set(i, r);
      });
      const ids = [...relevance.keys()];
      const overlaps = (a: number, b: number) => {
        const sa = cands[a]!;
        const sb = cands[b]!;
        return sa.doc === sb.doc && sa.contextStart < sb.end && sb.contextStart < sa.end;
      };
      const penalty = (id: number, picked: number[]) =>
        picked.some((q) => overlaps(q, id))
          ? Infinity
          : p.sameDocumentPenalty * picked.filter((q) => cands[q]!.doc === cands[id]!.doc).length;
      return mmr(ids, ids.map((id) => relevance.get(id)!), (i) => cands[i]!.vector, limit, p, penalty);
    },
  };
}
