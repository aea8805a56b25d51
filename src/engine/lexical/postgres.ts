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

/**
 * Loose matching for question words the corpus lacks (likely typos), as the embedded index does
 * it (bm25.ts and MiniSearch's defaults): words of at least `minLength` characters match corpus
 * terms within an edit distance of `share` of their length (at most `maxDistance`), weighted
 * `weight × length / (length + distance)`.
 */
export const FUZZY = { minLength: 5, share: 0.2, maxDistance: 6, weight: 0.5 } as const;

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

interface CollectionStats {
  size: number;
  totalLen: number;
  df: Map<string, number>;
}

export class PostgresLexicalSearch implements LexicalSearch {
  private constructor(
    private readonly db: Database,
    readonly collection: string,
    readonly mode: PostgresLexicalMode,
    readonly ranking: PostgresLexicalRanking,
  ) {}

  /** Terms of the collection, for loose matching; reloaded after writes. */
  private vocabulary: Promise<string[]> | undefined;

  static open(db: Database, collection = 'sentences', opts: PostgresLexicalOptions = {}): PostgresLexicalSearch {
    return new PostgresLexicalSearch(db, collection, opts.mode ?? 'engine', opts.ranking ?? 'bm25');
  }

  private get t() {
    return {
      lexical: this.db.table('lexical'),
      postings: this.db.table('lexical_postings'),
      df: this.db.table('lexical_df'),
      size: this.db.table('lexical_size'),
    };
  }

  async size(): Promise<number> {
    const r = await this.db.query<{ size: number }>(`SELECT size FROM ${this.t.size} WHERE collection = $1`, [this.collection]);
    return r.rows[0]?.size ?? 0;
  }

  async add(items: readonly { id: string; text: string }[]): Promise<void> {
    if (items.length === 0) return;
    this.vocabulary = undefined;
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
        // The sentence row and its postings (one per term) in one statement.
        const r = await client.query<{ terms: string[]; len: number }>(
          `WITH ins AS (
             INSERT INTO ${this.t.lexical} (collection, id, body, tsv, len)
               SELECT $1, x.id, x.body, x.tsv, length(x.tsv)
                 FROM (SELECT u.id, u.body, ${tsv} AS tsv FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, body, tsv)) x
             RETURNING id, tsv, len),
           post AS (
             INSERT INTO ${this.t.postings} (collection, term, id, tf, len)
               SELECT $1, p.lexeme, ins.id, coalesce(cardinality(p.positions), 1), ins.len FROM ins, unnest(ins.tsv) p)
           SELECT tsvector_to_array(tsv) AS terms, len FROM ins`,
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

  /**
   * After a bulk load: refreshes the planner's statistics and the visibility map, so BM25 reads
   * postings from the index alone (an index-only scan) instead of visiting the table for each.
   */
  async optimize(): Promise<void> {
    await this.db.query(`VACUUM (ANALYZE) ${this.t.postings}`);
    await this.db.query(`ANALYZE ${this.t.lexical}, ${this.t.df}`);
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.vocabulary = undefined;
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
    const stats = await this.stats(queryTerms);
    const { df } = stats;
    if (this.ranking === 'bm25') return this.searchBm25(withinBudget(queryTerms, df), stats, limit);
    const kept = withinBudget(queryTerms, df).filter((t) => df.has(t));
    if (kept.length === 0) return [];
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
    const { size, df } = await this.stats(queryTerms);
    return new Map(queryTerms.map((t) => [t, bm25Idf(size, df.get(t) ?? 0)]));
  }

  /**
   * BM25 as one query over the postings index: each of the question's terms is a range of
   * (term, sentence, tf, length) entries read from the primary key alone, summed per sentence;
   * only the top `limit` sums leave the server.
   */
  private async searchBm25(kept: string[], stats: CollectionStats, limit: number): Promise<LexicalHit[]> {
    const { df } = stats;
    // One row per (lexeme searched, query term it stands for, weight): the term itself, or the
    // corpus terms close to a term the corpus lacks.
    const rows: { lexeme: string; source: string; weight: number }[] = [];
    const loose = kept.filter((t) => !df.has(t) && t.length >= FUZZY.minLength);
    const vocabulary = loose.length ? await (this.vocabulary ??= this.loadVocabulary()) : [];
    for (const t of kept) {
      if (df.has(t)) rows.push({ lexeme: t, source: t, weight: 1 });
      if (!loose.includes(t)) continue;
      const max = Math.min(FUZZY.maxDistance, Math.round(t.length * FUZZY.share));
      for (const v of vocabulary) {
        const d = Math.abs(v.length - t.length) <= max ? boundedLevenshtein(t, v, max) : max + 1;
        if (d >= 1 && d <= max) rows.push({ lexeme: v, source: t, weight: (FUZZY.weight * v.length) / (v.length + d) });
      }
    }
    if (rows.length === 0) return [];
    const loosely = [...new Set(rows.filter((x) => !df.has(x.lexeme)).map((x) => x.lexeme))];
    const dfAll = loosely.length ? new Map([...df, ...(await this.frequencies(loosely))]) : df;
    const avgLen = stats.totalLen / Math.max(stats.size, 1);
    const r = await this.db.query<{ id: string; score: number; matched: string[] }>(
      // Per (sentence, query term) first, then per sentence: plain aggregates where
      // count(DISTINCT …) and array_agg(DISTINCT …) would each sort their group again.
      `WITH q(term, source, weight, idf) AS (SELECT * FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[])),
            per_term AS (
              SELECT p.id, q.source,
                     sum(q.weight * q.idf * ($6::float8 + p.tf * ($7::float8 + 1) / (p.tf + $7::float8 * (1 - $8::float8 + $8::float8 * p.len / $9::float8)))) AS s
                FROM q JOIN ${this.t.postings} p ON p.collection = $1 AND p.term = q.term
               GROUP BY p.id, q.source)
       SELECT id, sum(s) * count(*) AS score, array_agg(source ORDER BY source) AS matched
         FROM per_term
        GROUP BY id
        ORDER BY score DESC, id
        LIMIT $10`,
      [
        this.collection,
        rows.map((x) => x.lexeme),
        rows.map((x) => x.source),
        rows.map((x) => x.weight),
        rows.map((x) => bm25Idf(stats.size, dfAll.get(x.lexeme) ?? 0)),
        BM25.d,
        BM25.k,
        BM25.b,
        avgLen,
        limit,
      ],
    );
    return r.rows.map((row) => ({ id: row.id, score: Number(row.score), matched: row.matched }));
  }

  private async loadVocabulary(): Promise<string[]> {
    const r = await this.db.query<{ term: string }>(`SELECT term FROM ${this.t.df} WHERE collection = $1`, [this.collection]);
    return r.rows.map((row) => row.term);
  }

  private async englishTerms(query: string): Promise<string[]> {
    const r = await this.db.query<{ terms: string[] }>(`SELECT tsvector_to_array(to_tsvector('english', $1)) AS terms`, [query]);
    return r.rows[0]?.terms ?? [];
  }

  /** Sentence count, total length and the terms' document frequencies, in one round trip. */
  private async stats(queryTerms: readonly string[]): Promise<CollectionStats> {
    const r = await this.db.query<{ size: number | null; total_len: string | null; terms: string[] | null; dfs: number[] | null }>(
      `SELECT s.size, s.total_len, d.terms, d.dfs
         FROM (SELECT 1) one
         LEFT JOIN ${this.t.size} s ON s.collection = $1
         CROSS JOIN (SELECT array_agg(term) AS terms, array_agg(df) AS dfs FROM ${this.t.df} WHERE collection = $1 AND term = ANY($2::text[])) d`,
      [this.collection, queryTerms.filter((t) => !t.includes('\0'))],
    );
    const row = r.rows[0];
    const terms = row?.terms ?? [];
    return { size: row?.size ?? 0, totalLen: Number(row?.total_len ?? 0), df: new Map(terms.map((t, i) => [t, row!.dfs![i]!])) };
  }

  private async frequencies(queryTerms: readonly string[]): Promise<Map<string, number>> {
    // Postgres text cannot hold NUL, and no indexed term has one: such a term (the retriever's
    // "absent term" probe) simply has no document frequency.
    const storable = queryTerms.filter((t) => !t.includes('\0'));
    if (storable.length === 0) return new Map();
    const r = await this.db.query<{ term: string; df: number }>(
      `SELECT term, df FROM ${this.t.df} WHERE collection = $1 AND term = ANY($2::text[])`,
      [this.collection, storable],
    );
    return new Map(r.rows.map((row) => [row.term, row.df]));
  }

  /** Writers of one collection take turns (document frequencies are read-modify-write). */
  private async lockWrites(client: pg.PoolClient): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.db.schema}:lexical:${this.collection}`]);
  }

  private async remove(client: pg.PoolClient, ids: readonly string[]): Promise<void> {
    // The postings go with their sentence, found through the primary key by the sentence's terms.
    const r = await client.query<{ terms: string[]; len: number }>(
      `WITH gone AS (DELETE FROM ${this.t.lexical} WHERE collection = $1 AND id = ANY($2::text[]) RETURNING id, tsv, len),
            post AS (
              DELETE FROM ${this.t.postings} p USING (SELECT gone.id, unnest(tsvector_to_array(gone.tsv)) AS term FROM gone) g
               WHERE p.collection = $1 AND p.term = g.term AND p.id = g.id)
       SELECT tsvector_to_array(tsv) AS terms, len FROM gone`,
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
  const sorted = [...queryTerms].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0));
  const kept: string[] = [];
  let postings = 0;
  for (const t of sorted) {
    const n = df.get(t) ?? 0;
    if (kept.length > 0 && postings + n > POSTINGS_BUDGET) continue;
    kept.push(t);
    postings += n;
  }
  return kept;
}

/** Edit distance (insertions, deletions, substitutions), or `max + 1` once it must exceed `max`. */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}
