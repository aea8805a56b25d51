/**
 * Every threshold of the bot's admission control, in one typed profile: when to defer, how much
 * work runs at once, how much may wait. Logic reads these names, never literal numbers.
 */
import { z } from 'zod';

export const loadProfileSchema = z
  .object({
    /** Discord's deadline for the first response to an interaction (after it: 10062 Unknown interaction). */
    deadlineMs: z.number().int().positive(),
    /**
     * An interaction already this old when the bot handles it (gateway lag, a replay after an
     * outage, a busy process) is deferred at once instead of answered directly.
     */
    deferIfOlderThanMs: z.number().int().nonnegative(),
    /** A direct answer still running after this long is deferred ("thinking…"), the safety net. */
    deferAfterMs: z.number().int().nonnegative(),
    /**
     * Time kept for the defer request itself to reach Discord: the last moment to defer is
     * `deadlineMs - requestMarginMs` after the interaction was created, and a 429 on a first
     * response is only waited out if the retry still lands before then.
     */
    requestMarginMs: z.number().int().nonnegative(),
    /** Answers computed at the same time (each is mostly waiting for an embedding worker). */
    concurrency: z.number().int().positive(),
    /** Answers allowed to wait for a slot; beyond that new requests are told the bot is busy. */
    maxQueued: z.number().int().nonnegative(),
    /**
     * While acknowledgements (defers, busy replies) are in flight, queued answers are held back so
     * the CPU goes to acknowledging first; never for longer than this at a stretch, so answers
     * keep flowing when acknowledgements never stop.
     */
    ackPriorityMs: z.number().int().nonnegative(),
    /** Service time assumed before any answer was measured, for the "try again in N s" estimate (ms). */
    initialServiceMs: z.number().positive(),
    /** Weight of the newest measurement in the moving average of service time. */
    serviceSmoothing: z.number().gt(0).lte(1),
  })
  .refine((p) => p.deferIfOlderThanMs < p.deadlineMs - p.requestMarginMs, {
    message: 'deferIfOlderThanMs must leave time to defer before the deadline',
  });

export type LoadProfile = z.infer<typeof loadProfileSchema>;

/**
 * Defaults for a small machine (2 cores, one embedding worker). A seed-corpus answer costs a few
 * ms of worker time and a few of main-thread time, so four in flight keep the worker busy while
 * the main thread scores and replies; 400 waiting answers drain in a few seconds.
 */
export const DEFAULT_LOAD_PROFILE: LoadProfile = loadProfileSchema.parse({
  deadlineMs: 3000,
  deferIfOlderThanMs: 1000,
  // Answers take milliseconds; one still running after a second is stuck behind something, and
  // deferring now leaves two seconds for the defer to get through a busy event loop.
  deferAfterMs: 1000,
  requestMarginMs: 1000,
  concurrency: 4,
  maxQueued: 400,
  ackPriorityMs: 100,
  initialServiceMs: 20,
  serviceSmoothing: 0.1,
});

/** The default profile with some values replaced (tests, benches); the result is validated. */
export function loadProfile(overrides: Partial<LoadProfile> = {}): LoadProfile {
  return loadProfileSchema.parse({ ...DEFAULT_LOAD_PROFILE, ...overrides });
}
