/**
 * Hybrid retrieval: dense cosine over chunk vectors and BM25 over sentences, fused with
 * reciprocal rank fusion; then every quotable passage of the best chunks is scored against the
 * question (features.ts, then the Scorer). Passages are single sentences (with the previous one
 * when they cannot stand alone) and two-sentence windows, so an answer that sits right after
 * the sentence restating the question can win as a pair.
 */
import { normalize } from '../../domain/vector.js';
import type { IndexData } from '../index/snapshot.js';
import { terms } from '../lexical/bm25.js';
import type { LexicalHit } from '../lexical/types.js';
import type { BlockKind } from '../readers/types.js';
import type { VectorHit } from '../stores/types.js';
import { passageFeatures, questionFeatures, withIdentifierWords } from '../scoring/features.js';
import type { ScoringProfile } from '../scoring/profile.js';
import type { PassageFeatures, Scorer } from '../scoring/types.js';

export interface Passage extends PassageFeatures {
  /** Sentence the passage is built around (position in the index). */
  sentence: number;
  /** Last sentence included (same as `sentence` for single-sentence passages). */
  lastSentence: number;
  doc: number;
  start: number;
  end: number;
  /** Stemmed question terms the passage contains. */
  matched: string[];
  /** Final ranking score (the Scorer's). */
  score: number;
}

export interface Retrieval {
  passages: Passage[];
  /** Fused chunk ranking (positions, best first). */
  chunks: number[];
  /** Vectors of the sentences looked at, by position (for de-duplicating quotes). */
  sentenceVectors: Map<number, Float32Array>;
}

/**
 * Per-stage timings of one retrieval, in ms (for the bench); they add up to its wall time. Dense
 * search runs alongside keyword search, so `dense` holds only what it took beyond `lexical`, plus
 * fusion and fetching the candidates' vectors.
 */
export interface RetrievalTimings {
  lexical: number;
  dense: number;
  passages: number;
}

/** Chunk positions with their reciprocal-rank-fusion score. */
export async function fuseChunks(
  index: IndexData,
  qvec: Float32Array,
  lexHits: readonly LexicalHit[],
  retrieval: ScoringProfile['retrieval'],
  denseHits?: readonly VectorHit[],
): Promise<Map<number, number>> {
  const dense = (denseHits ?? (await index.chunkVectors.search(qvec, retrieval.denseK))).map((h) => index.chunkPosition.get(h.id)!);
  // A chunk's lexical rank is that of its best sentence.
  const lexChunkOrder: number[] = [];
  const seen = new Set<number>();
  for (const h of lexHits) {
    const chunk = index.sentences[index.sentencePosition.get(h.id)!]!.chunk;
    if (!seen.has(chunk)) {
      seen.add(chunk);
      lexChunkOrder.push(chunk);
    }
  }
  const fused = new Map<number, number>();
  const add = (chunk: number, rank: number) => fused.set(chunk, (fused.get(chunk) ?? 0) + 1 / (retrieval.rrfK + rank + 1));
  dense.forEach((c, rank) => add(c, rank));
  lexChunkOrder.forEach((c, rank) => add(c, rank));
  return fused;
}

/** The first `n` chunks of the dense ranking and the first `n` of the lexical one (by best sentence), in that order. */
export function topOfEach(index: Pick<IndexData, 'chunkPosition' | 'sentencePosition' | 'sentences'>, dense: readonly VectorHit[], lexical: readonly LexicalHit[], n: number): number[] {
  if (n === 0) return [];
  const out = dense.slice(0, n).map((h) => index.chunkPosition.get(h.id)!);
  const lex: number[] = [];
  for (const h of lexical) {
    const c = index.sentences[index.sentencePosition.get(h.id)!]!.chunk;
    if (!lex.includes(c)) lex.push(c);
    if (lex.length === n) break;
  }
  return [...out, ...lex];
}

/**
 * A sentence that ends its block with a colon ("Set the console log level with:", "The options
 * are:") introduces the block after it, whatever that block's kind: the command, list or table
 * it announces is its answer. So does a sentence that runs on into a code block ("If f is such a
 * factor, you can use" + the code) and prose followed by a one-line command: manuals show the
 * command that does what the sentence just said. Only over blank space, as every window: a
 * Markdown fence between them was tried (the gap then holds the fence) and, refitted, did not
 * gain on the Vite or held-out docs sets while the answer threshold moved (seed held-out answered
 * 0.974 -> 0.868); with the committed profile unchanged, Vite docs hit@3 +1 question and held-out
 * docs AUC 0.62 -> 0.57, hit@1 equal everywhere.
 */
const ENDS_WITH_COLON = /:\s*$/;
/**
 * What may lie between two sentences of one window: blank space, and the markers of the next
 * list item ("\n- ", "\n2. "): one list's items are one block kind in one section, and the item
 * after the one that names the question's subject often holds the answer ("Never referenced in
 * source code (e.g. `robots.txt`)" + "Must retain the exact same file name").
 */
const BLANK_OR_BULLETS = /^(?:\s*(?:[-*+]|\d{1,9}[.)])(?=\s))*\s*$/;
const ENDS_SENTENCE = /[.!?…]["'”’)\]]*\s*$/;

function introduces(text: string, cur: { start: number; end: number }, next: { start: number; end: number }, nextKind: BlockKind | undefined): boolean {
  const sentence = text.slice(cur.start, cur.end);
  if (ENDS_WITH_COLON.test(sentence)) return true;
  if (nextKind !== 'code') return false;
  return !ENDS_SENTENCE.test(sentence) || !text.slice(next.start, next.end).includes('\n');
}

/**
 * Whether a quote window may run from sentence `a` into sentence `b` of the next block: same
 * section (heading path) and, unless `a` is a lead-in, the same kind of block.
 */
export function sameSection(
  index: Pick<IndexData, 'paragraphs'>,
  a: { doc: number; paragraph: number },
  b: { doc: number; paragraph: number },
  leadIn = false,
): boolean {
  if (a.doc !== b.doc) return false;
  if (a.paragraph === b.paragraph) return true;
  const pa = index.paragraphs[a.doc]?.[a.paragraph - 1];
  const pb = index.paragraphs[b.doc]?.[b.paragraph - 1];
  if (!pa || !pb || (pa.kind !== pb.kind && !leadIn) || pa.headingPath.length !== pb.headingPath.length) return false;
  return pa.headingPath.every((h, i) => h === pb.headingPath[i]);
}

export async function retrieve(
  index: IndexData,
  question: string,
  qvec: Float32Array,
  profile: ScoringProfile,
  scorer: Scorer,
  timings?: RetrievalTimings,
): Promise<Retrieval> {
  const { texts } = index;
  let t = performance.now();
  // A term the corpus lacks has the largest IDF: the scale of the rare-term feature.
  const ABSENT = '\u0000absent';
  // Keyword and dense search at once: on Postgres they are round trips on separate connections.
  let lexicalEnd = t;
  const keyword = Promise.all([index.lexical.search(question, profile.retrieval.lexicalK), index.lexical.idf([...terms(question), ABSENT])]);
  const [[lexHits, idf], denseHits] = await Promise.all([
    keyword.then((r) => ((lexicalEnd = performance.now()), r)),
    index.chunkVectors.search(qvec, profile.retrieval.denseK),
  ]);
  const lexBySentence = new Map<number, LexicalHit>(lexHits.map((h) => [index.sentencePosition.get(h.id)!, h]));
  const maxIdf = idf.get(ABSENT) ?? 0;
  idf.delete(ABSENT);
  const q = questionFeatures(question, qvec, idf, lexHits, maxIdf);
  if (timings) timings.lexical = lexicalEnd - t;

  t = lexicalEnd;
  const fused = await fuseChunks(index, qvec, lexHits, profile.retrieval, denseHits);
  const chunkOrder = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const bestFused = fused.get(chunkOrder[0]!) ?? 1;
  const candidates = chunkOrder.slice(0, profile.retrieval.candidateChunks);
  for (const c of topOfEach(index, denseHits, lexHits, profile.retrieval.topOfEach)) if (!candidates.includes(c)) candidates.push(c);
  // Vectors of every sentence the candidate passages use, the next sentence of each included.
  const wanted = new Set<number>();
  for (const c of candidates) {
    const chunk = index.chunks[c]!;
    for (let s = chunk.firstSentence; s <= chunk.lastSentence; s++) wanted.add(s).add(s + 1);
  }
  const positions = [...wanted].filter((s) => s < index.sentences.length);
  const [fetched, chunkFetched] = await Promise.all([
    index.sentenceVectors.get(positions.map((s) => index.sentenceKeys[s]!)),
    index.chunkVectors.get(candidates.map((c) => index.chunkKeys[c]!)),
  ]);
  const vectors = new Map(positions.map((s, i) => [s, fetched[i]!]));
  const chunkVectors = new Map(candidates.map((c, i) => [c, chunkFetched[i]!]));
  if (timings) timings.dense = performance.now() - t;

  t = performance.now();
  const passages: Passage[] = [];
  const seen = new Set<string>();
  // Where a passage sits (its document's title and section headings) and what kind of block it
  // is; stemmed once per block, not once per passage.
  const places = new Map<string, { headingTerms: Set<string>; sectionTerms: Set<string>; kind: BlockKind }>();
  const place = (doc: number, paragraph: number) => {
    const key = `${doc}:${paragraph}`;
    let p = places.get(key);
    if (!p) {
      const info = index.paragraphs[doc]?.[paragraph - 1];
      const heading = [index.manifest.documents[doc]?.title ?? '', ...(info?.headingPath ?? [])].join(' ');
      const section = info?.headingPath.at(-1) ?? '';
      p = { headingTerms: new Set(terms(withIdentifierWords(heading))), sectionTerms: new Set(terms(withIdentifierWords(section))), kind: info?.kind ?? 'paragraph' };
      places.set(key, p);
    }
    return p;
  };
  const consider = (first: number, last: number, vector: Float32Array, chunkBonus: number, chunkVector: Float32Array) => {
    const a = index.sentences[first]!;
    const b = index.sentences[last]!;
    const key = `${a.contextStart}:${b.end}:${a.doc}`;
    if (seen.has(key)) return;
    seen.add(key);
    const hits = [lexBySentence.get(first), last !== first ? lexBySentence.get(last) : undefined].filter((h) => h !== undefined);
    const f = passageFeatures(q, {
      text: texts[a.doc]!.slice(a.contextStart, b.end),
      vector,
      hits,
      chunkBonus,
      window: last !== first,
      chunkVector,
      ...place(a.doc, a.paragraph),
    });
    passages.push({ ...f, sentence: first, lastSentence: last, doc: a.doc, start: a.contextStart, end: b.end, score: scorer.rank(f) });
  };

  for (const chunkId of candidates) {
    const chunk = index.chunks[chunkId]!;
    const chunkBonus = (fused.get(chunkId) ?? 0) / bestFused;
    const chunkVector = chunkVectors.get(chunkId)!;
    for (let s = chunk.firstSentence; s <= chunk.lastSentence; s++) {
      const v = vectors.get(s)!;
      consider(s, s, v, chunkBonus, chunkVector);
      const next = index.sentences[s + 1];
      const cur = index.sentences[s]!;
      // Windows may cross into the next paragraph (news paragraphs are often one sentence),
      // but only over blank space (never over skipped chrome or a heading), and only into a
      // block of the same kind in the same section, or into whatever block a lead-in announces.
      const nextKind = next && index.paragraphs[next.doc]?.[next.paragraph - 1]?.kind;
      // Whether it is a lead-in only matters across kinds: skip the text checks otherwise.
      const crossesKind = next !== undefined && nextKind !== index.paragraphs[cur.doc]?.[cur.paragraph - 1]?.kind;
      const adjacent =
        next &&
        next.doc === cur.doc &&
        BLANK_OR_BULLETS.test(texts[cur.doc]!.slice(cur.end, next.start)) &&
        sameSection(index, cur, next, crossesKind && introduces(texts[cur.doc]!, cur, next, nextKind));
      // A next sentence that already includes this one as context is its own passage.
      if (adjacent && next.contextStart > cur.start) {
        const w = vectors.get(s + 1)!;
        const pair = normalize(Float32Array.from(v, (x, i) => x + w[i]!));
        consider(s, s + 1, pair, chunkBonus, chunkVector);
      }
    }
  }
  passages.sort((a, b) => b.score - a.score);
  if (timings) timings.passages = performance.now() - t;
  return { passages, chunks: chunkOrder, sentenceVectors: vectors };
}
