/**
 * Questions for the latency runs: the dev and held-out eval questions, topped up with questions
 * generated (seeded) from the seed corpus's sentences, so every run asks the same ones.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { between, pick, prng } from './measure.js';

const TEMPLATES = [
  (w: string) => `What was said about ${w}?`,
  (w: string) => `Who is behind ${w}?`,
  (w: string) => `When did ${w} happen?`,
  (w: string) => `How many ${w} were there?`,
  (w: string) => `Why does ${w} matter?`,
  (w: string) => `What happened with ${w}?`,
];

const SMALL_WORDS = new Set(['that', 'this', 'with', 'from', 'have', 'were', 'they', 'their', 'which', 'would', 'about', 'there', 'been', 'said']);

export async function readQuestionFiles(files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const q = (JSON.parse(line) as { question?: unknown }).question;
      if (typeof q === 'string') out.push(q);
    }
  }
  return out;
}

export function generateQuestions(sentences: readonly string[], count: number, seed = 11): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  while (out.length < count) {
    const words = pick(rand, sentences)
      .split(' ')
      .map((w) => w.replace(/[^\p{L}\p{N}'’-]/gu, ''))
      .filter((w) => w.length >= 4 && !SMALL_WORDS.has(w.toLowerCase()));
    if (words.length < 3) continue;
    const n = between(rand, 2, Math.min(5, words.length));
    const from = between(rand, 0, words.length - n);
    out.push(pick(rand, TEMPLATES)(words.slice(from, from + n).join(' ')));
  }
  return out;
}

/** Eval questions first, then generated ones: `total` in all (fewer eval questions when `total` is small). */
export async function benchQuestions(files: readonly string[], sentences: readonly string[], total: number): Promise<{ questions: string[]; fromEval: number; generated: number }> {
  const evalQs = await readQuestionFiles(files);
  const generated = generateQuestions(sentences, Math.max(0, total - evalQs.length));
  return { questions: [...evalQs, ...generated].slice(0, Math.max(total, 1)), fromEval: Math.min(evalQs.length, total), generated: generated.length };
}
