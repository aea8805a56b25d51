/**
 * Short summaries: which of a document's sentences a reader of its reference summary would pick.
 *
 * A logistic regression over a few per-sentence features (LEAD_FEATURES: position in the document
 * above all, then length, centrality, coverage, direct and reported speech, names and numbers)
 * gives P(in the summary); it is fitted on oracle labels of the fit half by scripts/fit-summary.ts,
 * which also chooses the features, the L2 penalty and the length penalty by cross-validation
 * inside that half. A handful of weights fitted
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
import { conceptsOf } from './concepts.js';
import { LEAD_FEATURES, type DocumentSummaryProfile, type LeadFeature } from './profile.js';
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

/** Text inside straight or curly double quotes (an unclosed quote runs to the end of the sentence). */
const QUOTED = /["“]([^"”]*)(?:["”]|$)/g;
const ATTRIBUTION = /\b(?:said|says|told|according to)\b/i;

/** The surface features of a sentence that tell reported speech and detail from the news itself. */
export function speechFeatures(sentence: string): Pick<Record<LeadFeature, number>, 'quoteShare' | 'attribution' | 'nameShare' | 'numberShare'> {
  let quoted = 0;
  for (const m of sentence.matchAll(QUOTED)) quoted += m[1]!.length;
  const tokens = sentence.split(/\s+/).filter(Boolean);
  const n = Math.max(1, tokens.length);
  return {
    quoteShare: quoted / Math.max(1, sentence.length),
    attribution: ATTRIBUTION.test(sentence) ? 1 : 0,
    nameShare: tokens.slice(1).filter((w) => /^["“‘(]?\p{Lu}\p{Ll}/u.test(w)).length / n,
    numberShare: tokens.filter((w) => /\p{N}/u.test(w)).length / n,
  };
}

/** Computes a value on first use only. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) [value, made] = [make(), true];
    return value as T;
  };
}

/**
 * Each LEAD_FEATURE of candidate `k`, computed on demand: a model reads a few of them, at build
 * time for every candidate of every document, so the others cost nothing.
 */
function featureOf(text: string, p: Prepared, centrality: readonly number[]): (name: LeadFeature, k: number) => number {
  const n = p.candidates.length;
  const coverage = once(() => coverageShares(p));
  // The sentence alone, not its quote: context shown with a dependent sentence is not what it says.
  const own = (k: number) => text.slice(p.start[k]!, p.quoteEnd[k]!);
  const speech = once(() => p.candidates.map((_, k) => speechFeatures(own(k))));
  const concepts = once(() => p.candidates.map((_, k) => new Set(conceptsOf(own(k)))));
  const compute: Record<LeadFeature, (k: number) => number> = {
    inverseRank: (k) => 1 / (1 + k),
    logRank: (k) => Math.log(1 + k),
    relativePosition: (k) => k / n,
    logWords: (k) => Math.log(Math.max(1, p.ownWords[k]!)),
    centrality: (k) => centrality[k] ?? 0,
    coverage: (k) => coverage()[k]!,
    leadSimilarity: (k) => dot(p.vectors[k]!, p.vectors[0]!),
    dependent: (k) => (p.quoteStart[k] !== p.start[k] ? 1 : 0),
    quoteShare: (k) => speech()[k]!.quoteShare,
    attribution: (k) => speech()[k]!.attribution,
    nameShare: (k) => speech()[k]!.nameShare,
    numberShare: (k) => speech()[k]!.numberShare,
    firstOverlap: (k) => {
      const [first, mine] = [concepts()[0]!, concepts()[k]!];
      return mine.size > 0 ? [...mine].filter((c) => first.has(c)).length / mine.size : 0;
    },
  };
  return (name, k) => compute[name](k);
}

/** Every LEAD_FEATURE of every candidate, by name (`text`: the document the candidates are from). */
export function leadFeatures(text: string, p: Prepared, centrality: readonly number[]): Record<LeadFeature, number>[] {
  const f = featureOf(text, p, centrality);
  return p.candidates.map((_, k) => Object.fromEntries(LEAD_FEATURES.map((name) => [name, f(name, k)])) as Record<LeadFeature, number>);
}

/** P(in the summary) per candidate: only the features the model reads are computed. */
export function leadProbabilities(text: string, p: Prepared, centrality: readonly number[], model: DocumentSummaryProfile['lead']['model']): number[] {
  const f = featureOf(text, p, centrality);
  return p.candidates.map((_, k) => sigmoid(logit(model, model.features.map((name) => f(name, k)))));
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
