/**
 * Features of a candidate passage for a question: dense similarity, keyword score, coverage of
 * the question's rare terms, answer type, the chunk's fused rank, and whether it is a window.
 * Every Scorer sees the same features.
 */
import { dot } from '../../domain/vector.js';
import type { LexicalHit } from '../lexical/types.js';
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
}

export function questionFeatures(question: string, qvec: Float32Array, idf: Map<string, number>, lexHits: readonly LexicalHit[]): QuestionFeatures {
  return {
    question,
    qvec,
    type: answerType(question),
    idf,
    idfTotal: [...idf.values()].reduce((a, b) => a + b, 0),
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
}

export function passageFeatures(q: QuestionFeatures, p: PassageInput): PassageFeatures & { matched: string[] } {
  const lexical = q.maxLexical > 0 ? Math.max(0, ...p.hits.map((h) => h.score / q.maxLexical)) : 0;
  const typed = q.type !== undefined && hasAnswerOfType(p.text, q.type, q.question);
  const matched = [...new Set(p.hits.flatMap((h) => h.matched))];
  const coverage = q.idfTotal > 0 ? matched.reduce((a, t) => a + (q.idf.get(t) ?? 0), 0) / q.idfTotal : 0;
  return {
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
