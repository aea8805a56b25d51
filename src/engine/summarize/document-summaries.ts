/**
 * Build-time summaries of every document, at every length: the index stores the picks, so a
 * summary at ask time is a lookup.
 */
import { runSteps } from '../../domain/time-slice.js';
import type { SummaryLength } from '../../domain/types.js';
import { DEFAULT_PROFILE_MODEL, profileFor, type ScoringProfile } from '../scoring/profile.js';
import { leadProbabilities, selectLead } from './lead-model.js';
import { lexRankSummarizer } from './lexrank.js';
import { summaryFingerprint, type DocumentSummaryProfile } from './profile.js';
import { conceptsOf, pacsumCentrality, prepare, selectSummary, type Budget, type Prepared, type SummaryInput } from './salient.js';
import type { DocumentInput, DocumentPicks, Summarizer } from './types.js';

/**
 * The document summarizer's profile for a scoring profile's model: its own "summary.document" key,
 * or the default model's while none has been fitted for it.
 */
export function documentSummaryProfile(scoring?: ScoringProfile): DocumentSummaryProfile {
  const own = scoring?.summary.document;
  if (own) return own;
  const fallback = profileFor(DEFAULT_PROFILE_MODEL).summary.document;
  if (!fallback) throw new Error(`the summary profile of ${DEFAULT_PROFILE_MODEL} is missing: run npx tsx scripts/fit-summary.ts`);
  return fallback;
}

export function summaryBudgets(profile: DocumentSummaryProfile): Record<SummaryLength, Budget> {
  return profile.budgets;
}

/** Concept rarity across the corpus: log(1 + documents / documents mentioning it). */
export function corpusIdf(docs: readonly Pick<SummaryInput, 'text' | 'units'>[]): (concept: string) => number {
  return runSteps(corpusIdfSteps(docs));
}

/** `corpusIdf` one document per step (see summarizeDocumentSteps). */
function* corpusIdfSteps(docs: readonly Pick<SummaryInput, 'text' | 'units'>[]): Generator<void, (concept: string) => number> {
  const df = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const u of d.units) for (const c of conceptsOf(d.text.slice(u.start, u.end))) seen.add(c);
    for (const c of seen) df.set(c, (df.get(c) ?? 0) + 1);
    yield;
  }
  return (c) => Math.log(1 + docs.length / (df.get(c) ?? 1));
}

/** What the short summary needs of a document: its candidates (sentences leaning on the previous one included) and their directed centrality. */
export function prepareLead(d: SummaryInput, profile: DocumentSummaryProfile): { p: Prepared; centrality: number[] } {
  const p = prepare(d, profile.minWords, true);
  return { p, centrality: pacsumCentrality(p, profile.pacsumBeta, profile.pacsumBackward) };
}

const hasSections = (p: Prepared) => new Set(p.sections.filter((s) => s !== undefined)).size >= 2;

/** The short summary: the lead model's best subset, or for a page with sections one line per major section. */
export function shortSummary(text: string, lead: { p: Prepared; centrality: number[] }, profile: DocumentSummaryProfile): number[] {
  const { p, centrality } = lead;
  const prob = leadProbabilities(text, p, centrality, profile.lead.model);
  const budget = profile.budgets.short;
  if (hasSections(p)) return selectSummary(p, { ...profile.extend, redundancyMax: profile.redundancyMax }, budget, { centrality, prior: prob });
  return selectLead(text, p, prob, { budget, lengthPenalty: profile.lead.lengthPenalty, searched: profile.lead.searched, window: profile.lead.window, fill: profile.lead.fill, redundancyMax: profile.redundancyMax });
}

/**
 * Unit indices (into each document's units) per summary length, in document order. The short
 * summary is what readers of news expect first (lead-model.ts). A medium summary keeps its
 * lead-most sentence and adds what the rest of the document develops, without the lead prior
 * (coverage of concepts not yet covered and undirected centrality decide); a long one extends the
 * medium one the same way.
 */
export function summarizeDocuments(docs: readonly SummaryInput[], profile: DocumentSummaryProfile): DocumentPicks[] {
  return runSteps(summarizeDocumentSteps(docs, profile));
}

/**
 * `summarizeDocuments` as steps, one document at a time (corpus rarity first, then each
 * document's picks): an index build hands the event loop back between them (domain/time-slice.ts).
 */
export function* summarizeDocumentSteps(docs: readonly SummaryInput[], profile: DocumentSummaryProfile): Generator<void, DocumentPicks[]> {
  const idf = yield* corpusIdfSteps(docs);
  const picks: DocumentPicks[] = [];
  for (const d of docs) {
    const short = shortSummary(d.text, prepareLead({ ...d, idf }, profile), profile);
    const ext = prepareExtension({ ...d, idf }, profile.extend.dependentSentences, profile);
    const medium = extendSummary(ext, short, profile.budgets.medium, profile);
    const long = selectSummary(ext.p, { ...profile.extend, redundancyMax: profile.redundancyMax }, profile.budgets.long, { centrality: ext.centrality, extend: medium });
    picks.push({ short, medium, long });
    yield;
  }
  return picks;
}

/**
 * What longer summaries need of a document. Beyond the lead, centrality is undirected: edges to
 * earlier sentences count as much as edges to later ones, so what the middle and end of the
 * document develop can be picked.
 */
export function prepareExtension(d: SummaryInput, dependents: boolean, profile: Pick<DocumentSummaryProfile, 'minWords' | 'pacsumBeta'>): { p: Prepared; centrality: number[] } {
  const p = prepare(d, profile.minWords, dependents);
  return { p, centrality: pacsumCentrality(p, profile.pacsumBeta, 1) };
}

/** The medium summary: the short summary's lead-most sentences (`keepShort` of them), then coverage and centrality without the lead prior. */
export function extendSummary(
  ext: { p: Prepared; centrality: number[] },
  short: readonly number[],
  budget: Budget,
  profile: Pick<DocumentSummaryProfile, 'extend' | 'redundancyMax'>,
): number[] {
  return selectSummary(ext.p, { ...profile.extend, redundancyMax: profile.redundancyMax }, budget, { centrality: ext.centrality, extend: short.slice(0, profile.extend.keepShort) });
}

const asInput = (d: DocumentInput): SummaryInput => ({ text: d.text, units: d.sentences, vectors: d.vectors });

/**
 * The summarizer behind the registry's "salient": document summaries as above (profile fitted per
 * model by scripts/fit-summary.ts), topic summaries as LexRank's (relevance + MMR).
 */
export function salientSummarizer(scoring: ScoringProfile): Summarizer {
  const profile = documentSummaryProfile(scoring);
  const topics = lexRankSummarizer(scoring.summary);
  return {
    name: summaryFingerprint(profile),
    summarizeDocuments: (inputs) => summarizeDocumentSteps(inputs.map(asInput), profile),
    rankDocument(input) {
      // A pick order for callers that want one: the short summary, then what medium and long add.
      const picks = summarizeDocuments([asInput(input)], profile)[0]!;
      const order = [...picks.short];
      for (const i of [...picks.medium, ...picks.long]) if (!order.includes(i)) order.push(i);
      return order;
    },
    rankTopic: (query, candidates, limit) => topics.rankTopic(query, candidates, limit),
  };
}
