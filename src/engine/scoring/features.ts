/**
 * Features of a (question, passage) pair that mean the same on any corpus: similarities and
 * shares rather than raw scores, and every lexical score relative to the best one for the same
 * question. Nothing here looks at the question alone (a "not" in the question says something
 * about how SQuAD's crowd workers wrote, not about whether the documents answer it).
 */
import { dot } from '../embedder.js';
import type { IndexData } from '../index-store.js';
import { terms } from '../lexical.js';
import type { Passage } from '../retriever.js';

/** Passage features, in the order the ranker's weights apply to them. */
export const PASSAGE_FEATURES = [
  'dense',
  'denseToBest',
  'chunkDense',
  'lexical',
  'chunkFused',
  'coverage',
  'coverageToBest',
  'rareMissing',
  'properMissing',
  'numberMissing',
  'typed',
  'untyped',
  'logWords',
  'window',
] as const;

/** Question-level features of the ranked candidates, for the abstention model. */
export const ANSWER_FEATURES = [
  'topLogit',
  'gapToNext',
  'topDense',
  'topCoverage',
  'topRareMissing',
  'topProperMissing',
  'topNumberMissing',
  'topUntyped',
  'bestChunkDense',
] as const;

export interface QueryTerms {
  /** Distinct stemmed terms with their IDF. */
  idf: Map<string, number>;
  idfTotal: number;
  /** IDF of a term the corpus lacks: the scale rare-term weights are measured against. */
  maxIdf: number;
  /** Stems of capitalised words and acronyms after the first word ("Warsaw", "EU"). */
  proper: string[];
  /** Numbers written with digits ("1973", "12"). */
  numbers: string[];
}

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;
const DIGITS = /\d+(?:[.,]\d+)*/g;

export function queryTerms(index: IndexData, question: string): QueryTerms {
  const idf = new Map(terms(question).map((t) => [t, index.lexical.idf(t)]));
  const proper = new Set<string>();
  [...question.matchAll(WORD)].forEach((m, i) => {
    // The first word is capitalised because it starts the sentence.
    if (i === 0 || !/^\p{Lu}/u.test(m[0])) return;
    for (const t of terms(m[0])) proper.add(t);
  });
  return {
    idf,
    idfTotal: [...idf.values()].reduce((a, b) => a + b, 0),
    maxIdf: index.lexical.idf('\u0000absent'),
    proper: [...proper],
    numbers: [...new Set(question.match(DIGITS) ?? [])],
  };
}

/** Shortest stem that may match a longer one by prefix ("indonesia" ~ "indonesian", "russia" ~ "russian"). */
const MIN_PREFIX = 5;

/** Whether the passage's stems contain `t`, exactly or as a prefix either way (demonyms, derived forms). */
function hasStem(stems: ReadonlySet<string>, t: string): boolean {
  if (stems.has(t)) return true;
  for (const s of stems) {
    const [short, long] = s.length < t.length ? [s, t] : [t, s];
    if (short.length >= MIN_PREFIX && long.startsWith(short)) return true;
  }
  return false;
}

/** Share of `wanted` not found in `have` (0 when nothing is wanted). */
function missingShare(wanted: readonly string[], have: (w: string) => boolean): number {
  return wanted.length === 0 ? 0 : wanted.filter((w) => !have(w)).length / wanted.length;
}

/** One feature row per passage (see PASSAGE_FEATURES), aligned with `passages`. */
export function passageFeatures(
  index: IndexData,
  texts: readonly string[],
  q: QueryTerms,
  qvec: Float32Array,
  passages: readonly Passage[],
): number[][] {
  const rows = passages.map((p) => {
    const text = texts[p.doc]!.slice(p.start, p.end);
    const stems = new Set(terms(text));
    const digits = new Set(text.match(DIGITS) ?? []);
    let covered = 0;
    let rareMissing = 0;
    for (const [t, w] of q.idf) {
      if (hasStem(stems, t)) covered += w;
      else rareMissing = Math.max(rareMissing, w / q.maxIdf);
    }
    const words = text.match(WORD)?.length ?? 0;
    return [
      p.dense,
      0,
      dot(qvec, index.chunkVectors.vector(index.sentences[p.sentence]!.chunk)),
      p.lexical,
      p.chunkBonus,
      q.idfTotal > 0 ? covered / q.idfTotal : 0,
      0,
      rareMissing,
      missingShare(q.proper, (t) => hasStem(stems, t)),
      missingShare(q.numbers, (n) => digits.has(n)),
      p.typed ? 1 : 0,
      p.typeAsked && !p.typed ? 1 : 0,
      Math.log1p(words),
      p.lastSentence !== p.sentence ? 1 : 0,
    ];
  });
  const DENSE = PASSAGE_FEATURES.indexOf('dense');
  const COVERAGE = PASSAGE_FEATURES.indexOf('coverage');
  const bestDense = Math.max(...rows.map((r) => r[DENSE]!));
  const bestCoverage = Math.max(...rows.map((r) => r[COVERAGE]!));
  for (const r of rows) {
    r[PASSAGE_FEATURES.indexOf('denseToBest')] = r[DENSE]! - bestDense;
    r[PASSAGE_FEATURES.indexOf('coverageToBest')] = r[COVERAGE]! - bestCoverage;
  }
  return rows;
}

/**
 * Abstention features from the candidates ordered by the ranker: how good the best passage is
 * and how clearly it beats the next one. `order` lists row indices best first.
 */
export function answerFeatures(rows: readonly (readonly number[])[], logits: readonly number[], order: readonly number[]): number[] {
  const f = (name: (typeof PASSAGE_FEATURES)[number], i: number) => rows[i]![PASSAGE_FEATURES.indexOf(name)]!;
  const top = order[0];
  if (top === undefined) return ANSWER_FEATURES.map(() => 0);
  const next = order[1];
  return [
    logits[top]!,
    next === undefined ? 0 : logits[top]! - logits[next]!,
    f('dense', top),
    f('coverage', top),
    f('rareMissing', top),
    f('properMissing', top),
    f('numberMissing', top),
    f('untyped', top),
    Math.max(...rows.map((_, i) => f('chunkDense', i))),
  ];
}
