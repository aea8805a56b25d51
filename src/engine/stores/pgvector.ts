/**
 * VectorStore in Postgres with pgvector: one table per collection (`vec_chunks`,
 * `vec_sentences`…) with a `vector(dimension)` column and an HNSW index on cosine distance, so a
 * search is `ORDER BY embedding <=> $query LIMIT k` answered from the graph, not a scan.
 *
 * Vectors are written in pgvector's binary form (what its `vector_recv` reads: the Float32 values
 * as they are), as one binary `vector[]` parameter per batch: no number is printed or parsed, which
 * made writing ~10× faster than the text form (20k × 384: 2.6 s vs 16.6 s, plus ~50 s of JS
 * formatting; load ~18) and keeps upserts (`ON CONFLICT`) that COPY cannot do. They are read back
 * in the text form, which prints Float32 exactly, so `get` returns what `add` stored.
 */
import { DatabaseError } from './postgres/errors.js';
import { ident, type Database } from './postgres/database.js';
import type { VectorHit, VectorRecord, VectorStore } from './types.js';

export const PGVECTOR = {
  /** Rows per INSERT: large enough to amortise round trips, small enough for one message (~1.5 MB at 384-d). */
  insertBatch: 1000,
  /** HNSW build parameters (pgvector's defaults, which reach recall@10 ≥ 0.95 with ef_search 100). */
  m: 16,
  efConstruction: 64,
  /** Memory for building the graph in one go; a graph that does not fit builds many times slower. */
  buildMemory: '1GB',
} as const;

const COLLECTION = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * One vector in pgvector's binary form: dimension (int16), an unused int16, then the values as
 * big-endian float4. Sent as a binary parameter (node-postgres sends Buffers in binary format).
 */
export function vectorBinary(v: Float32Array): Buffer {
  const b = Buffer.allocUnsafe(4 + 4 * v.length);
  writeVector(b, 0, v);
  return b;
}

function writeVector(b: Buffer, at: number, v: Float32Array): number {
  let o = b.writeInt16BE(v.length, at);
  o = b.writeInt16BE(0, o);
  for (let i = 0; i < v.length; i++) o = b.writeFloatBE(v[i]!, o);
  return o;
}

/**
 * A one-dimensional `vector[]` in Postgres's binary array form: header (dimensions, has-nulls,
 * element type oid, length, lower bound), then each element as its byte length and binary form.
 */
export function vectorArrayBinary(vectors: readonly Float32Array[], elementOid: number): Buffer {
  const size = 20 + vectors.reduce((n, v) => n + 8 + 4 * v.length, 0);
  const b = Buffer.allocUnsafe(size);
  let o = b.writeInt32BE(1, 0);
  o = b.writeInt32BE(0, o);
  o = b.writeUInt32BE(elementOid, o);
  o = b.writeInt32BE(vectors.length, o);
  o = b.writeInt32BE(1, o);
  for (const v of vectors) {
    o = b.writeInt32BE(4 + 4 * v.length, o);
    o = writeVector(b, o, v);
  }
  return b;
}

export function fromVectorLiteral(text: string): Float32Array {
  const body = text.slice(1, -1);
  return body ? Float32Array.from(body.split(','), Number) : new Float32Array();
}

export interface PgVectorOptions {
  /**
   * `hnsw` (default) for collections that are searched; `none` for ones only read by id (the
   * engine's sentence vectors), which then cost nothing to index. Search still works without
   * the index, as an exact scan.
   */
  index?: 'hnsw' | 'none';
  /**
   * When the collection exists with another dimension (the model changed): drop it and start
   * empty. Without it, opening fails with a message saying so.
   */
  resetOnDimensionChange?: boolean;
  /**
   * `maintenance_work_mem` for building the HNSW graph (default PGVECTOR.buildMemory), e.g.
   * '4GB' for millions of vectors: a graph that outgrows it is built many times slower.
   */
  buildMemory?: string;
}

export class PgVectorStore implements VectorStore {
  private constructor(
    private readonly db: Database,
    readonly collection: string,
    readonly dimension: number,
    private readonly tableName: string,
    private readonly indexed: boolean,
    /** Type oid of `vector` in this database (extensions get theirs when created), for binary arrays. */
    private readonly vectorOid: number,
    private readonly buildMemory: string,
  ) {}

  /** Creates the collection's table and index if needed. */
  static async open(db: Database, collection: string, dimension: number, opts: PgVectorOptions = {}): Promise<PgVectorStore> {
    if (!COLLECTION.test(collection)) throw new Error(`invalid vector collection name: ${collection}`);
    if (!Number.isInteger(dimension) || dimension <= 0 || dimension > 16_000) throw new Error(`invalid vector dimension: ${dimension}`);
    const buildMemory = opts.buildMemory ?? PGVECTOR.buildMemory;
    if (!/^\d{1,6}(kB|MB|GB)$/.test(buildMemory)) throw new Error(`invalid HNSW build memory: ${buildMemory} (e.g. 1GB)`);
    const table = db.table(`vec_${collection}`);
    const vectorOid = await db.transaction(async (client) => {
      // Two processes opening the same new collection must not both create it.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${db.schema}:vec:${collection}`]);
      const existing = await client.query<{ dimension: number }>(
        `SELECT dimension FROM ${db.table('vector_collections')} WHERE name = $1`,
        [collection],
      );
      const known = existing.rows[0]?.dimension;
      if (known !== undefined && known !== dimension) {
        if (!opts.resetOnDimensionChange) {
          throw new DatabaseError(
            `vector collection ${collection} holds ${known}-dimensional vectors, the model makes ${dimension}: rebuild the index (npm run index)`,
          );
        }
        await client.query(`DROP TABLE IF EXISTS ${table}`);
        await client.query(`DELETE FROM ${db.table('vector_collections')} WHERE name = $1`, [collection]);
      }
      if (known !== dimension) {
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, embedding vector(${dimension}) NOT NULL)`);
        await client.query(`INSERT INTO ${db.table('vector_collections')} (name, dimension) VALUES ($1, $2)`, [collection, dimension]);
      }
      return (await client.query<{ oid: number }>(`SELECT 'vector'::regtype::oid AS oid`)).rows[0]!.oid;
    });
    const store = new PgVectorStore(db, collection, dimension, table, (opts.index ?? 'hnsw') === 'hnsw', vectorOid, buildMemory);
    if (store.indexed) await store.createIndex();
    return store;
  }

  private get indexName(): string {
    return ident(`vec_${this.collection}_hnsw`);
  }

  /** Builds the HNSW index if it is missing (in one pass over the rows already there). */
  private async createIndex(): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.db.schema}:vec:${this.collection}`]);
      await client.query(`SET LOCAL maintenance_work_mem = '${this.buildMemory}'`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${this.indexName} ON ${this.tableName}
           USING hnsw (embedding vector_cosine_ops) WITH (m = ${PGVECTOR.m}, ef_construction = ${PGVECTOR.efConstruction})`,
      );
    });
  }

  /**
   * For large loads (a first sync, a rebuild): drops the HNSW index, runs `load`, then builds the
   * index once over everything — measured ~6× faster than growing the graph row by row. Searches
   * meanwhile are exact scans: slower, never wrong.
   */
  async bulkLoad<T>(load: () => Promise<T>): Promise<T> {
    if (!this.indexed) return load();
    await this.db.query(`DROP INDEX IF EXISTS ${this.db.table(`vec_${this.collection}_hnsw`)}`);
    try {
      return await load();
    } finally {
      await this.createIndex();
    }
  }

  async size(): Promise<number> {
    const r = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.tableName}`);
    return Number(r.rows[0]!.n);
  }

  async add(records: readonly VectorRecord[]): Promise<void> {
    for (const r of records) this.check(r.vector, `vector ${r.id}`);
    // Within one call a later record with the same id wins, as with a Map.
    const last = new Map(records.map((r) => [r.id, r.vector]));
    const entries = [...last];
    for (let i = 0; i < entries.length; i += PGVECTOR.insertBatch) {
      const batch = entries.slice(i, i + PGVECTOR.insertBatch);
      await this.db.query(
        `INSERT INTO ${this.tableName} (id, embedding)
           SELECT u.id, u.v FROM unnest($1::text[], $2::vector[]) AS u(id, v)
         ON CONFLICT (id) DO UPDATE SET embedding = excluded.embedding`,
        [batch.map(([id]) => id), vectorArrayBinary(batch.map(([, v]) => v), this.vectorOid)],
      );
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`DELETE FROM ${this.tableName} WHERE id = ANY($1::text[])`, [ids]);
  }

  async search(query: Float32Array, k: number): Promise<VectorHit[]> {
    this.check(query, 'query vector');
    if (k <= 0) return [];
    const r = await this.db.query<{ id: string; distance: number }>(
      `SELECT id, embedding <=> $1::vector AS distance FROM ${this.tableName} ORDER BY embedding <=> $1::vector LIMIT $2`,
      [vectorBinary(query), Math.floor(k)],
    );
    return r.rows.map((row) => ({ id: row.id, score: 1 - Number(row.distance) }));
  }

  async get(ids: readonly string[]): Promise<(Float32Array | undefined)[]> {
    if (ids.length === 0) return [];
    const r = await this.db.query<{ id: string; v: string }>(
      `SELECT id, embedding::text AS v FROM ${this.tableName} WHERE id = ANY($1::text[])`,
      [ids],
    );
    const found = new Map(r.rows.map((row) => [row.id, fromVectorLiteral(row.v)]));
    return ids.map((id) => found.get(id));
  }

  /** Nothing to free: the pool belongs to the Database, which its owner closes. */
  async close(): Promise<void> {}

  private check(v: Float32Array, what: string): void {
    if (v.length !== this.dimension) throw new Error(`${what} has ${v.length} dimensions, the store holds ${this.dimension}`);
  }
}
