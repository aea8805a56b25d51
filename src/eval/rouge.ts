/**
 * ROUGE-1/2 and ROUGE-Lsum F1 with the conventions of Google's `rouge-score` (the package behind
 * most published CNN/DailyMail numbers), so our figures compare with the literature:
 * lower-case, every run of characters outside [a-z0-9] is a separator, Porter stemming of tokens
 * longer than three characters, and rougeLsum as the summary-level union LCS over sentences given
 * one per line. No npm package implements these conventions (js-rouge has neither the stemming
 * rule nor rougeLsum), hence this file; tests/eval/rouge.test.ts checks it on hand-computed cases.
 */
import { stemmer } from 'stemmer';

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeLsum: RougeScore;
}

/** rouge-score leaves words of up to three characters unstemmed ("was", "has" stay whole). */
const MIN_STEM_LENGTH = 4;

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((t) => (t.length >= MIN_STEM_LENGTH ? stemmer(t) : t));
}

function score(hits: number, predicted: number, reference: number): RougeScore {
  const precision = predicted > 0 ? hits / predicted : 0;
  const recall = reference > 0 ? hits / reference : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function rougeN(reference: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const ref = ngramCounts(reference, n);
  const pred = ngramCounts(prediction, n);
  let hits = 0;
  for (const [gram, c] of pred) hits += Math.min(c, ref.get(gram) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return score(hits, total(pred), total(ref));
}

/** Indices into `ref` of one longest common subsequence, backtracked as rouge-score does. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length + 1;
  const cols = can.length + 1;
  const t = new Uint32Array(rows * cols);
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++)
      t[i * cols + j] = ref[i - 1] === can[j - 1] ? t[(i - 1) * cols + j - 1]! + 1 : Math.max(t[(i - 1) * cols + j]!, t[i * cols + j - 1]!);
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i * cols + j - 1]! > t[(i - 1) * cols + j]!) j--;
    else i--;
  }
  return out.reverse();
}

/**
 * Summary-level LCS (Lin 2004, as in rouge-score): for each reference sentence, the union of its
 * LCS with every predicted sentence; each token counts at most as often as it occurs in both texts.
 */
export function rougeLsum(reference: readonly string[][], prediction: readonly string[][]): RougeScore {
  const m = reference.reduce((a, s) => a + s.length, 0);
  const n = prediction.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return score(0, n, m);
  const count = (sents: readonly string[][]) => {
    const c = new Map<string, number>();
    for (const s of sents) for (const t of s) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  };
  const refLeft = count(reference);
  const predLeft = count(prediction);
  let hits = 0;
  for (const r of reference) {
    const union = new Set<number>();
    for (const p of prediction) for (const i of lcsIndices(r, p)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const tok = r[i]!;
      if ((predLeft.get(tok) ?? 0) > 0 && (refLeft.get(tok) ?? 0) > 0) {
        hits++;
        predLeft.set(tok, predLeft.get(tok)! - 1);
        refLeft.set(tok, refLeft.get(tok)! - 1);
      }
    }
  }
  return score(hits, n, m);
}

/** Sentences one per line, as rougeLsum expects; blank lines are ignored. */
const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

/** Scores a prediction against a reference, both with one sentence per line. */
export function rouge(reference: string, prediction: string): RougeScores {
  const refSents = lines(reference).map(rougeTokens);
  const predSents = lines(prediction).map(rougeTokens);
  const ref = rougeTokens(reference);
  const pred = rougeTokens(prediction);
  return { rouge1: rougeN(ref, pred, 1), rouge2: rougeN(ref, pred, 2), rougeLsum: rougeLsum(refSents, predSents) };
}

/** Mean F1 of each measure, in percent (how papers report ROUGE). */
export function meanF1(all: readonly RougeScores[]): { rouge1: number; rouge2: number; rougeLsum: number } {
  const mean = (k: keyof RougeScores) => (all.length ? (100 * all.reduce((a, s) => a + s[k].f1, 0)) / all.length : 0);
  return { rouge1: mean('rouge1'), rouge2: mean('rouge2'), rougeLsum: mean('rougeLsum') };
}
