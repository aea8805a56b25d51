/**
 * Build-time summaries of every document, at every length: the index stores the picks, so a
 * summary at ask time is a lookup.
 */
import type { SummaryLength } from '../../domain/types.js';
import type { SummaryProfile } from './profile.js';
import type { ScoringProfile } from '../scoring/profile.js';
import { lexRankSummarizer } from './lexrank.js';
import { summaryFingerprint, summaryProfile } from './profile.js';
import { conceptsOf, pacsumCentrality, prepare, selectSummary, type Budget, type SummaryInput } from './salient.js';
import type { DocumentInput, DocumentPicks, Summarizer } from './types.js';


/** What readers expect (issue 13): short ≈ 3 sentences, medium ≈ 5, long ≈ 8–10; words bound them first. */
export function summaryBudgets(profile: SummaryProfile): Record<SummaryLength, Budget> {
  return {
    short: { words: profile.shortWords, sentences: 3 },
    medium: { words: 130, sentences: 5 },
    long: { words: 250, sentences: 10 },
  };
}

/** Concept rarity across the corpus: log(1 + documents / documents mentioning it). */
export function corpusIdf(docs: readonly Pick<SummaryInput, 'text' | 'units'>[]): (concept: string) => number {
  const df = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const u of d.units) for (const c of conceptsOf(d.text.slice(u.start, u.end))) seen.add(c);
    for (const c of seen) df.set(c, (df.get(c) ?? 0) + 1);
  }
  return (c) => Math.log(1 + docs.length / (df.get(c) ?? 1));
}

/**
 * Unit indices (into each document's units) per summary length, in document order. The short
 * summary is fitted to what readers of news expect first (mostly the lead). A medium summary keeps
 * its lead-most sentence and adds what the rest of the document develops, without the lead bias
 * (coverage of concepts not yet covered and undirected centrality decide); a long one extends the
 * medium one the same way.
 */
export function summarizeDocuments(docs: readonly SummaryInput[], profile: SummaryProfile): DocumentPicks[] {
  const idf = corpusIdf(docs);
  const budgets = summaryBudgets(profile);
  return docs.map((d) => {
    const p = prepare({ ...d, idf }, profile.minWords, profile.dependentSentences);
    const short = selectSummary(p, profile, budgets.short, { centrality: pacsumCentrality(p, profile.pacsumBeta, profile.pacsumBackward) });
    // Beyond the lead, centrality is undirected: edges to earlier sentences count as much as edges
    // to later ones, so what the middle and end of the document develop can be picked.
    const centrality = pacsumCentrality(p, profile.pacsumBeta, 1);
    const medium = selectSummary(p, profile, budgets.medium, { centrality, extend: short.slice(0, 1), position: false });
    const long = selectSummary(p, profile, budgets.long, { centrality, extend: medium, position: false });
    return { short, medium, long };
  });
}

const asInput = (d: DocumentInput): SummaryInput => ({ text: d.text, units: d.sentences, vectors: d.vectors });

/**
 * The summarizer behind the registry's "salient": document summaries as above (profile fitted per
 * model by scripts/fit-summary.ts), topic summaries as LexRank's (relevance + MMR).
 */
export function salientSummarizer(scoring: ScoringProfile): Summarizer {
  const profile = summaryProfile(scoring.model);
  const topics = lexRankSummarizer(scoring.summary);
  return {
    name: summaryFingerprint(scoring.model),
    summarizeDocuments: (inputs) => summarizeDocuments(inputs.map(asInput), profile),
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
