/**
 * Reading Discord's answers about interactions: error codes, an interaction's age from its
 * snowflake, and which rate-limited first responses must not be waited out.
 */
import { RESTJSONErrorCodes, SnowflakeUtil, type RateLimitData } from 'discord.js';
import type { LoadProfile } from './load-profile.js';

/** Discord's JSON error code of a failed request (discord.js's DiscordAPIError), if any. */
export function discordCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'number' ? err.code : undefined;
}

/** 40060: a first response already went through (e.g. one answered with a 5xx, then retried). */
export const isAlreadyAcknowledged = (err: unknown): boolean => discordCode(err) === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;

/** 10062: the interaction is unknown to Discord, almost always because its deadline passed. */
export const isUnknownInteraction = (err: unknown): boolean => discordCode(err) === RESTJSONErrorCodes.UnknownInteraction;

/** Milliseconds since Discord created the interaction (its snowflake holds the time). */
export function ageOf(id: string, now = Date.now()): number {
  return now - SnowflakeUtil.timestampFrom(id);
}

const CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/;

/**
 * For discord.js's `rest.rejectOnRateLimit`: a first response to an interaction that got a 429
 * is only retried if the retry still leaves time to defer before the deadline; otherwise the
 * request fails at once (RateLimitError) and the caller defers instead of waiting.
 */
export function rejectLateCallbacks(profile: Pick<LoadProfile, 'deadlineMs' | 'requestMarginMs'>): (data: RateLimitData) => boolean {
  return (data) => {
    const id = CALLBACK.exec(data.url)?.[1];
    if (!id) return false;
    return ageOf(id) + data.retryAfter > profile.deadlineMs - profile.requestMarginMs;
  };
}
