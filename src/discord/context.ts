/** What every handler gets: the engine and the bot's own state. No Discord client globals. */
import type { Engine } from '../engine/engine.js';
import type { Admission } from './admission.js';
import type { AnswerRecords, FeedbackSink, UserRateLimiter } from './state/types.js';

/** The part of the engine the bot uses (tests may wrap it). */
export type BotEngine = Pick<
  Engine,
  'ask' | 'cite' | 'summarizeDocument' | 'summarizeTopic' | 'overview' | 'documents' | 'reindex' | 'status' | 'addDocument' | 'removeDocument'
>;

/** `/documents add`: how big an upload may be, and where it may be downloaded from. */
export interface UploadSettings {
  maxBytes: number;
  /** Origins attachment URLs may point at (Discord's CDN; the API's own origin for a local test server). */
  allowedOrigins: ReadonlySet<string>;
}

export interface BotContext {
  engine: BotEngine;
  archive: AnswerRecords;
  feedback: FeedbackSink;
  limiter: UserRateLimiter;
  /** Channels where every message is a question. */
  askChannelIds: ReadonlySet<string>;
  /** The queue every costly answer goes through; holds the load profile (when to defer, how much may wait). */
  admission: Admission;
  uploads: UploadSettings;
}
