/**
 * Which scorer serves which embedding model. Each fitted profile is written by
 * `npm run train-scorer` for one model; a model without one falls back to the hand-set policy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FittedScorer } from './fitted.js';
import { handTunedScorer } from './hand-tuned.js';
import { loadProfile } from './profile.js';
import type { Scorer } from './types.js';

/** Profile file (in ./profiles/) per embedding model id. */
const PROFILES: Record<string, string> = {
  'Xenova/all-MiniLM-L6-v2': 'all-MiniLM-L6-v2.json',
};

export function profilePath(modelId: string): string {
  const file = PROFILES[modelId] ?? `${modelId.replace(/[^\w.-]+/g, '__')}.json`;
  return fileURLToPath(new URL(`./profiles/${file}`, import.meta.url));
}

export function scorerFor(modelId: string): Scorer {
  const file = profilePath(modelId);
  return modelId in PROFILES && existsSync(file) ? new FittedScorer(loadProfile(file)) : handTunedScorer;
}
