/**
 * The summarizer's fitted parameters, one typed profile per embedding model (centrality lives in
 * that model's similarity scale). Written by scripts/fit-summary.ts; read and validated here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const summaryProfileSchema = z.object({
  /** Which model the profile was fitted with, and on what. */
  model: z.string(),
  fittedOn: z.string(),
  /** Sentences shorter than this rarely carry a point on their own. */
  minWords: z.number().int().positive(),
  /** Whether sentences that lean on the previous one are candidates (quoted together with it). */
  dependentSentences: z.boolean(),
  positionWeight: z.number().nonnegative(),
  /** Candidate rank at which the position score has fallen to 1/e. */
  positionDecay: z.number().positive(),
  centralityWeight: z.number().nonnegative(),
  /** PACSUM edge threshold, as a fraction of the document's similarity range. */
  pacsumBeta: z.number().min(0).max(1),
  /** PACSUM weight of edges to earlier sentences (later ones weigh 1). */
  pacsumBackward: z.number(),
  coverageWeight: z.number().nonnegative(),
  /** A concept counts as salient from this many candidate sentences on. */
  minConceptSentences: z.number().int().positive(),
  nameBoost: z.number().nonnegative(),
  numberBoost: z.number().nonnegative(),
  /** Exponent of the corpus idf in a concept's weight (0: rarity ignored). */
  idfPower: z.number().nonnegative(),
  redundancyWeight: z.number().nonnegative(),
  /** Sentences at least this similar to a picked one repeat it. */
  redundancyMax: z.number().min(0).max(1),
  /** Merit is divided by words^lengthPower: 0 ignores length, higher favours shorter sentences. */
  lengthPower: z.number().min(0).max(1),
  /** Word budget of a short summary (at most the 75 readers expect; fitted below that). */
  shortWords: z.number().int().positive().max(75),
  /** Validation scores at fitting time, for the record. */
  scores: z.record(z.string(), z.unknown()).optional(),
});
export type SummaryProfile = z.infer<typeof summaryProfileSchema>;

/** Bump when the summarizer's logic changes; a changed profile is noticed by its hash. */
const SUMMARIZER_VERSION = 'salient-v6';

const DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';
const fileOf = (model: string) => new URL(`./profiles/${model.replace(/\//g, '__')}.json`, import.meta.url);
const cache = new Map<string, SummaryProfile>();

/** The profile fitted for `model`, or the default model's when that model has none yet. */
export function summaryProfile(model: string = DEFAULT_MODEL): SummaryProfile {
  const hit = cache.get(model);
  if (hit) return hit;
  let raw: string;
  try {
    raw = readFileSync(fileOf(model), 'utf8');
  } catch {
    if (model === DEFAULT_MODEL) throw new Error(`summary profile for ${model} is missing: run npx tsx scripts/fit-summary.ts`);
    return summaryProfile(DEFAULT_MODEL);
  }
  const profile = summaryProfileSchema.parse(JSON.parse(raw));
  cache.set(model, profile);
  return profile;
}

/** Identifies the summaries an index holds: an index built with another summarizer or profile is stale. */
export function summaryFingerprint(model: string): string {
  const { scores: _scores, fittedOn: _fittedOn, ...params } = summaryProfile(model);
  return `${SUMMARIZER_VERSION}:${createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12)}`;
}
