/** What every handler gets: the engine and the bot's own state. No Discord client globals. */
import type { Engine } from '../engine/engine.js';
import type { AnswerArchive } from './answer-archive.js';
import type { FeedbackLog } from './feedback.js';
import type { RateLimiter } from './rate-limit.js';

/** The part of the engine the bot uses (tests may wrap it). */
export type BotEngine = Pick<Engine, 'ask' | 'cite' | 'summarizeDocument' | 'summarizeTopic' | 'overview' | 'documents' | 'reindex' | 'status'>;

export interface BotContext {
  engine: BotEngine;
  archive: AnswerArchive;
  feedback: FeedbackLog;
  limiter: RateLimiter;
  /** Channels where every message is a question. */
  askChannelIds: ReadonlySet<string>;
  /**
   * How long an interaction may work before the bot defers (shows "thinking…"). Discord drops
   * a first response after 3 s; a fast answer in one request avoids the flicker of a defer.
   */
  deferAfterMs: number;
}
