/**
 * A scoring profile: the fitted weights for one embedding model, with the data they were fitted
 * on and the validation metrics they reached. Written by `npm run train-scorer`, never by hand.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ANSWER_FEATURES, PASSAGE_FEATURES } from './features.js';

const logisticSchema = (names: readonly string[]) =>
  z
    .object({
      features: z.array(z.string()),
      mean: z.array(z.number()),
      scale: z.array(z.number().positive()),
      weights: z.array(z.number()),
      bias: z.number(),
    })
    .refine((m) => m.features.join() === names.join(), {
      message: `features must be exactly [${names.join(', ')}]; re-run npm run train-scorer`,
    })
    .refine((m) => m.mean.length === names.length && m.scale.length === names.length && m.weights.length === names.length, {
      message: 'mean, scale and weights need one entry per feature',
    });

const metrics = z.record(z.string(), z.record(z.string(), z.number()));

export const PROFILE_VERSION = 1;

export const profileSchema = z.object({
  version: z.literal(PROFILE_VERSION),
  model: z.string(),
  /** How candidates are ordered: P(passage contains the answer). */
  ranker: logisticSchema(PASSAGE_FEATURES),
  /** P(the first passage answers the question); unanswerable questions are negatives. */
  abstention: logisticSchema(ANSWER_FEATURES),
  tiers: z
    .object({
      /** Confidence at or above which the first passages are quoted as the answer. */
      answer: z.number().min(0).max(1),
      /** Confidence at or above which passages are offered as possibly related. */
      related: z.number().min(0).max(1),
    })
    .refine((t) => t.related <= t.answer, { message: 'tiers.related must not exceed tiers.answer' }),
  /**
   * Quotes after the first must have at least this share of the first one's ranker probability:
   * `answer` in the answer proper, `more` on further pages of sources.
   */
  quoteFloor: z.object({ answer: z.number().min(0).max(1), more: z.number().min(0).max(1) }),
  training: z.object({
    command: z.string(),
    train: z.array(z.string()),
    validation: z.array(z.string()),
    l2: z.number(),
    examples: z.record(z.string(), z.number()),
  }),
  /** Metrics per split, e.g. {"squad-validation": {"hitAt1": 0.84, ...}}. */
  metrics,
});
export type ScoringProfile = z.infer<typeof profileSchema>;

export function loadProfile(file: string): ScoringProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read scoring profile ${file}: ${(err as Error).message}`);
  }
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`scoring profile ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
