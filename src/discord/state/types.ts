/**
 * The bot's own state, behind three small interfaces so it can live in local files and memory
 * (one process, the default) or in Postgres (DATABASE_URL set: every shard, on any machine,
 * sees the same answers, votes and rate limits).
 */
import type { AnswerRecord } from '../answer-record.js';
import type { FeedbackLine } from '../feedback.js';
import type { RateLimitDecision } from '../rate-limit.js';

/** Answers the bot posted, for buttons and follow-up replies. */
export interface AnswerRecords {
  /**
   * Keeps the record and resolves once it is durable (fsync+rename on disk, committed in
   * Postgres): the reply carrying its buttons is sent only after that. False (and a warning) when
   * it could not be stored, so the caller can leave out buttons that would point at nothing.
   */
  save(record: AnswerRecord): Promise<boolean>;
  /** The record, or undefined when it is unknown or expired. */
  get(id: string): Promise<AnswerRecord | undefined>;
  /** Resolves once every write started so far is stored. */
  flush(): Promise<void>;
  /** Deletes expired answers; returns how many. */
  prune(now?: number): Promise<number>;
}

/** 👍 / 👎 votes. */
export interface FeedbackSink {
  record(record: AnswerRecord, vote: 'up' | 'down', userId: string): Promise<FeedbackLine>;
  flush(): Promise<void>;
}

/** Per-user token buckets. */
export interface UserRateLimiter {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface BotState {
  answers: AnswerRecords;
  feedback: FeedbackSink;
  limiter: UserRateLimiter;
  /** Where the state lives, for the start-up log. */
  readonly where: string;
  close(): Promise<void>;
}
