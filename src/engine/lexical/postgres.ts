/**
 * LexicalSearch with Postgres full-text search: a `tsvector` per sentence behind a GIN index
 * finds the sentences holding any of the question's terms. Two rankings:
 * - `bm25` (default): the embedded index's formula (MiniSearch's BM25+ with its default
 *   parameters, times the number of query terms matched), computed in SQL from the term
 *   frequencies the tsvector keeps, the sentence lengths and the document frequencies stored
 *   with every write. It is what keeps answers the same on both backends.
 * - `ts_rank_cd`: Postgres's built-in cover-density rank. It ignores how rare a term is, and it
 *   ranked worse than BM25 on the dev and SQuAD questions (bench/lexical-compare.ts, README).
 *
 * Two ways to turn text into terms:
 * - `engine` (default): the engine's own normaliser (`terms()`: stop words, acronyms, Porter
 *   stems), written into the tsvector as is. Matched terms and idf then use the same keys as the
 *   embedded BM25 index, which the retriever relies on (it looks up idf of `terms(question)`).
 * - `english`: Postgres's `english` configuration (`to_tsvector('english', …)`), any of the
 *   question's words matching; `english-and` is `websearch_to_tsquery` (every word must match).
 *   These exist to measure the built-in parser against the engine's (see bench/lexical-compare.ts);
 *   their stems differ from `terms()`, so the retriever's idf weights would not line up.
 */
import type pg from 'pg';
import { POSTINGS_BUDGET, terms } from './bm25.js';
import type { Database } from '../stores/postgres/database.js';
import type { LexicalHit, LexicalSearch } from './types.js';

export type PostgresLexicalMode = 'engine' | 'english' | 'english-and';
export type PostgresLexicalRanking = 'bm25' | 'ts_rank_cd';

export interface PostgresLexicalOptions {
  mode?: PostgresLexicalMode;
  ranking?: PostgresLexicalRanking;
}

/**
 * MiniSearch's defaults (k1, b and BM25+'s δ), which the embedded index uses: the same numbers
 * here give the same scores. Not tuned for this project.
 */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

export const POSTGRES_LEXICAL = {
  /** Rows per INSERT. */
  insertBatch: 500,
  /** tsvector positions stop at 16383; later words still count, at the last position. */
  maxPosition: 16383,
} as const;

/** A tsvector literal ('lexeme':1,4 'other':2) from already-normalised terms, positions kept. */
export function tsvectorLiteral(words: readonly string[]): string {
  const positions = new Map<string, number[]>();
  words.forEach((w, i) => {
    const list = positions.get(w) ?? [];
    list.push(Math.min(i + 1, POSTGRES_LEXICAL.maxPosition));
    positions.set(w, list);
  });
  return [...positions].map(([w, ps]) => `${quoteLexeme(w)}:${ps.join(',')}`).join(' ');
}

function quoteLexeme(w: string): string {
  return `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export class PostgresLexicalSearch implements LexicalSearch {
  private constructor(
    private readonly db: Database,
    readonly collection: string,
    readonly mode: PostgresLexicalMode,
    readonly ranking: PostgresLexicalRanking,
  ) {}

  static open(db: Database, collection = 'sentences', opts: PostgresLexicalOptions = {}): PostgresLexicalSearch {
    return new PostgresLexicalSearch(db, collection, opts.mode ?? 'engine', opts.ranking ?? 'bm25');
  }

  private get t() {
    return { lexical: this.db.table('lexical'), df: this.db.table('lexical_df'), size: this.db.table('lexical_size') };
  }

  async size(): Promise<number> {
    const r = await this.db.query<{ size: number }>(`SELECT size FROM ${this.t.size} WHERE collection = $1`, [this.collection]);
    return r.rows[0]?.size ?? 0;
  }

  async add(items: readonly { id: string; text: string }[]): Promise<void> {
    if (items.length === 0) return;
    const last = [...new Map(items.map((i) => [i.id, i.text]))];
    await this.db.transaction(async (client) => {
      await this.lockWrites(client);
      await this.remove(client, last.map(([id]) => id));
      const df = new Map<string, number>();
      let totalLen = 0;
      for (let i = 0; i < last.length; i += POSTGRES_LEXICAL.insertBatch) {
        const batch = last.slice(i, i + POSTGRES_LEXICAL.insertBatch);
        const ids = batch.map(([id]) => id);
        const bodies = batch.map(([, text]) => text);
        // In engine mode the tsvector arrives ready-made; `english` has Postgres build it.
        const tsv = this.mode === 'engine' ? `u.tsv::tsvector` : `to_tsvector('english', u.body)`;
        const source = this.mode === 'engine' ? bodies.map((b) => tsvectorLiteral(terms(b))) : bodies;
        const r = await client.query<{ terms: string[]; len: number }>(
          `INSERT INTO ${this.t.lexical} (collection, id, body, tsv, len)
             SELECT $1, x.id, x.body, x.tsv, (SELECT coalesce(sum(cardinality(p.positions)), 0) FROM unnest(x.tsv) p)
               FROM (SELECT u.id, u.body, ${tsv} AS tsv FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, body, tsv)) x
           RETURNING tsvector_to_array(tsv) AS terms, len`,
          [this.collection, ids, bodies, source],
        );
        for (const row of r.rows) {
          totalLen += row.len;
          for (const term of row.terms) df.set(term, (df.get(term) ?? 0) + 1);
        }
      }
      await this.adjust(client, df, last.length, totalLen);
    });
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction(async (client) => {
      await this.lockWrites(client);
      await this.remove(client, ids);
    });
  }

  async search(query: string, limit: number): Promise<LexicalHit[]> {
    if (limit <= 0) return [];
    if (this.mode === 'english-and') {
      const r = await this.db.query<{ id: string; score: number; matched: string[] }>(
        `SELECT id, ts_rank_cd(tsv, q) AS score,
                ARRAY(SELECT unnest(tsvector_to_array(tsv)) INTERSECT SELECT unnest(tsvector_to_array(to_tsvector('english', $2)))) AS matched
           FROM ${this.t.lexical}, websearch_to_tsquery('english', $2) AS q
          WHERE collection = $1 AND tsv @@ q
          ORDER BY score DESC, id LIMIT $3`,
        [this.collection, query, limit],
      );
      return r.rows.map((row) => ({ id: row.id, score: Number(row.score), matched: row.matched }));
    }
    const queryTerms = this.mode === 'engine' ? [...new Set(terms(query))] : await this.englishTerms(query);
    const df = await this.frequencies(queryTerms);
    const kept = withinBudget(queryTerms, df);
    if (kept.length === 0) return [];
    if (this.ranking === 'bm25') return this.searchBm25(kept, df, limit);
    const r = await this.db.query<{ id: string; score: number; matched: string[] }>(
      `SELECT id, ts_rank_cd(tsv, $2::tsquery) AS score,
              ARRAY(SELECT unnest(tsvector_to_array(tsv)) INTERSECT SELECT unnest($3::text[])) AS matched
         FROM ${this.t.lexical}
        WHERE collection = $1 AND tsv @@ $2::tsquery
        ORDER BY score DESC, id LIMIT $4`,
      [this.collection, kept.map(quoteLexeme).join(' | '), kept, limit],
    );
    return r.rows.map((row) => ({ id: row.id, score: Number(row.score), matched: row.matched }));
  }

  async idf(queryTerms: readonly string[]): Promise<Map<string, number>> {
    const [n, df] = await Promise.all([this.size(), this.frequencies(queryTerms)]);
    return new Map(queryTerms.map((t) => [t, bm25Idf(n, df.get(t) ?? 0)]));
  }

  private async searchBm25(kept: string[], df: Map<string, number>, limit: number): Promise<LexicalHit[]> {
    const n = await this.size();
    const r = await this.db.query<{ id: string; score: number; matched: string[] }>(
      `WITH q(term, idf) AS (SELECT * FROM unnest($2::text[], $3::float8[])),
            stats AS (SELECT total_len::float8 / greatest(size, 1) AS avglen FROM ${this.t.size} WHERE collection = $1)
       SELECT l.id,
              sum(q.idf * ($4::float8 + u.tf * ($5::float8 + 1) / (u.tf + $5::float8 * (1 - $6::float8 + $6::float8 * l.len / stats.avglen)))) * count(*) AS score,
              array_agg(u.lexeme) AS matched
         FROM ${this.t.lexical} l
         CROSS JOIN stats
         -- Only the query's lexemes (marked with weight A, then filtered): unnesting whole
         -- sentences would multiply the rows joined by the sentence length (measured 4.7× slower).
         CROSS JOIN LATERAL (SELECT p.lexeme, cardinality(p.positions)::float8 AS tf FROM unnest(ts_filter(setweight(l.tsv, 'A', $2::text[]), '{a}')) p) u
         JOIN q ON q.term = u.lexeme
        WHERE l.collection = $1 AND l.tsv @@ $7::tsquery
        GROUP BY l.id, l.len, stats.avglen
        ORDER BY score DESC, l.id
        LIMIT $8`,
      [this.collection, kept, kept.map((t) => bm25Idf(n, df.get(t)!)), BM25.d, BM25.k, BM25.b, kept.map(quoteLexeme).join(' | '), limit],
    );
    return r.rows.map((row) => ({ id: row.id, score: Number(row.score), matched: row.matched }));
  }

  private async englishTerms(query: string): Promise<string[]> {
    const r = await this.db.query<{ terms: string[] }>(`SELECT tsvector_to_array(to_tsvector('english', $1)) AS terms`, [query]);
    return r.rows[0]?.terms ?? [];
  }

  private async frequencies(queryTerms: readonly string[]): Promise<Map<string, number>> {
    if (queryTerms.length === 0) return new Map();
    const r = await this.db.query<{ term: string; df: number }>(
      `SELECT term, df FROM ${this.t.df} WHERE collection = $1 AND term = ANY($2::text[])`,
      [this.collection, [...queryTerms]],
    );
    return new Map(r.rows.map((row) => [row.term, row.df]));
  }

  /** Writers of one collection take turns (document frequencies are read-modify-write). */
  private async lockWrites(client: pg.PoolClient): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.db.schema}:lexical:${this.collection}`]);
  }

  private async remove(client: pg.PoolClient, ids: readonly string[]): Promise<void> {
    const r = await client.query<{ terms: string[]; len: number }>(
      `DELETE FROM ${this.t.lexical} WHERE collection = $1 AND id = ANY($2::text[]) RETURNING tsvector_to_array(tsv) AS terms, len`,
      [this.collection, [...ids]],
    );
    if (r.rows.length === 0) return;
    const df = new Map<string, number>();
    let totalLen = 0;
    for (const row of r.rows) {
      totalLen += row.len;
      for (const term of row.terms) df.set(term, (df.get(term) ?? 0) - 1);
    }
    await this.adjust(client, df, -r.rows.length, -totalLen);
  }

  private async adjust(client: pg.PoolClient, df: Map<string, number>, sizeDelta: number, lenDelta: number): Promise<void> {
    if (df.size > 0) {
      await client.query(
        `INSERT INTO ${this.t.df} AS d (collection, term, df) SELECT $1, u.term, u.n FROM unnest($2::text[], $3::int[]) AS u(term, n)
         ON CONFLICT (collection, term) DO UPDATE SET df = d.df + excluded.df`,
        [this.collection, [...df.keys()], [...df.values()]],
      );
      await client.query(`DELETE FROM ${this.t.df} WHERE collection = $1 AND term = ANY($2::text[]) AND df <= 0`, [this.collection, [...df.keys()]]);
    }
    await client.query(
      `INSERT INTO ${this.t.size} AS s (collection, size, total_len) VALUES ($1, $2, $3)
       ON CONFLICT (collection) DO UPDATE SET size = s.size + excluded.size, total_len = s.total_len + excluded.total_len`,
      [this.collection, sizeDelta, lenDelta],
    );
  }
}

/** Same form as the embedded index's idf, so scores mean the same on both backends. */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Rarest terms first, until their postings reach the budget (as the embedded index does): the
 * commonest words of a question cost the most to match and weigh the least. Terms the corpus
 * lacks match nothing and are dropped.
 */
function withinBudget(queryTerms: readonly string[], df: Map<string, number>): string[] {
  const present = queryTerms.filter((t) => df.has(t)).sort((a, b) => df.get(a)! - df.get(b)!);
  const kept: string[] = [];
  let postings = 0;
  for (const t of present) {
    if (kept.length > 0 && postings + df.get(t)! > POSTINGS_BUDGET) continue;
    kept.push(t);
    postings += df.get(t)!;
  }
  return kept;
}
