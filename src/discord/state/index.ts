/**
 * Picks where the bot keeps its state: Postgres when DATABASE_URL is set (shared by every shard
 * and machine), else files under DATA_DIR and memory (one process).
 */
import type { Config } from '../../bootstrap/config.js';
import { Database } from '../../engine/stores/postgres/database.js';
import { AnswerArchive } from '../answer-archive.js';
import { FeedbackLog } from '../feedback.js';
import { RateLimiter } from '../rate-limit.js';
import { PgAnswerRecords, PgFeedback, PgRateLimiter } from './postgres.js';
import type { BotState } from './types.js';

export type { AnswerRecords, BotState, FeedbackSink, UserRateLimiter } from './types.js';

type StateConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'discord'>;

/** Files and memory: the default, and what tests use unless they test Postgres. */
export function localBotState(config: Pick<Config, 'dataDir' | 'discord'>): BotState {
  return {
    answers: new AnswerArchive(config.dataDir),
    feedback: new FeedbackLog(config.dataDir),
    limiter: new RateLimiter(config.discord.rateLimitPerMinute, config.discord.rateLimitBurst),
    where: `files in ${config.dataDir}`,
    close: async () => undefined,
  };
}

/** State in an open database (the caller owns and closes it). */
export function postgresBotState(db: Database, config: Pick<Config, 'discord'>, now?: () => number): BotState {
  return {
    answers: new PgAnswerRecords(db),
    feedback: new PgFeedback(db),
    limiter: new PgRateLimiter(db, config.discord.rateLimitPerMinute, config.discord.rateLimitBurst, now),
    where: `Postgres ${db.target} (schema ${db.schema})`,
    close: async () => undefined,
  };
}

/** Throws DatabaseError (one line) when DATABASE_URL is set but unusable. */
export async function openBotState(config: StateConfig): Promise<BotState> {
  if (!config.databaseUrl) return localBotState(config);
  const db = await Database.open(config.databaseUrl);
  return { ...postgresBotState(db, config), close: () => db.close() };
}
