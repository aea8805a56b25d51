/**
 * Hybrid retrieval: dense cosine over chunk vectors and BM25 over sentences, fused with
 * reciprocal rank fusion; then every quotable passage of the best chunks is scored against the
 * question. Passages are single sentences (with the previous one when they cannot stand alone)
 * and two-sentence windows, so an answer that sits right after the sentence restating the
 * question can win as a pair.
 */
import { answerType, hasAnswerOfType } from './answer-type.js';
import { dot, normalize } from './embedder.js';
import type { IndexData } from './index-store.js';
import { terms, type LexicalHit } from './lexical.js';

export const RETRIEVAL = {
  /** Dense candidates taken from the vector store. */
  denseK: 40,
  /** Lexical (sentence) hits considered. */
  lexicalK: 200,
  /** Reciprocal rank fusion constant (the usual 60). */
  rrfK: 60,
  /** Fused chunks whose sentences compete for quotes. */
  candidateChunks: 8,
  /** Weight of the passage's BM25 score (normalised to the best hit) in its final score. */
  lexicalWeight: 0.15,
  /** Weight of the chunk's fused rank in its passages' final score. */
  chunkWeight: 0.1,
  /** Bonus for a passage holding the kind of fact the question asks for (a name for "who"…). */
  typeBonus: 0.06,
  /** Cost of quoting two sentences instead of one. */
  windowPenalty: 0.03,
} as const;

export interface Passage {
  /** Sentence the passage is built around (global id). */
  sentence: number;
  /** Last sentence included (same as `sentence` for single-sentence passages). */
  lastSentence: number;
  doc: number;
  start: number;
  end: number;
  /** Cosine similarity between question and passage. */
  dense: number;
  /** BM25 score, divided by the best BM25 score for the question (0–1). */
  lexical: number;
  /** Stemmed question terms the passage contains. */
  matched: string[];
  /** Share of the question's terms (weighted by rarity, IDF) that the passage contains. */
  coverage: number;
  /** Whether the passage holds a fact of the question's answer type. */
  typed: boolean;
  /** Whether the question has an answer type at all. */
  typeAsked: boolean;
  /** The chunk's fused (dense + BM25) score relative to the best chunk's (0–1). */
  chunkBonus: number;
  /** Final ranking score. */
  score: number;
}

export interface Retrieval {
  passages: Passage[];
  /** Fused chunk ranking (ids, best first). */
  chunks: number[];
}

function fuse(index: IndexData, qvec: Float32Array, lexHits: LexicalHit[]): Map<number, number> {
  const dense = index.chunkVectors.search(qvec, RETRIEVAL.denseK);
  // A chunk's lexical rank is that of its best sentence.
  const lexChunkOrder: number[] = [];
  const seen = new Set<number>();
  for (const h of lexHits) {
    const chunk = index.sentences[h.id]!.chunk;
    if (!seen.has(chunk)) {
      seen.add(chunk);
      lexChunkOrder.push(chunk);
    }
  }
  const fused = new Map<number, number>();
  const add = (chunk: number, rank: number) => fused.set(chunk, (fused.get(chunk) ?? 0) + 1 / (RETRIEVAL.rrfK + rank + 1));
  dense.forEach((h, rank) => add(h.id, rank));
  lexChunkOrder.forEach((c, rank) => add(c, rank));
  return fused;
}

export function retrieve(index: IndexData, texts: readonly string[], question: string, qvec: Float32Array): Retrieval {
  const lexHits = index.lexical.search(question, RETRIEVAL.lexicalK);
  const maxLex = lexHits[0]?.score ?? 0;
  const lexBySentence = new Map<number, LexicalHit>(lexHits.map((h) => [h.id, h]));
  const fused = fuse(index, qvec, lexHits);
  const chunkOrder = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const bestFused = fused.get(chunkOrder[0]!) ?? 1;
  const type = answerType(question);
  // Rarity weights of the question's terms; terms absent from the corpus weigh the most.
  const idf = new Map(terms(question).map((t) => [t, index.lexical.idf(t)]));
  const idfTotal = [...idf.values()].reduce((a, b) => a + b, 0);

  const passages: Passage[] = [];
  const seen = new Set<string>();
  const consider = (first: number, last: number, vector: Float32Array, chunkBonus: number) => {
    const a = index.sentences[first]!;
    const b = index.sentences[last]!;
    const key = `${a.contextStart}:${b.end}:${a.doc}`;
    if (seen.has(key)) return;
    seen.add(key);
    const hits = [lexBySentence.get(first), last !== first ? lexBySentence.get(last) : undefined].filter((h) => h !== undefined);
    const lexical = maxLex > 0 ? Math.max(0, ...hits.map((h) => h.score / maxLex)) : 0;
    const text = texts[a.doc]!.slice(a.contextStart, b.end);
    const typed = type !== undefined && hasAnswerOfType(text, type, question);
    const d = dot(qvec, vector);
    const matched = [...new Set(hits.flatMap((h) => h.matched))];
    const coverage = idfTotal > 0 ? matched.reduce((a, t) => a + (idf.get(t) ?? 0), 0) / idfTotal : 0;
    passages.push({
      sentence: first,
      lastSentence: last,
      doc: a.doc,
      start: a.contextStart,
      end: b.end,
      dense: d,
      lexical,
      matched,
      coverage,
      typed,
      typeAsked: type !== undefined,
      chunkBonus,
      score:
        d +
        RETRIEVAL.lexicalWeight * lexical +
        RETRIEVAL.chunkWeight * chunkBonus +
        (typed ? RETRIEVAL.typeBonus : 0) -
        (last !== first ? RETRIEVAL.windowPenalty : 0),
    });
  };

  for (const chunkId of chunkOrder.slice(0, RETRIEVAL.candidateChunks)) {
    const chunk = index.chunks[chunkId]!;
    const chunkBonus = (fused.get(chunkId) ?? 0) / bestFused;
    for (let s = chunk.firstSentence; s <= chunk.lastSentence; s++) {
      const v = index.sentenceVectors.vector(s);
      consider(s, s, v, chunkBonus);
      const next = index.sentences[s + 1];
      const cur = index.sentences[s]!;
      // Windows may cross into the next paragraph (news paragraphs are often one sentence),
      // but only over blank space: never over chrome that cleaning removed in between.
      const adjacent = next && next.doc === cur.doc && texts[cur.doc]!.slice(cur.end, next.start).trim() === '';
      // A next sentence that already includes this one as context is its own passage.
      if (adjacent && next.contextStart > cur.start) {
        const w = index.sentenceVectors.vector(s + 1);
        const pair = normalize(Float32Array.from(v, (x, i) => x + w[i]!));
        consider(s, s + 1, pair, chunkBonus);
      }
    }
  }
  return { passages: passages.sort((a, b) => b.score - a.score), chunks: chunkOrder };
}
