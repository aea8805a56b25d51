/** Summarizer name → implementation. A new summarizer is one file plus one line in SUMMARIZERS. */
import type { ScoringProfile } from '../scoring/profile.js';
import { salientSummarizer } from './document-summaries.js';
import { lexRankSummarizer } from './lexrank.js';
import type { Summarizer } from './types.js';

export const SUMMARIZERS: Readonly<Record<string, (profile: ScoringProfile) => Summarizer>> = {
  lexrank: (profile) => lexRankSummarizer(profile.summary),
  salient: (profile) => salientSummarizer(profile),
};

export const DEFAULT_SUMMARIZER = 'salient';

export function createSummarizer(profile: ScoringProfile, name: string = DEFAULT_SUMMARIZER): Summarizer {
  const make = SUMMARIZERS[name];
  if (!make) throw new Error(`unknown summarizer "${name}" (known: ${Object.keys(SUMMARIZERS).join(', ')})`);
  return make(profile);
}
