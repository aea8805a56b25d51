/**
 * Turns scored passages into an answer: up to three verbatim quotes with citations, or an
 * explicit "not found" when the Scorer's confidence is too low to quote.
 */
import type { Answer, Citation, Suggestion } from '../../domain/types.js';
import { dot } from '../../domain/vector.js';
import type { IndexData } from '../index/snapshot.js';
import type { Passage } from '../retrieval/retriever.js';
import { citationLocation } from './location.js';
import type { ScoringProfile } from '../scoring/profile.js';
import type { Scorer } from '../scoring/types.js';

export interface ComposeOptions {
  profile: ScoringProfile;
  scorer: Scorer;
  /** Vectors of the passages' sentences, by position (from retrieval). */
  sentenceVectors: ReadonlyMap<number, Float32Array>;
  /** Quotes wanted (default: the profile's maxQuotes). */
  limit?: number;
}

/** Whether the scorer would quote this passage at all. */
export function isAnswerable(scorer: Scorer, p: Passage | undefined, runnerUp?: Passage): boolean {
  return p !== undefined && scorer.tier(scorer.confidence(p, runnerUp), p) === 'answer';
}

/**
 * Whether a passage, judged alone, is at least worth offering next to the first one: by its
 * confidence (the scorer's related floor), not by its topic alone: a passage about the right
 * subject that does not look like an answer adds a source to read, not a lead (SQuAD validation
 * hit@3 0.941 with the topic rule vs 0.938 with this one, for up to twice as many sources).
 */
function isWorthQuoting(scorer: Scorer, p: Passage): boolean {
  return scorer.tier(scorer.confidence(p)) !== 'none';
}

export const RELATED_MESSAGE = "I couldn't find a direct answer; these passages may help.";

export function composeAnswer(index: IndexData, question: string, ranked: readonly Passage[], chunkOrder: readonly number[], opts: ComposeOptions): Answer {
  const { profile, scorer } = opts;
  const A = profile.answer;
  const limit = opts.limit ?? A.maxQuotes;
  const docs = index.manifest.documents;
  const ordered = preferTypedExtension(ranked, A.extensionMargin);
  const best = ordered[0];
  const confidence = best ? scorer.confidence(best, ordered[1]) : 0;
  const tier = best ? scorer.tier(confidence, best) : 'none';
  if (tier === 'none') {
    return {
      question,
      answered: false,
      citations: [],
      suggestions: suggest(index, chunkOrder),
      message: 'The documents do not seem to answer this.',
      confidence,
      tier,
    };
  }
  const chosen: Citation[] = [];
  const chosenVectors: Float32Array[] = [];
  const take = (cand: Passage): void => {
    const docId = docs[cand.doc]!.id;
    const overlaps = chosen.some((c) => c.document === docId && c.start < cand.end && cand.start < c.end);
    const v = opts.sentenceVectors.get(cand.sentence)!;
    const repeats = chosenVectors.some((u) => dot(v, u) >= A.duplicateCosine);
    if (overlaps || repeats || (cand !== best && !isWorthQuoting(scorer, cand))) return;
    chosenVectors.push(v);
    const lastParagraph = index.sentences[cand.lastSentence]!.paragraph;
    chosen.push({
      quote: index.texts[cand.doc]!.slice(cand.start, cand.end),
      document: docId,
      title: docs[cand.doc]!.title,
      paragraph: index.sentences[cand.sentence]!.paragraph,
      ...(lastParagraph !== index.sentences[cand.sentence]!.paragraph ? { lastParagraph } : {}),
      score: Math.round(cand.score * 1000) / 1000,
      start: cand.start,
      end: cand.end,
      ...citationLocation(index, cand.doc, index.sentences[cand.sentence]!.paragraph, cand.start, cand.end),
    });
  };
  // The answer proper: quotes close to the best one. Callers asking for more (pages of
  // sources) get further supporting passages after them, down to a looser floor.
  const strict = ordered.filter((c) => c.score >= best!.score * A.relativeFloor);
  for (const cand of strict) if (chosen.length < Math.min(limit, A.maxQuotes)) take(cand);
  // Beyond the answer proper (only when a caller pages through sources), a passage earns its
  // place by the scorer's own calibrated judgement (it would be at least a related lead on its
  // own), not by a share of the best passage's score: a fitted ranker's probabilities fall off far
  // faster than the hand-tuned scores did.
  for (const cand of ordered) {
    if (chosen.length >= limit) break;
    take(cand);
  }
  if (tier === 'related') {
    return { question, answered: false, citations: chosen, suggestions: suggest(index, chunkOrder), message: RELATED_MESSAGE, confidence, tier };
  }
  return { question, answered: true, citations: chosen, suggestions: [], confidence, tier };
}

/**
 * A passage that restates the question ("…former officials held secret talks…") often sits
 * right before the one that answers it ("The group included … Richard Haass"). When the best
 * passage lacks the asked-for kind of fact and a window extending it has one at a close score,
 * the window goes first.
 */
function preferTypedExtension(ranked: readonly Passage[], margin: number): readonly Passage[] {
  const best = ranked[0];
  if (!best || best.typed) return ranked;
  const ext = ranked.find((p) => p.typed && p.doc === best.doc && p.start <= best.start && p.end > best.end && p.score >= best.score - margin);
  return ext ? [ext, ...ranked.filter((p) => p !== ext)] : ranked;
}

/** Up to three distinct documents, in the order their chunks ranked. */
export function suggest(index: IndexData, chunkOrder: readonly number[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const id of chunkOrder) {
    const docId = index.chunks[id]!.document;
    if (out.some((s) => s.document === docId)) continue;
    const entry = index.manifest.documents.find((d) => d.id === docId)!;
    out.push({ document: entry.id, title: entry.title });
    if (out.length === 3) break;
  }
  return out;
}
