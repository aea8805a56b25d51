/**
 * The bot creates and upgrades its own tables. Each migration has a version and runs once, in a
 * transaction, recorded in `schema_migrations`; a transaction-scoped advisory lock makes several
 * processes starting at once take turns, so running `migrate` again (or concurrently) changes
 * nothing. Never edit a migration that has shipped: add the next one.
 *
 * Vector tables are not here: their column type carries the model's dimension (`vector(384)`), so
 * `pgvector.ts` creates one per collection when it first sees the model.
 */
import type pg from 'pg';
import type { Database } from './database.js';
import { DatabaseError } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  /** SQL statements; `$schema` stands for the quoted schema name. */
  up: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, index state, vector collections, keyword search',
    up: [
      // Canonical texts: every quote is text.slice(start, end) of one of these.
      `CREATE TABLE $schema.documents (
         id text PRIMARY KEY,
         title text NOT NULL,
         hash text NOT NULL,
         text text NOT NULL,
         meta jsonb NOT NULL DEFAULT '{}'::jsonb
       )`,
      // Small named JSON values: the index manifest, spans, summaries…
      `CREATE TABLE $schema.index_state (
         key text PRIMARY KEY,
         value jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE $schema.vector_collections (
         name text PRIMARY KEY,
         dimension integer NOT NULL CHECK (dimension > 0)
       )`,
      // Keyword search over sentences. `terms` holds the text as the engine's normaliser sees it
      // (stems, stop words out) so Postgres and the embedded BM25 agree on what a term is.
      `CREATE TABLE $schema.lexical (
         collection text NOT NULL,
         id text NOT NULL,
         body text NOT NULL,
         tsv tsvector NOT NULL,
         PRIMARY KEY (collection, id)
       )`,
      `CREATE INDEX lexical_tsv ON $schema.lexical USING gin (tsv)`,
      // Document frequency per term and sentence count per collection, kept with every write:
      // idf is asked for on every question and counting a large table each time would be slow.
      `CREATE TABLE $schema.lexical_df (
         collection text NOT NULL,
         term text NOT NULL,
         df integer NOT NULL,
         PRIMARY KEY (collection, term)
       )`,
      `CREATE TABLE $schema.lexical_size (
         collection text PRIMARY KEY,
         size integer NOT NULL
       )`,
    ],
  },
  {
    version: 2,
    name: 'shared bot state: answers, feedback, rate limits',
    up: [
      `CREATE TABLE $schema.answers (
         id text PRIMARY KEY,
         record jsonb NOT NULL,
         created_at timestamptz NOT NULL
       )`,
      `CREATE INDEX answers_created_at ON $schema.answers (created_at)`,
      `CREATE TABLE $schema.feedback (
         seq bigserial PRIMARY KEY,
         time timestamptz NOT NULL,
         vote text NOT NULL CHECK (vote IN ('up', 'down')),
         answer_id text NOT NULL,
         kind text NOT NULL,
         question text NOT NULL,
         citations text[] NOT NULL,
         answered boolean NOT NULL,
         user_hash text NOT NULL
       )`,
      `CREATE TABLE $schema.settings (
         key text PRIMARY KEY,
         value text NOT NULL
       )`,
      // One token bucket per user; `granted` is the outcome of the last take (see rate-limit).
      `CREATE TABLE $schema.rate_limits (
         key text PRIMARY KEY,
         tokens double precision NOT NULL,
         at_ms bigint NOT NULL,
         granted boolean NOT NULL
       )`,
    ],
  },
  {
    version: 3,
    name: 'keyword search: sentence lengths for BM25',
    up: [
      // A sentence's length is its number of distinct terms, as MiniSearch counts it.
      `ALTER TABLE $schema.lexical ADD COLUMN len integer`,
      `UPDATE $schema.lexical SET len = length(tsv)`,
      `ALTER TABLE $schema.lexical ALTER COLUMN len SET NOT NULL`,
      `ALTER TABLE $schema.lexical_size ADD COLUMN total_len bigint NOT NULL DEFAULT 0`,
      `UPDATE $schema.lexical_size s SET total_len = coalesce((SELECT sum(len) FROM $schema.lexical l WHERE l.collection = s.collection), 0)`,
    ],
  },
  {
    version: 4,
    name: 'keyword search: postings for BM25 in one index scan',
    up: [
      // One row per (term, sentence): BM25 reads a question's postings from this index alone
      // (term frequency and sentence length ride along), instead of fetching and unpacking every
      // matching sentence's tsvector (measured: keyword top-200 p95 119 ms at 200k sentences).
      `CREATE TABLE $schema.lexical_postings (
         collection text NOT NULL,
         term text NOT NULL,
         id text NOT NULL,
         tf integer NOT NULL,
         len integer NOT NULL,
         PRIMARY KEY (collection, term, id) INCLUDE (tf, len)
       )`,
      `INSERT INTO $schema.lexical_postings (collection, term, id, tf, len)
         SELECT l.collection, p.lexeme, l.id, coalesce(cardinality(p.positions), 1), l.len FROM $schema.lexical l, unnest(l.tsv) p`,
    ],
  },
];

/** Highest version this code knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Applies the migrations not yet applied; returns their versions. Safe to call from many processes. */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const schema = db.table('schema_migrations').split('.')[0]!;
  return db.transaction(async (client: pg.PoolClient) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${db.schema}:migrate`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${db.table('schema_migrations')} (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${db.table('schema_migrations')}`)).rows.map((r) => r.version),
    );
    const known = Math.max(...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new DatabaseError(
        `the database schema ${db.schema} is at version ${newest}, newer than this bot knows (${known}): upgrade the bot, or point DATABASE_URL elsewhere`,
      );
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const sql of m.up) await client.query(sql.replaceAll('$schema', schema));
      await client.query(`INSERT INTO ${db.table('schema_migrations')} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
