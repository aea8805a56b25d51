/** What every handler gets: the engine and the bot's own state. No Discord client globals. */
import type { Engine } from '../engine/engine.js';
import type { Admission } from './admission.js';
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
  /** The queue every costly answer goes through; holds the load profile (when to defer, how much may wait). */
  admission: Admission;
}
