/** What every handler gets: the engine and the bot's own state. No Discord client globals. */
import type { Engine } from '../engine/engine.js';
import type { AnswerRecords, FeedbackSink, UserRateLimiter } from './state/types.js';

/** The part of the engine the bot uses (tests may wrap it). */
export type BotEngine = Pick<Engine, 'ask' | 'cite' | 'summarizeDocument' | 'summarizeTopic' | 'overview' | 'documents' | 'reindex' | 'status'>;

export interface BotContext {
  engine: BotEngine;
  archive: AnswerRecords;
  feedback: FeedbackSink;
  limiter: UserRateLimiter;
  /** Channels where every message is a question. */
  askChannelIds: ReadonlySet<string>;
  /**
   * How long an interaction may work before the bot defers (shows "thinking…"). Discord drops
   * a first response after 3 s; a fast answer in one request avoids the flicker of a defer.
   */
  deferAfterMs: number;
}
