/**
 * Extractive document summaries: candidates, their embeddings' centrality and salient concepts,
 * and a greedy, budgeted maximisation of
 *
 *   prior(i) + centrality(i) + coverage gain(i | picked) − redundancy(i | picked)
 *
 * - prior: the lead model's P(in the summary) (lead-model.ts: position in the document above all)
 *   where the lead matters (a short summary of a page with sections), nothing when extending;
 * - centrality: PACSUM's directed centrality (Zheng & Lapata 2019) over the sentence embeddings:
 *   similarity to *later* sentences counts for, similarity to earlier ones against, so a sentence
 *   that introduces what the rest develops wins over one that restates the lead;
 * - coverage: a submodular weighted coverage of the document's salient concepts (names, numbers,
 *   content words repeated across sentences, weighted by rarity in the corpus): a sentence earns
 *   only for concepts no picked sentence covers yet, which also keeps the summary from repeating;
 * - redundancy: cosine similarity to the closest sentence already picked, with a hard cut-off.
 *
 * The budget is in words (a run-on sentence costs what it weighs) with a cap on sentences. Every
 * unit is a span of the document, returned in document order without duplicates. Captions, video
 * prompts, labelled headlines, questions and fragments are not candidates. Weights come from the model's profile
 * (profile.ts). Short summaries of documents without sections are picked by lead-model.ts.
 */
import { isCaptionLike } from '../chunking/captions.js';
import { DEPENDENT_START } from '../chunking/context.js';
import { withoutChrome } from './chrome.js';
import { conceptsOf } from './concepts.js';
import type { DocumentSummaryProfile } from './profile.js';

export { conceptsOf };

export interface SummaryUnit {
  start: number;
  end: number;
  /** Where its quote starts (the previous sentence too when this one cannot stand alone). */
  contextStart: number;
  paragraph: number;
  /** Section the unit belongs to (its block's headingPath joined), when the document has sections. */
  section?: string;
}

export interface SummaryInput {
  text: string;
  /** The document's sentences in document order. */
  units: readonly SummaryUnit[];
  /** One unit-length vector per unit. */
  vectors: readonly Float32Array[];
  /** Corpus rarity of a concept (see `conceptsOf`), ≥ 0; omitted: every concept counts the same. */
  idf?: (concept: string) => number;
}

export interface Budget {
  words: number;
  sentences: number;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * "…gotten around to that realization": a summary sentence should not point back at text it omits.
 * Not "this": "to this country", "by this week" point at the present, not at earlier text.
 */
const POINTS_BACK = /\b(to|of|at|about|with|for|from|on|around|by) (that|these|those) [a-z]+/i;
const QUESTION = /\?["”’]?$/;
/** "“The problem is this,” Blinken said.": the point is in the next sentence. */
const POINTS_FORWARD = /\b(is|was|are|were) (this|that|these)\s*[,:]|:\s*$/i;
/** A quotation opened and not closed goes on in the next sentence. */
const unbalancedQuote = (t: string) => (t.match(/“/g) ?? []).length > (t.match(/”/g) ?? []).length || (t.match(/"/g) ?? []).length % 2 === 1;
const TERMINAL = /[.!?…]["'”’)\]»]*(?:\[[^\]]*\])?$/;

/** Which units are photo captions or video prompts (see chunking/captions.ts). */
export function captionFlags(text: string, units: readonly SummaryUnit[]): boolean[] {
  return units.map((u, i) => {
    const t = text.slice(u.start, u.end);
    const next = units[i + 1];
    // Split off a longer run with no full stop of its own, and followed by more of the paragraph;
    // a document's first unit is its headline or standfirst, not a caption.
    const glued = i > 0 && next !== undefined && next.paragraph === u.paragraph && !TERMINAL.test(t);
    return isCaptionLike(t, glued);
  });
}

/**
 * "Opinion | Putin seems to want to talk. The U.S. should take him up on it.": a first line that
 * carries a section or site label ("Label | title", "title | Site") is the page's headline, not
 * its content, however many sentences it reads as. Only the first paragraph of a document with
 * several, and only when it is one line: a news article delivered as one block has no headline.
 */
const HEADLINE_LABEL = /\S \| \S/;

/** Which units belong to a labelled headline line (see HEADLINE_LABEL). */
export function headlineFlags(text: string, units: readonly SummaryUnit[]): boolean[] {
  const first = units[0]?.paragraph;
  const inFirst = units.filter((u) => u.paragraph === first);
  const line = inFirst.length > 0 ? text.slice(inFirst[0]!.start, inFirst[inFirst.length - 1]!.end) : '';
  const headline = inFirst.length < units.length && !line.includes('\n') && HEADLINE_LABEL.test(line);
  return units.map((u) => headline && u.paragraph === first);
}

/**
 * Sentences worth showing in a summary. Falls back to every non-caption sentence (then to every
 * sentence) for documents too short to be picky about.
 */
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

export function summaryCandidates(text: string, units: readonly SummaryUnit[], minWords: number, dependents = false, chrome?: readonly boolean[]): number[] {
  const headline = headlineFlags(text, units);
  const caption = captionFlags(text, units).map((c, i) => c || headline[i]! || chrome?.[i] === true);
  const all = units.map((_, i) => i);
  const good = all.filter((i) => {
    const u = units[i]!;
    const t = text.slice(u.start, u.end);
    // A sentence that leans on the previous one is shown with it (its quote starts at contextStart);
    // one that opens a paragraph with "This…", "Still, …" has no context to show and is left out.
    const standalone = u.contextStart === u.start;
    if (caption[i] || (!standalone && !dependents) || (standalone && DEPENDENT_START.test(t))) return false;
    // A line without sentence-final punctuation (a standfirst, a list item, a label) is a fragment.
    if (!SENTENCE_END.test(t)) return false;
    return wordCount(t) >= minWords && !QUESTION.test(t) && !POINTS_BACK.test(t) && !POINTS_FORWARD.test(t) && !unbalancedQuote(t);
  });
  if (good.length >= Math.min(3, units.length)) return good;
  const uncaptioned = all.filter((i) => !caption[i]);
  return uncaptioned.length ? uncaptioned : all;
}

/** What a document contributes to every summary length, computed once. */
export interface Prepared {
  candidates: number[];
  /** Quote span per candidate (from its context start), and where the sentence itself starts. */
  quoteStart: number[];
  quoteEnd: number[];
  start: number[];
  /** Words of the sentence alone (shown so when its context sentence is in the summary too). */
  ownWords: number[];
  /** Quote words per candidate. */
  words: number[];
  /** Unit vectors of the candidates. */
  vectors: Float32Array[];
  /** Candidates each one is compared with for centrality (all of them, up to MAX_PEERS). */
  peers: number[];
  /** Candidate × peer cosine similarity, row-major. */
  peerSim: Float32Array;
  /** Concept ids per candidate. */
  concepts: number[][];
  /** Per concept id: how many candidates mention it, whether a name/number, corpus rarity. */
  conceptDf: number[];
  conceptKind: ('name' | 'number' | 'word')[];
  conceptIdf: number[];
  /** Section per candidate (undefined when the document has none). */
  sections: (string | undefined)[];
}

/**
 * Candidates beyond this are compared with an evenly spaced sample of this many peers, so a very
 * long document costs O(n·M) rather than O(n²) at build time.
 */
const MAX_PEERS = 400;

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

export function prepare(input: SummaryInput, minWords: number, dependents = false): Prepared {
  const { text, vectors } = input;
  // Candidates are judged on whole sentences; their quotes leave out chrome (bylines, datelines, glued captions).
  const shown = withoutChrome(text, input.units);
  const candidates = summaryCandidates(text, input.units, minWords, dependents, shown.chrome);
  const units = shown.units;
  const n = candidates.length;
  const quote = (i: number) => text.slice(units[i]!.contextStart, units[i]!.end);
  const words = candidates.map((i) => wordCount(quote(i)));
  const peers = n <= MAX_PEERS ? candidates.map((_, k) => k) : Array.from({ length: MAX_PEERS }, (_, k) => Math.floor((k * n) / MAX_PEERS));
  const candidateVectors = candidates.map((i) => vectors[i]!);
  const peerSim = new Float32Array(n * peers.length);
  for (let a = 0; a < n; a++) peers.forEach((b, j) => (peerSim[a * peers.length + j] = dot(candidateVectors[a]!, candidateVectors[b]!)));
  const ids = new Map<string, number>();
  const conceptDf: number[] = [];
  const conceptKind: Prepared['conceptKind'] = [];
  const conceptIdf: number[] = [];
  const concepts = candidates.map((i) => {
    const own = new Set<number>();
    for (const c of conceptsOf(quote(i))) {
      let id = ids.get(c);
      if (id === undefined) {
        id = conceptDf.length;
        ids.set(c, id);
        conceptDf.push(0);
        conceptKind.push(c.startsWith('#') ? 'number' : c.startsWith('@') ? 'name' : 'word');
        conceptIdf.push(input.idf ? input.idf(c) : 1);
      }
      own.add(id);
    }
    for (const id of own) conceptDf[id]!++;
    return [...own];
  });
  return {
    candidates,
    quoteStart: candidates.map((i) => units[i]!.contextStart),
    quoteEnd: candidates.map((i) => units[i]!.end),
    start: candidates.map((i) => units[i]!.start),
    ownWords: candidates.map((i) => wordCount(text.slice(units[i]!.start, units[i]!.end))),
    words,
    vectors: candidateVectors,
    peers,
    peerSim,
    concepts,
    conceptDf,
    conceptKind,
    conceptIdf,
    sections: candidates.map((i) => units[i]!.section),
  };
}

/**
 * PACSUM directed centrality of each candidate, min-max normalised to [0, 1]. Edges below
 * min + β·(max − min) are dropped; edges to earlier sentences weigh `backward`, to later ones 1.
 */
export function pacsumCentrality(p: Prepared, beta: number, backward: number): number[] {
  const n = p.candidates.length;
  if (n === 0) return [];
  const m = p.peers.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let a = 0; a < n; a++)
    for (let j = 0; j < m; j++)
      if (p.peers[j] !== a) {
        lo = Math.min(lo, p.peerSim[a * m + j]!);
        hi = Math.max(hi, p.peerSim[a * m + j]!);
      }
  if (!Number.isFinite(lo)) return new Array<number>(n).fill(0);
  const threshold = lo + beta * (hi - lo);
  const raw = new Array<number>(n).fill(0);
  for (let a = 0; a < n; a++)
    for (let j = 0; j < m; j++) {
      const b = p.peers[j]!;
      if (a === b) continue;
      const e = p.peerSim[a * m + j]! - threshold;
      if (e <= 0) continue;
      raw[a]! += b < a ? backward * e : e;
    }
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  return raw.map((x) => (max > min ? (x - min) / (max - min) : 0));
}

export interface SelectOptions {
  /** Units (indices into `units`) already in the summary: a longer summary extends a shorter one. */
  extend?: readonly number[];
  /** Per-candidate prior merit (the lead model's probability); none when extending beyond the lead. */
  prior?: readonly number[];
  centrality: readonly number[];
}

export type SelectParams = DocumentSummaryProfile['extend'] & Pick<DocumentSummaryProfile, 'redundancyMax'>;

/**
 * Picks a summary within `budget`: indices into `units`, in document order. Sections: when the
 * document has several, the best sentence of each of its largest sections comes first, so a page
 * summary covers the page rather than its opening only.
 */
export function selectSummary(p: Prepared, profile: SelectParams, budget: Budget, opts: SelectOptions): number[] {
  const n = p.candidates.length;
  if (n === 0) return [];
  const { centrality, prior } = opts;
  const weight = p.conceptDf.map((df, c) => {
    if (df < profile.minConceptSentences) return 0;
    const kind = p.conceptKind[c]!;
    const boost = kind === 'name' ? profile.nameBoost : kind === 'number' ? profile.numberBoost : 1;
    return df * boost * Math.pow(p.conceptIdf[c]!, profile.idfPower);
  });
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  const covered = new Uint8Array(weight.length);
  const picked: number[] = [];
  let used = 0;

  const value = (k: number): number => {
    let gain = 0;
    for (const c of p.concepts[k]!) if (!covered[c]) gain += weight[c]!;
    let overlap = 0;
    for (const q of picked) overlap = Math.max(overlap, dot(p.vectors[k]!, p.vectors[q]!));
    if (overlap >= profile.redundancyMax) return -Infinity;
    const merit = (prior?.[k] ?? 0) + profile.centralityWeight * centrality[k]! + (profile.coverageWeight * gain) / total;
    return merit / Math.pow(cost(k), profile.lengthPower) - profile.redundancyWeight * overlap;
  };
  // A sentence that leans on the previous one costs only its own words when that one is picked.
  const contextPicked = (k: number) => p.quoteStart[k] !== p.start[k] && picked.some((q) => p.start[q] === p.quoteStart[k]);
  const cost = (k: number) => (contextPicked(k) ? p.ownWords[k]! : p.words[k]!);
  const spanStart = new Map<number, number>();
  const take = (k: number) => {
    spanStart.set(k, contextPicked(k) ? p.start[k]! : p.quoteStart[k]!);
    picked.push(k);
    used += cost(k);
    for (const c of p.concepts[k]!) covered[c] = 1;
  };
  const best = (allowed: (k: number) => boolean): number => {
    let arg = -1;
    let top = -Infinity;
    for (let k = 0; k < n; k++) {
      if (picked.includes(k) || !allowed(k) || used + cost(k) > budget.words) continue;
      // Quotes never overlap (a sentence shown with its context must not repeat a picked one).
      const from = contextPicked(k) ? p.start[k]! : p.quoteStart[k]!;
      if (picked.some((q) => from < p.quoteEnd[q]! && spanStart.get(q)! < p.quoteEnd[k]!)) continue;
      const v = value(k);
      if (v > top) {
        top = v;
        arg = k;
      }
    }
    return arg;
  };

  const rank = new Map(p.candidates.map((unit, k) => [unit, k]));
  for (const unit of opts.extend ?? []) {
    const k = rank.get(unit);
    if (k !== undefined) take(k);
  }

  const sections = [...new Set(p.sections.filter((s): s is string => s !== undefined))];
  if (sections.length >= 2) {
    // Largest sections first (by candidate words), one sentence each while the budget lasts.
    const size = new Map(sections.map((s) => [s, 0]));
    p.sections.forEach((s, k) => s !== undefined && size.set(s, size.get(s)! + p.words[k]!));
    for (const s of [...sections].sort((a, b) => size.get(b)! - size.get(a)!)) {
      if (picked.length >= budget.sentences) break;
      if (picked.some((q) => p.sections[q] === s)) continue;
      const k = best((j) => p.sections[j] === s);
      if (k >= 0) take(k);
    }
  }
  while (picked.length < budget.sentences) {
    const k = best(() => true);
    if (k < 0) break;
    take(k);
  }
  // A document whose every candidate is longer than the budget still gets its best sentence.
  if (picked.length === 0) {
    let arg = 0;
    for (let k = 1; k < n; k++) if (value(k) > value(arg)) arg = k;
    take(arg);
  }
  return picked.sort((a, b) => a - b).map((k) => p.candidates[k]!);
}

/**
 * Quote spans of summary picks (indices into `units`, document order): a sentence is shown with
 * its context unless that context is the pick just before it.
 */
export function quoteSpans(units: readonly Pick<SummaryUnit, 'start' | 'end' | 'contextStart'>[], picks: readonly number[]): { start: number; end: number }[] {
  return picks.map((i, n) => {
    const u = units[i]!;
    const prev = n > 0 ? units[picks[n - 1]!] : undefined;
    return { start: prev && prev.start === u.contextStart ? u.start : u.contextStart, end: u.end };
  });
}

/** Quote spans of a document's summary picks as shown: `quoteSpans` of its units without their chrome (chrome.ts). */
export function summaryQuoteSpans(text: string, units: readonly Pick<SummaryUnit, 'start' | 'end' | 'contextStart'>[], picks: readonly number[]): { start: number; end: number }[] {
  return quoteSpans(withoutChrome(text, units).units, picks);
}
