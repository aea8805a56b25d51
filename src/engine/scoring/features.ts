/**
 * Features of a candidate passage for a question: dense similarity, keyword score, coverage of
 * the question's rare terms, answer type, the chunk's fused rank, and whether it is a window;
 * and, for fitted scorers, features that mean the same on any corpus: similarity to the chunk,
 * coverage of the question's terms in the passage text, its rarest missing term, and names and
 * numbers of the question the passage lacks. Nothing here looks at the question alone (a "not"
 * in a question says how SQuAD's crowd workers wrote, not whether the documents answer it).
 * Every Scorer sees the same features.
 */
import { dot } from '../../domain/vector.js';
import { terms } from '../lexical/bm25.js';
import type { LexicalHit } from '../lexical/types.js';
import type { BlockKind } from '../readers/types.js';
import { answerType, hasAnswerOfType, type AnswerType } from './answer-type.js';
import type { PassageFeatures } from './types.js';

/** What is computed once per question and shared by all its passages. */
export interface QuestionFeatures {
  question: string;
  qvec: Float32Array;
  type: AnswerType | undefined;
  /** Rarity weights (IDF) of the question's terms; terms absent from the corpus weigh the most. */
  idf: Map<string, number>;
  idfTotal: number;
  /** Best keyword score for the question (0 when nothing matched). */
  maxLexical: number;
  /** IDF of a term the corpus lacks: the scale rare-term weights are measured against. */
  maxIdf: number;
  /** Stems of the question's capitalised words and acronyms after the first word ("Warsaw", "EU"). */
  proper: string[];
  /** Numbers written with digits ("1973", "12"). */
  numbers: string[];
  /**
   * IDF-weighted share of the question's terms that no sentence of the corpus contains ("quic" in
   * "does undici support quic?" asked of docs that never mention it): question x corpus, so it
   * means the same on any corpus, unlike a cue read off the question alone.
   */
  corpusMissing: number;
  /** Adjacent pairs of the question's terms ("vite preview", "mode develop"): phrases a passage may repeat. */
  pairs: Set<string>;
}

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;
const DIGITS = /(?:\d+(?:[.,]\d+)*|\.\d+)/g;

/**
 * The numbers written in a text, each in one spelling, so that the same value written two ways matches: "0.2" and
 * ".2", "1,000" and "1000". Trailing zeros are kept: "3.10" is not "3.1" when it names a version.
 */
export function numbersIn(text: string): string[] {
  return (text.match(DIGITS) ?? []).map((raw) => {
    const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replace(/,/g, '') : raw;
    return plain.startsWith('.') ? `0${plain}` : plain;
  });
}

/** Shortest stem that may match a longer one by prefix ("indonesia" ~ "indonesian", "russia" ~ "russian"). */
const MIN_PREFIX = 5;

/** A camelCase or PascalCase identifier ("assetsInlineLimit", "keepAliveTimeout", "RetryHandler"). */
const IDENTIFIER = /\b[\p{L}\p{N}]*\p{Ll}\p{Lu}[\p{L}\p{N}]*/gu;

/**
 * The text with each camelCase identifier followed by its words ("build.assetsInlineLimit" ->
 * "build.assetsInlineLimit assets Inline Limit"): documentation names a setting in code, a
 * question in words ("the inline limit for assets"). The identifier itself stays, so a question
 * that names it still matches it.
 */
export function withIdentifierWords(text: string): string {
  return text.replace(IDENTIFIER, (id) => `${id} ${id.replace(/(\p{Ll})(?=\p{Lu})|(\p{Lu})(?=\p{Lu}\p{Ll})/gu, '$1$2 ')}`);
}

/** Adjacent pairs of terms, as one string each. */
function pairs(ts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < ts.length; i++) out.add(`${ts[i - 1]} ${ts[i]}`);
  return out;
}

/** Whether `stems` contain `t`, exactly or as a prefix either way (demonyms, derived forms). */
function hasStem(stems: ReadonlySet<string>, t: string): boolean {
  if (stems.has(t)) return true;
  for (const s of stems) {
    const [short, long] = s.length < t.length ? [s, t] : [t, s];
    if (short.length >= MIN_PREFIX && long.startsWith(short)) return true;
  }
  return false;
}

/** Share of `wanted` not found (0 when nothing is wanted). */
function missingShare(wanted: readonly string[], has: (w: string) => boolean): number {
  return wanted.length === 0 ? 0 : wanted.filter((w) => !has(w)).length / wanted.length;
}

export function questionFeatures(
  question: string,
  qvec: Float32Array,
  idf: Map<string, number>,
  lexHits: readonly LexicalHit[],
  maxIdf: number,
): QuestionFeatures {
  const proper = new Set<string>();
  [...question.matchAll(WORD)].forEach((m, i) => {
    // The first word is capitalised because it starts the sentence.
    if (i === 0 || !/^\p{Lu}/u.test(m[0])) return;
    for (const t of terms(m[0])) proper.add(t);
  });
  const idfTotal = [...idf.values()].reduce((a, b) => a + b, 0);
  // A term the corpus lacks gets exactly maxIdf (bm25.ts idfOf with df = 0).
  const absent = [...idf.values()].filter((w) => maxIdf > 0 && w >= maxIdf).reduce((a, b) => a + b, 0);
  return {
    maxIdf,
    corpusMissing: idfTotal > 0 ? absent / idfTotal : 0,
    proper: [...proper],
    numbers: [...new Set(numbersIn(question))],
    pairs: pairs(terms(withIdentifierWords(question))),
    question,
    qvec,
    type: answerType(question),
    idf,
    idfTotal,
    maxLexical: lexHits[0]?.score ?? 0,
  };
}

export interface PassageInput {
  /** The quote as shown. */
  text: string;
  /** Unit vector of the passage. */
  vector: Float32Array;
  /** Keyword hits of the passage's sentences. */
  hits: readonly LexicalHit[];
  /** The chunk's fused score divided by the best chunk's. */
  chunkBonus: number;
  window: boolean;
  /** Unit vector of the passage's chunk. */
  chunkVector: Float32Array;
  /** Stems of where the passage sits: its document's title and section headings (`terms()` of "Server Options server.port"). */
  headingTerms?: ReadonlySet<string>;
  /** Stems of the passage's own section heading only (the last of its heading path): what the section is about. */
  sectionTerms?: ReadonlySet<string>;
  /** Kind of block the passage is quoted from (paragraph when unknown: plain text). */
  kind?: BlockKind;
}

export function passageFeatures(q: QuestionFeatures, p: PassageInput): PassageFeatures & { matched: string[] } {
  const lexical = q.maxLexical > 0 ? Math.max(0, ...p.hits.map((h) => h.score / q.maxLexical)) : 0;
  const typed = q.type !== undefined && hasAnswerOfType(p.text, q.type, q.question);
  const matched = [...new Set(p.hits.flatMap((h) => h.matched))];
  const coverage = q.idfTotal > 0 ? matched.reduce((a, t) => a + (q.idf.get(t) ?? 0), 0) / q.idfTotal : 0;
  const passageTerms = terms(withIdentifierWords(p.text));
  const stems = new Set(passageTerms);
  const passagePairs = q.pairs.size > 0 ? pairs(passageTerms) : q.pairs;
  const digits = new Set(numbersIn(p.text));
  const headingStems = p.headingTerms ?? new Set<string>();
  let covered = 0;
  let inHeading = 0;
  let inSection = 0;
  const sectionStems = p.sectionTerms ?? new Set<string>();
  let rareMissing = 0;
  for (const [t, w] of q.idf) {
    if (hasStem(headingStems, t)) inHeading += w;
    if (hasStem(sectionStems, t)) inSection += w;
    if (hasStem(stems, t)) covered += w;
    else if (q.maxIdf > 0) rareMissing = Math.max(rareMissing, w / q.maxIdf);
  }
  // A passage made only of the question's own words (an error message pasted into the question,
  // a heading-like line) restates it rather than answering it.
  const questionStems = new Set(q.idf.keys());
  const echo = stems.size > 0 ? [...stems].filter((t) => questionStems.has(t)).length / stems.size : 0;
  return {
    chunkDense: dot(q.qvec, p.chunkVector),
    textCoverage: q.idfTotal > 0 ? covered / q.idfTotal : 0,
    headingCoverage: q.idfTotal > 0 ? inHeading / q.idfTotal : 0,
    sectionCoverage: q.idfTotal > 0 ? inSection / q.idfTotal : 0,
    phraseCoverage: q.pairs.size > 0 ? [...q.pairs].filter((x) => passagePairs.has(x)).length / q.pairs.size : 0,
    echo,
    kind: p.kind ?? 'paragraph',
    rareMissing,
    corpusMissing: q.corpusMissing,
    properMissing: missingShare(q.proper, (t) => hasStem(stems, t)),
    numberMissing: missingShare(q.numbers, (n) => digits.has(n)),
    words: p.text.match(WORD)?.length ?? 0,
    dense: dot(q.qvec, p.vector),
    lexical,
    coverage,
    typed,
    typeAsked: q.type !== undefined,
    chunkBonus: p.chunkBonus,
    window: p.window,
    matched,
  };
}
