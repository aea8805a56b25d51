/**
 * Scorer name (as a scoring profile names it) → implementation. A new scorer is one file plus
 * one line in SCORERS.
 */
import { fittedScorer } from './fitted.js';
import { handTunedScorer } from './hand-tuned.js';
import type { ScoringProfile } from './profile.js';
import type { Scorer } from './types.js';

export const SCORERS: Readonly<Record<string, (profile: ScoringProfile) => Scorer>> = {
  'hand-tuned': handTunedScorer,
  fitted: fittedScorer,
};

export function createScorer(profile: ScoringProfile): Scorer {
  const make = SCORERS[profile.scorer];
  if (!make) throw new Error(`scoring profile for ${profile.model} names an unknown scorer "${profile.scorer}" (known: ${Object.keys(SCORERS).join(', ')})`);
  return make(profile);
}
