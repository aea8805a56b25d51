/**
 * The bot's state in Postgres, for several shards or machines acting as one bot: an answer given
 * by one shard can be paged or voted on through another, and a user's rate limit is one bucket
 * wherever their messages land. Tables come from the shared migrations (version 2).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../../engine/stores/postgres/database.js';
import { log } from '../../bootstrap/logger.js';
import type { AnswerRecord } from '../answer-record.js';
import { ANSWER_ARCHIVE, recordSchema } from '../answer-archive.js';
import { isAnswerId } from '../custom-id.js';
import { feedbackLine, type FeedbackLine } from '../feedback.js';
import type { RateLimitDecision } from '../rate-limit.js';
import type { AnswerRecords, FeedbackSink, UserRateLimiter } from './types.js';

const DAY_MS = 86_400_000;

export class PgAnswerRecords implements AnswerRecords {
  readonly #cache = new Map<string, AnswerRecord>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly db: Database) {}

  async save(record: AnswerRecord): Promise<boolean> {
    this.#remember(record);
    const write = this.db
      .query(
        `INSERT INTO ${this.db.table('answers')} (id, record, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET record = excluded.record, created_at = excluded.created_at`,
        [record.id, JSON.stringify(record), record.createdAt],
      )
      .then(() => undefined)
      .finally(() => this.#pending.delete(write));
    this.#pending.add(write);
    try {
      await write;
      return true;
    } catch (err) {
      log.warn(`could not save answer ${record.id} in Postgres (it is posted without buttons):`, err);
      return false;
    }
  }

  async get(id: string): Promise<AnswerRecord | undefined> {
    if (!isAnswerId(id)) return undefined;
    const cached = this.#cache.get(id);
    if (cached) return this.#expired(cached) ? undefined : cached;
    const r = await this.db.query<{ record: unknown }>(`SELECT record FROM ${this.db.table('answers')} WHERE id = $1`, [id]);
    // A row written by another version of the bot counts as expired instead of breaking a button.
    const parsed = recordSchema.safeParse(r.rows[0]?.record);
    if (!parsed.success || this.#expired(parsed.data)) return undefined;
    this.#remember(parsed.data);
    return parsed.data;
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async prune(now = Date.now()): Promise<number> {
    const r = await this.db.query(`DELETE FROM ${this.db.table('answers')} WHERE created_at < $1`, [
      new Date(now - ANSWER_ARCHIVE.maxAgeDays * DAY_MS).toISOString(),
    ]);
    return r.rowCount ?? 0;
  }

  #expired(record: AnswerRecord): boolean {
    return Date.now() - Date.parse(record.createdAt) > ANSWER_ARCHIVE.maxAgeDays * DAY_MS;
  }

  #remember(record: AnswerRecord): void {
    this.#cache.delete(record.id);
    this.#cache.set(record.id, record);
    if (this.#cache.size > ANSWER_ARCHIVE.cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }
}

/**
 * Votes as rows. User ids are hashed with a salt kept in the database (created once, by whichever
 * process votes first), so one person's votes group together across shards and machines.
 */
export class PgFeedback implements FeedbackSink {
  #salt: Promise<string> | undefined;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(private readonly db: Database) {}

  async record(record: AnswerRecord, vote: 'up' | 'down', userId: string): Promise<FeedbackLine> {
    const line = feedbackLine(record, vote, await this.hashUser(userId));
    const insert = this.db.query(
      `INSERT INTO ${this.db.table('feedback')} (time, vote, answer_id, kind, question, citations, answered, user_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [line.time, line.vote, line.answerId, line.kind, line.question, line.citations, line.answered, line.user],
    );
    this.#pending.add(insert);
    try {
      await insert;
    } finally {
      this.#pending.delete(insert);
    }
    return line;
  }

  async hashUser(userId: string): Promise<string> {
    const salt = await (this.#salt ??= this.#loadSalt());
    return createHmac('sha256', salt).update(userId).digest('hex').slice(0, 16);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  async #loadSalt(): Promise<string> {
    const settings = this.db.table('settings');
    // Whoever inserts first wins; everyone reads the winner's salt.
    await this.db.query(`INSERT INTO ${settings} (key, value) VALUES ('feedback_salt', $1) ON CONFLICT (key) DO NOTHING`, [
      randomBytes(32).toString('hex'),
    ]);
    const r = await this.db.query<{ value: string }>(`SELECT value FROM ${settings} WHERE key = 'feedback_salt'`);
    return r.rows[0]!.value;
  }
}

/**
 * Token buckets as rows, taken with one atomic statement: the refill, the take and the decision
 * happen in a single INSERT … ON CONFLICT DO UPDATE … RETURNING, so concurrent takes for one user
 * from any number of shards serialise on the row and never spend the same token twice.
 */
export class PgRateLimiter implements UserRateLimiter {
  readonly #perMs: number;
  #takes = 0;

  constructor(
    private readonly db: Database,
    readonly perMinute: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  async take(key: string): Promise<RateLimitDecision> {
    const now = this.now();
    const table = this.db.table('rate_limits');
    // $2 burst, $3 now (ms), $4 refill per ms. Clocks of different machines may disagree by a
    // little: a bucket never refills backwards.
    const refilled = `least($2::float8, b.tokens + greatest(0, $3::bigint - b.at_ms) * $4::float8)`;
    const r = await this.db.query<{ tokens: number; granted: boolean }>(
      `INSERT INTO ${table} AS b (key, tokens, at_ms, granted) VALUES ($1, $2::float8 - 1, $3, true)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
         granted = ${refilled} >= 1,
         at_ms = greatest(b.at_ms, $3::bigint)
       RETURNING tokens, granted`,
      [key, this.burst, now, this.#perMs],
    );
    if (++this.#takes % 1000 === 0) void this.#sweep(now);
    const row = r.rows[0]!;
    if (row.granted) return { ok: true, retryAfterMs: 0 };
    return { ok: false, retryAfterMs: Math.ceil((1 - Number(row.tokens)) / this.#perMs) };
  }

  /** Buckets that have refilled completely carry no information. */
  async #sweep(now: number): Promise<void> {
    const fullAfterMs = this.burst / this.#perMs;
    await this.db
      .query(`DELETE FROM ${this.db.table('rate_limits')} WHERE at_ms < $1`, [Math.floor(now - fullAfterMs)])
      .catch((err: unknown) => log.warn('could not prune rate-limit buckets:', err));
  }
}
