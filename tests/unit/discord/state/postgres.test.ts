/**
 * The bot's shared state in Postgres (real Postgres: PGlite over the wire). Each "shard" is its
 * own Database with its own pool, as separate processes would be: what one writes the other
 * reads, and rate limits hold under concurrent takes from both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../../../src/discord/answer-record.js';
import { AnswerArchive } from '../../../../src/discord/answer-archive.js';
import { PgAnswerRecords, PgFeedback, PgRateLimiter } from '../../../../src/discord/state/postgres.js';
import type { Database } from '../../../../src/engine/stores/postgres/database.js';
import { usePostgres } from '../../../helpers/use-postgres.js';

const postgres = usePostgres({ schema: 'bot_state', connections: 2 });
let shard0: Database;
let shard1: Database;
beforeAll(() => {
  [shard0, shard1] = postgres.databases as [Database, Database];
});

function record(id: string, createdAt = new Date().toISOString()): AnswerRecord {
  return {
    v: 1,
    id,
    kind: 'ask',
    input: 'Who negotiated?',
    title: 'Who negotiated?',
    citations: [{ quote: 'Someone did.', document: 'a.txt', title: 'A', paragraph: 2, start: 10, end: 22, score: 0.8 }],
    suggestions: [],
    notes: [],
    elapsedMs: 5,
    createdAt,
  };
}

describe('answer records in Postgres', () => {
  it('an answer saved by one shard is read by another as soon as save resolves; unknown, foreign and expired ones are gone', async () => {
    const a = new PgAnswerRecords(shard0);
    const b = new PgAnswerRecords(shard1);
    const id = AnswerArchive.newId();
    const given = record(id);
    expect(await a.save(given)).toBe(true);
    expect(await b.get(id)).toEqual(given);
    expect(await b.get('AAAAAAAAAAAA')).toBeUndefined();
    expect(await b.get("x' OR 1=1 --")).toBeUndefined();

    await postgres.pg.db.query(`INSERT INTO bot_state.answers (id, record, created_at) VALUES ('BBBBBBBBBBBB', '{"v":2}', now())`);
    expect(await b.get('BBBBBBBBBBBB')).toBeUndefined();
    expect(await a.save(record('CCCCCCCCCCCC', '2000-01-01T00:00:00.000Z'))).toBe(true);
    expect(await b.get('CCCCCCCCCCCC')).toBeUndefined();
    expect(await b.prune()).toBe(1);
    expect(await a.get(id)).toBeDefined();
  });
});

describe('feedback in Postgres', () => {
  it('stores each vote with a user hash that is the same on every shard and not the raw id', async () => {
    const a = new PgFeedback(shard0);
    const b = new PgFeedback(shard1);
    const [va, vb] = await Promise.all([a.record(record('DDDDDDDDDDDD'), 'up', '123456789012345678'), b.record(record('DDDDDDDDDDDD'), 'down', '123456789012345678')]);
    expect(va.user).toBe(vb.user);
    expect(va.user).toMatch(/^[0-9a-f]{16}$/);
    expect(await a.hashUser('223456789012345678')).not.toBe(va.user);
    const rows = await postgres.pg.db.query<{ vote: string; user_hash: string; citations: string[]; answered: boolean }>(
      `SELECT vote, user_hash, citations, answered FROM bot_state.feedback WHERE answer_id = 'DDDDDDDDDDDD' ORDER BY vote`,
    );
    expect(rows.rows).toEqual([
      { vote: 'down', user_hash: va.user, citations: ['a.txt#10-22'], answered: true },
      { vote: 'up', user_hash: va.user, citations: ['a.txt#10-22'], answered: true },
    ]);
  });
});

describe('rate limits in Postgres', () => {
  it('concurrent takes from two shards spend each token once', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const a = new PgRateLimiter(shard0, 6, 5, clock);
    const b = new PgRateLimiter(shard1, 6, 5, clock);
    const decisions = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).take('user-1')));
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    // 6 per minute: one token every 10 s.
    for (const d of decisions.filter((d) => !d.ok)) expect(d.retryAfterMs).toBe(10_000);
    // Another user has a bucket of their own.
    expect((await a.take('user-2')).ok).toBe(true);

    now += 4_000;
    expect(await b.take('user-1')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now += 6_000;
    expect(await a.take('user-1')).toEqual({ ok: true, retryAfterMs: 0 });
    expect((await b.take('user-1')).ok).toBe(false);
  });

  it('a clock behind the bucket’s (another machine) never refills it backwards', async () => {
    let now = 5_000_000;
    const ahead = new PgRateLimiter(shard0, 60, 2, () => now);
    const behind = new PgRateLimiter(shard1, 60, 2, () => now - 30_000);
    expect((await ahead.take('user-3')).ok).toBe(true);
    expect((await ahead.take('user-3')).ok).toBe(true);
    expect(await behind.take('user-3')).toEqual({ ok: false, retryAfterMs: 1_000 });
    now += 1_000;
    expect((await ahead.take('user-3')).ok).toBe(true);
  });
});
