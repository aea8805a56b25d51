/**
 * Short summaries: which of a document's sentences a reader of its reference summary would pick.
 *
 * A logistic regression over a few per-sentence features (LEAD_FEATURES: position in the document
 * above all, then length, centrality, coverage) gives P(in the summary); it is fitted on oracle
 * labels of the fit half by scripts/fit-summary.ts, which also chooses the features, the L2
 * penalty and the length penalty by cross-validation inside that half. A handful of weights fitted
 * by a convex objective generalise where a 16-parameter search over ROUGE did not (issue 13).
 *
 * The summary is then the best subset of the likeliest candidates among the document's first
 * `window` candidates within the word and sentence budget (Σp − lengthPenalty·words, no two quotes
 * overlapping, no two sentences repeating each other): a budget in words, so a run-on sentence
 * costs what it weighs, searched exactly rather than greedily so a long lead sentence does not
 * crowd out two short ones that score higher. The window is a hard position prior: on the fit
 * half, picks from past the fifth sentence cost ROUGE on the mean (scripts/summary-gap.ts), and
 * the model's probabilities alone do not keep them out. With `fill`, words and sentences the
 * window leaves unused (its sentences are long) go to the likeliest later sentences that fit.
 */
import { logit, sigmoid } from '../scoring/logistic.js';
import type { DocumentSummaryProfile, LeadFeature } from './profile.js';
import type { Budget, Prepared } from './salient.js';

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/**
 * Concept weight for the coverage feature: concepts mentioned by at least two candidates, by how
 * many and how rare they are in the corpus. Fixed here (not a parameter): the model's weight on
 * the feature is what is fitted.
 */
function coverageShares(p: Prepared): number[] {
  const weight = p.conceptDf.map((df, c) => (df >= 2 ? df * p.conceptIdf[c]! : 0));
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  return p.concepts.map((cs) => cs.reduce((s, c) => s + weight[c]!, 0) / total);
}

/** Every LEAD_FEATURE of every candidate, by name. */
export function leadFeatures(p: Prepared, centrality: readonly number[]): Record<LeadFeature, number>[] {
  const n = p.candidates.length;
  const coverage = coverageShares(p);
  return p.candidates.map((_, k) => ({
    inverseRank: 1 / (1 + k),
    logRank: Math.log(1 + k),
    relativePosition: k / n,
    logWords: Math.log(Math.max(1, p.ownWords[k]!)),
    centrality: centrality[k] ?? 0,
    coverage: coverage[k]!,
    leadSimilarity: n > 0 ? dot(p.vectors[k]!, p.vectors[0]!) : 0,
    dependent: p.quoteStart[k] !== p.start[k] ? 1 : 0,
  }));
}

/** P(in the summary) per candidate. */
export function leadProbabilities(p: Prepared, centrality: readonly number[], model: DocumentSummaryProfile['lead']['model']): number[] {
  return leadFeatures(p, centrality).map((f) => sigmoid(logit(model, model.features.map((name) => f[name]))));
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * The best subset of the `searched` likeliest of the first `window` candidates (indices into
 * `units`, document order).
 * Words are counted on the quotes as shown: a sentence leaning on the previous one costs its
 * context too, unless that context is picked just before it.
 */
export function selectLead(
  text: string,
  p: Prepared,
  prob: readonly number[],
  opts: { budget: Budget; lengthPenalty: number; searched: number; window: number | null; fill: boolean; redundancyMax: number },
): number[] {
  const n = p.candidates.length;
  if (n === 0) return [];
  const pool = Array.from({ length: Math.min(n, opts.window ?? n) }, (_, k) => k)
    .sort((a, b) => prob[b]! - prob[a]! || a - b)
    .slice(0, opts.searched)
    .sort((a, b) => a - b);
  let best: number[] = [];
  let top = -Infinity;
  const search = (from: number, picked: number[], gain: number) => {
    if (picked.length > 0) {
      const words = shownWords(text, p, picked);
      if (words === undefined || words > opts.budget.words) return;
      const value = gain - opts.lengthPenalty * words;
      if (value > top) {
        top = value;
        best = [...picked];
      }
    }
    if (picked.length === opts.budget.sentences) return;
    for (let j = from; j < pool.length; j++) {
      const k = pool[j]!;
      if (picked.some((q) => dot(p.vectors[q]!, p.vectors[k]!) >= opts.redundancyMax)) continue;
      search(j + 1, [...picked, k], gain + prob[k]!);
    }
  };
  search(0, [], 0);
  // Every candidate is longer than the budget: the likeliest one still makes the summary.
  if (best.length === 0) best = [pool.reduce((a, b) => (prob[b]! > prob[a]! ? b : a))];
  // Words and sentences left over (long lead sentences): the likeliest later sentences that fit.
  if (opts.fill) {
    const later = Array.from({ length: n }, (_, k) => k)
      .filter((k) => !pool.includes(k))
      .sort((a, b) => prob[b]! - prob[a]! || a - b);
    for (const k of later) {
      if (best.length >= opts.budget.sentences) break;
      if (best.some((q) => dot(p.vectors[q]!, p.vectors[k]!) >= opts.redundancyMax)) continue;
      const picked = [...best, k].sort((a, b) => a - b);
      const words = shownWords(text, p, picked);
      if (words !== undefined && words <= opts.budget.words) best = picked;
    }
  }
  return best.map((k) => p.candidates[k]!);
}

/** Words of the picks (candidate indices, ascending) as quoted; undefined when two quotes overlap. */
function shownWords(text: string, p: Prepared, picks: readonly number[]): number | undefined {
  let words = 0;
  let prevEnd = -1;
  let prevStart = -1;
  for (const k of picks) {
    const start = p.quoteStart[k] === prevStart ? p.start[k]! : p.quoteStart[k]!;
    if (start < prevEnd) return undefined;
    words += wordCount(text.slice(start, p.quoteEnd[k]!));
    prevEnd = p.quoteEnd[k]!;
    prevStart = p.start[k]!;
  }
  return words;
}
