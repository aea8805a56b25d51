/**
 * The document summarizer's fitted parameters. They live in the embedding model's one scoring
 * profile (src/engine/scoring/profiles/<model>.json, key "summary" → "document": centrality and
 * redundancy are in that model's similarity scale). Written by scripts/fit-summary.ts, which
 * read-modify-writes only that key; validated here with zod.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { logisticModelSchema } from '../scoring/logistic.js';

/**
 * Per-candidate features of the lead model (lead-model.ts computes them; a profile names the
 * ones its model uses, in this vocabulary).
 */
export const LEAD_FEATURES = [
  /** 1 / (1 + rank among the document's candidate sentences). */
  'inverseRank',
  /** log(1 + rank). */
  'logRank',
  /** rank / candidates. */
  'relativePosition',
  /** log of the sentence's own words. */
  'logWords',
  /** PACSUM directed centrality, min-max normalised per document. */
  'centrality',
  /** Share of the document's salient-concept weight the sentence mentions. */
  'coverage',
  /** Cosine similarity to the document's first candidate (the lead stands in for a title). */
  'leadSimilarity',
  /** 1 when the sentence leans on the previous one (quoted with it unless that one is picked). */
  'dependent',
  /** Share of the sentence's characters inside quotation marks: direct speech is rarely a highlight. */
  'quoteShare',
  /** 1 when the sentence attributes what it says ("…, police said."): reported speech. */
  'attribution',
  /** Names (capitalised words not opening the sentence) per word. */
  'nameShare',
  /** Numbers per word. */
  'numberShare',
  /** Share of the sentence's concepts (names, numbers, content words) the first candidate mentions too. */
  'firstOverlap',
] as const;
export type LeadFeature = (typeof LEAD_FEATURES)[number];

const count = z.number().int().positive();
const budget = z.object({ words: count, sentences: count });

const leadModel = logisticModelSchema(z.enum(LEAD_FEATURES));

export const documentSummaryProfileSchema = z.object({
  /** How and on what the profile was fitted. */
  fittedOn: z.string(),
  /** Sentences shorter than this rarely carry a point on their own (not fitted). */
  minWords: count,
  /** Lengths readers expect (issue 13): short ≤ 75 words, medium ≤ 130, long 8–10 sentences. */
  budgets: z.object({ short: budget, medium: budget, long: budget }).refine((b) => b.short.words <= 75 && b.medium.words <= 130, {
    message: 'short summaries hold at most 75 words, medium ones at most 130',
  }),
  /** PACSUM (Zheng & Lapata 2019) edge threshold, as a fraction of the document's similarity range, and backward edge weight. */
  pacsumBeta: z.number().min(0).max(1),
  pacsumBackward: z.number(),
  /** Sentences at least this similar (cosine) to a picked one repeat it. */
  redundancyMax: z.number().min(0).max(1),
  /**
   * The short summary: P(sentence belongs to the best summary) by logistic regression over a few
   * LEAD_FEATURES, fitted on oracle labels; the summary is the subset of the `searched` likeliest
   * among the first `window` candidates (document order) within the budget that maximises
   * Σp − lengthPenalty·words.
   */
  lead: z.object({
    model: leadModel,
    l2: z.number().nonnegative(),
    lengthPenalty: z.number().nonnegative(),
    searched: count,
    /** How many of the document's first candidates are eligible; null: every one. */
    window: count.nullable(),
    /** Whether words and sentences the window leaves unused go to the likeliest later sentences that fit. */
    fill: z.boolean(),
  }),
  /**
   * Medium and long summaries extend the short one by what the rest of the document develops:
   * undirected centrality, submodular coverage of salient concepts, redundancy (hand-set, not
   * fitted on ROUGE: the seed articles' key facts are their check).
   */
  extend: z.object({
    /** Whether sentences leaning on the previous one are candidates (quoted together with it). */
    dependentSentences: z.boolean(),
    /** How many of the short summary's sentences (lead-most first) the medium one keeps. */
    keepShort: z.number().int().nonnegative(),
    centralityWeight: z.number().nonnegative(),
    coverageWeight: z.number().nonnegative(),
    /** A concept counts as salient from this many candidate sentences on. */
    minConceptSentences: count,
    nameBoost: z.number().nonnegative(),
    numberBoost: z.number().nonnegative(),
    /** Exponent of the corpus idf in a concept's weight (0: rarity ignored). */
    idfPower: z.number().nonnegative(),
    redundancyWeight: z.number().nonnegative(),
    /** Merit is divided by words^lengthPower: 0 ignores length, higher favours shorter sentences. */
    lengthPower: z.number().min(0).max(1),
  }),
  /** Cross-validation and held-out scores at fitting time, for the record (never read by the summarizer). */
  scores: z.record(z.string(), z.unknown()).optional(),
});
export type DocumentSummaryProfile = z.infer<typeof documentSummaryProfileSchema>;

/** Bump when the summarizer's logic changes; a changed profile is noticed by its hash. */
const SUMMARIZER_VERSION = 'salient-v10';

/** Identifies the summaries an index holds: an index built with another summarizer or profile is stale. */
export function summaryFingerprint(profile: DocumentSummaryProfile): string {
  const { scores: _scores, fittedOn: _fittedOn, ...params } = profile;
  return `${SUMMARIZER_VERSION}:${createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12)}`;
}
