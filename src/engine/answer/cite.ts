/**
 * Finds the passages behind a claim a user typed in a discussion. The real wording comes first:
 * an exact match (ignoring case, spacing and quote styles), then a near-exact one (a
 * half-remembered or misspelled quote, matched on character trigrams), then the semantically
 * closest passages. Every result is quoted verbatim from the document.
 */
import { foldChar } from '../../domain/text.js';
import type { Citation } from '../../domain/types.js';
import { citationLocation } from './location.js';
import { dot } from '../../domain/vector.js';
import type { IndexData } from '../index/snapshot.js';
import type { ScoringProfile } from '../scoring/profile.js';

type CiteProfile = ScoringProfile['cite'];

/** Text normalised for matching, with a map from each normalised char to its original offset. */
interface Folded {
  text: string;
  offsets: number[];
}

export function fold(text: string, from = 0, to = text.length): Folded {
  let out = '';
  const offsets: number[] = [];
  let space = true; // collapse runs of whitespace and drop leading space
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!space) {
        out += ' ';
        offsets.push(i);
      }
      space = true;
      continue;
    }
    space = false;
    out += foldChar(ch);
    offsets.push(i);
  }
  return { text: out.trimEnd(), offsets };
}

/** The claim as users paste it: surrounding quotes and ellipses do not belong to the wording. */
function foldClaim(claim: string): string {
  return fold(claim)
    .text.replace(/^["'\s.…]+|["'\s.…]+$/g, '')
    .trim();
}

function trigrams(s: string): Map<string, number> {
  const t = new Map<string, number>();
  const padded = ` ${s.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    t.set(g, (t.get(g) ?? 0) + 1);
  }
  return t;
}

/** Share of `needle`'s trigrams (with multiplicity) that occur in `hay`. */
export function containment(needle: string, hay: string): number {
  const a = trigrams(needle);
  const b = trigrams(hay);
  let total = 0;
  let shared = 0;
  for (const [g, n] of a) {
    total += n;
    shared += Math.min(n, b.get(g) ?? 0);
  }
  return total === 0 ? 0 : shared / total;
}

interface Match {
  doc: number;
  start: number;
  end: number;
  paragraph: number;
  score: number;
  sentence: number;
}

/** Sentence ids covering [start, end) in a document (the quote is widened to whole sentences). */
function sentencesCovering(index: IndexData, doc: number, start: number, end: number): number[] {
  const out: number[] = [];
  index.sentences.forEach((s, id) => {
    if (s.doc === doc && s.start < end && start < s.end) out.push(id);
  });
  return out;
}

/** Folded documents, computed once per set of texts (i.e. per index build). */
const foldedCache = new WeakMap<readonly string[], Folded[]>();

/** Exact wording anywhere in the kept text of a document. */
function exactMatches(index: IndexData, claim: string): Match[] {
  const out: Match[] = [];
  if (claim.length < 12) return out;
  let foldedDocs = foldedCache.get(index.texts);
  if (!foldedDocs) foldedCache.set(index.texts, (foldedDocs = index.texts.map((t) => fold(t))));
  foldedDocs.forEach((folded, doc) => {
    let at = folded.text.indexOf(claim);
    while (at >= 0) {
      const start = folded.offsets[at]!;
      const end = folded.offsets[at + claim.length - 1]! + 1;
      const ids = sentencesCovering(index, doc, start, end);
      // Text in site chrome (not in any kept sentence) is never cited.
      if (ids.length > 0) {
        const first = index.sentences[ids[0]!]!;
        const last = index.sentences[ids[ids.length - 1]!]!;
        out.push({ doc, start: first.start, end: last.end, paragraph: first.paragraph, score: 1, sentence: ids[0]! });
      }
      at = folded.text.indexOf(claim, at + 1);
    }
  });
  return out;
}

/**
 * Near-exact wording among candidate sentences: the claim's trigrams are looked for in each
 * sentence and in each pair of neighbours (a quote can straddle a sentence break).
 */
function nearMatches(index: IndexData, claim: string, candidates: readonly number[], nearExact: number): Match[] {
  const out: Match[] = [];
  const { sentences } = index;
  for (const id of candidates) {
    const s = sentences[id]!;
    const windows = [[id, id]];
    if (sentences[id + 1]?.doc === s.doc) windows.push([id, id + 1]);
    for (const [a, b] of windows) {
      const first = sentences[a!]!;
      const last = sentences[b!]!;
      const text = fold(index.texts[first.doc]!, first.start, last.end).text;
      const c = containment(claim, text);
      // A window must not be much longer than needed: a single sentence wins ties.
      if (c >= nearExact) out.push({ doc: first.doc, start: first.start, end: last.end, paragraph: first.paragraph, score: c - (a === b ? 0 : 0.01), sentence: a! });
    }
  }
  return out.sort((x, y) => y.score - x.score);
}

/**
 * Passages supporting a claim, verbatim: exact wording, else the nearest near-exact wording,
 * then the semantically closest candidate sentences.
 */
export async function citeClaim(
  index: IndexData,
  rawClaim: string,
  qvec: Float32Array,
  candidates: readonly number[],
  cite: CiteProfile,
  limit: number = cite.maxCitations,
): Promise<Citation[]> {
  const claim = foldClaim(rawClaim);
  const docs = index.manifest.documents;
  const matches: Match[] = [...exactMatches(index, claim)];
  if (matches.length === 0) matches.push(...nearMatches(index, claim, candidates, cite.nearExact).slice(0, 1));

  // Semantic support, best first, above an absolute floor and close to the best one.
  const vectors = await index.sentenceVectors.get(candidates.map((id) => index.sentenceKeys[id]!));
  const semantic = candidates
    .map((id, i) => ({ id, score: dot(qvec, vectors[i]!) }))
    .filter((c) => c.score >= cite.minSemantic)
    .sort((a, b) => b.score - a.score);
  const top = semantic[0]?.score ?? 0;
  for (const c of semantic) {
    if (c.score < top * cite.relativeFloor) break;
    const s = index.sentences[c.id]!;
    matches.push({ doc: s.doc, start: s.contextStart, end: s.end, paragraph: s.paragraph, score: c.score, sentence: c.id });
  }

  const out: Citation[] = [];
  for (const m of matches) {
    if (out.length >= limit) break;
    const docId = docs[m.doc]!.id;
    if (out.some((c) => c.document === docId && c.start < m.end && m.start < c.end)) continue;
    out.push({
      quote: index.texts[m.doc]!.slice(m.start, m.end),
      document: docId,
      title: docs[m.doc]!.title,
      paragraph: m.paragraph,
      score: Math.round(m.score * 1000) / 1000,
      start: m.start,
      end: m.end,
      ...citationLocation(index, m.doc, m.paragraph, m.start, m.end),
    });
  }
  return out;
}
