/**
 * Retrieval evaluation over a JSONL question file (format of shared/eval/dev-questions.jsonl).
 * A question is found at rank k when the quote of one of the first k citations contains one of
 * its answer phrases, compared case-insensitively with whitespace collapsed and curly quotes
 * made straight.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { foldText } from '../domain/text.js';
import type { Answer } from '../domain/types.js';

export const evalQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  document: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export interface EvalResult {
  id: string;
  question: string;
  answerable: boolean;
  answered: boolean;
  /** 1-based rank of the first citation containing an answer; null when none does. */
  rank: number | null;
  /** The engine's confidence that it answered (0–1), when it gives one. */
  confidence?: number;
  tier?: string;
  ms: number;
  citations: { quote: string; document: string; paragraph: number; score: number }[];
}

export interface EvalReport {
  questions: number;
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  answeredRate: number;
  abstainRate: number;
  /** How well confidence separates answerable from unanswerable questions (0.5 = chance). */
  auc: number;
  results: EvalResult[];
}

export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8');
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = evalQuestionSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    out.push(parsed.data);
  });
  return out;
}

/** Case, spacing and quote styles do not count (the shared text normaliser). */
export const normalizeForMatch = (s: string): string => foldText(s);

export function answerRank(answer: Pick<Answer, 'citations'>, phrases: readonly string[]): number | null {
  const wanted = phrases.map(normalizeForMatch);
  const i = answer.citations.findIndex((c) => wanted.some((w) => normalizeForMatch(c.quote).includes(w)));
  return i < 0 ? null : i + 1;
}

export async function evaluate(questions: readonly EvalQuestion[], ask: (q: string) => Promise<Answer>): Promise<EvalReport> {
  const results: EvalResult[] = [];
  for (const q of questions) {
    const t = performance.now();
    const a = await ask(q.question);
    const ms = performance.now() - t;
    results.push({
      id: q.id,
      question: q.question,
      answerable: q.answers.length > 0,
      answered: a.answered,
      // Any quote shown counts (as shared/README defines it), related passages included: whether
      // they were presented as the answer is what `answered` measures.
      rank: q.answers.length > 0 ? answerRank(a, q.answers) : null,
      ...(a.confidence !== undefined ? { confidence: Math.round(a.confidence * 1000) / 1000 } : {}),
      ...(a.tier ? { tier: a.tier } : {}),
      ms: Math.round(ms * 10) / 10,
      citations: a.citations.map(({ quote, document, paragraph, score }) => ({ quote, document, paragraph, score })),
    });
  }
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: share(answerable.filter((r) => r.rank === 1).length, answerable.length),
    hitAt3: share(answerable.filter((r) => r.rank !== null && r.rank <= 3).length, answerable.length),
    mrr: share(answerable.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0), answerable.length),
    answeredRate: share(answerable.filter((r) => r.answered).length, answerable.length),
    abstainRate: share(unanswerable.filter((r) => !r.answered).length, unanswerable.length),
    auc: Math.round(auc(answerable.map((r) => r.confidence ?? 0), unanswerable.map((r) => r.confidence ?? 0)) * 1000) / 1000,
    results,
  };
}

/** Probability that a random positive scores above a random negative (ties count half); 0.5 without both. */
export function auc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return 0.5;
  // Rank-sum (Mann–Whitney) with average ranks for ties: O(n log n).
  const all = [...positives.map((s) => ({ s, p: true })), ...negatives.map((s) => ({ s, p: false }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.p) rankSum += avg;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}
