/**
 * The Postgres backend at scale, side by side with the embedded one: N synthetic chunk vectors
 * (and as many sentences, with vectors and keyword rows) written through the engine's stores, then
 * HNSW recall@10 against an exact scan, search latency, and one question's retrieval as the
 * retriever runs it (dense top-40, keyword top-200 and idf at once, then the candidates' sentence
 * and chunk vectors at once). The embedded backend (vectra + its binary sidecar, MiniSearch BM25)
 * runs the same workload at the sizes it can hold.
 *
 * Vectors are clustered like real embeddings (unit vectors around size/100 random centres), not
 * uniform noise, on which no index reaches useful recall; queries are stored vectors moved by
 * noise. Sentences are two seed-corpus sentences each, questions the first words of one: every
 * word is common, so each question scores the full BM25 postings budget.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readCorpus, readDocuments } from '../../src/engine/index/corpus.js';
import { Bm25Index, terms } from '../../src/engine/lexical/bm25.js';
import { PostgresLexicalSearch } from '../../src/engine/lexical/postgres.js';
import type { LexicalSearch } from '../../src/engine/lexical/types.js';
import { topK } from '../../src/engine/stores/memory.js';
import { PGVECTOR, PgVectorStore } from '../../src/engine/stores/pgvector.js';
import { Database, POSTGRES } from '../../src/engine/stores/postgres/database.js';
import { DEFAULT_VECTOR_STORE, vectorStore } from '../../src/engine/stores/registry.js';
import type { VectorStore } from '../../src/engine/stores/types.js';
import { dirBytes, peakRssMiB, prng, stats, type Stats } from '../measure.js';

export interface PgvectorOptions {
  /** postgres://… of a server with pgvector. */
  url: string;
  sizes: readonly number[];
  /** Largest size the embedded backend is also run at. */
  embeddedMax: number;
  queries: number;
  dimension: number;
  /** Records per add() call while writing. */
  batch: number;
  /** Query the collections an earlier run of the same size left (no writing, not timed). */
  reuse?: boolean;
  /** maintenance_work_mem for the HNSW build (default: the store's). */
  buildMemory?: string;
  /** hnsw.ef_search for the queries (default: the engine's). */
  efSearch?: number;
  log?: (line: string) => void;
}

export interface WriteTimings {
  totalS: number;
  chunksPerS: number;
  /** Chunk vectors / HNSW build (Postgres) / sentence vectors / keyword rows / statistics, s. */
  phasesS: { chunks: number; index: number; sentences: number; keyword: number; analyze: number };
  diskMiB: number;
}

export interface BackendResult {
  write?: WriteTimings;
  recallAt10: number;
  denseTop10Ms: Stats;
  denseTop40Ms: Stats;
  keywordTop200Ms: Stats;
  /** One question's retrieval I/O as the retriever does it. */
  retrievalMs: Stats;
  peakRssMiB: number;
}

export interface PgvectorSizeResult {
  size: number;
  postgres: BackendResult;
  embedded?: BackendResult;
}

export interface PgvectorResult {
  server: string;
  pgvector: string | undefined;
  dimension: number;
  hnsw: { m: number; efConstruction: number; efSearch: number };
  queries: number;
  sizes: PgvectorSizeResult[];
}

const SCHEMA = (size: number) => `bench_pgvector_${size}`;
const chunkId = (n: number) => `doc${Math.floor(n / 50)}#c${n % 50}`;
const sentenceId = (n: number) => `doc${Math.floor(n / 50)}#s${n % 50}`;
const SENTENCES_PER_CHUNK = 6;
const CANDIDATE_CHUNKS = 8;

interface Workload {
  size: number;
  dimension: number;
  matrix: Float32Array;
  vectorAt(i: number): Float32Array;
  sentenceText(i: number): string;
  queries: Float32Array[];
  questions: string[];
  exactTop10: Set<string>[];
}

async function workload(size: number, dimension: number, queryCount: number): Promise<Workload> {
  const rand = prng(42);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const normalize = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const noisy = (base: Float32Array, sigma: number) => normalize(base.map((x) => x + sigma * gauss()));
  const centres = Array.from({ length: Math.max(10, Math.round(size / 100)) }, () => normalize(Float32Array.from({ length: dimension }, gauss)));
  const matrix = new Float32Array(size * dimension);
  for (let i = 0; i < size; i++) matrix.set(noisy(centres[Math.floor(rand() * centres.length)]!, 0.06), i * dimension);
  const vectorAt = (i: number) => matrix.subarray(i * dimension, (i + 1) * dimension);
  const docs = (await readDocuments(await readCorpus('corpus'))).documents;
  const pool = docs.flatMap((d) => d.sentences.map((s) => d.text.slice(s.contextStart, s.end)));
  const queries = Array.from({ length: queryCount }, () => noisy(vectorAt(Math.floor(rand() * size)), 0.04));
  return {
    size,
    dimension,
    matrix,
    vectorAt,
    sentenceText: (i) => `${pool[i % pool.length]} ${pool[(i * 7919) % pool.length]}`,
    queries,
    questions: Array.from({ length: queryCount }, (_, i) => pool[(i * 31) % pool.length]!.split(/\s+/).slice(0, 12).join(' ')),
    exactTop10: queries.map((q) => new Set(topK(matrix, dimension, q, 10).map((h) => chunkId(h.row)))),
  };
}

interface Served {
  chunks: VectorStore;
  sentences: VectorStore;
  lexical: LexicalSearch;
}

/** Writes the workload in batches, as a sync does: chunk vectors, sentence vectors, keyword rows. */
async function writeAll(
  w: Workload,
  batch: number,
  sink: { chunks: (ids: number[]) => Promise<void>; sentences: (ids: number[]) => Promise<void>; keyword: (ids: number[]) => Promise<void> },
  log: (line: string) => void,
): Promise<{ chunks: number; sentences: number; keyword: number }> {
  const spent = { chunks: 0, sentences: 0, keyword: 0 };
  for (const part of ['chunks', 'sentences', 'keyword'] as const) {
    const t = performance.now();
    for (let i = 0; i < w.size; i += batch) {
      await sink[part](Array.from({ length: Math.min(batch, w.size - i) }, (_, k) => i + k));
      if ((i / batch) % 25 === 0) log(`${part} ${Math.min(i + batch, w.size)}/${w.size}`);
    }
    spent[part] = (performance.now() - t) / 1000;
  }
  return spent;
}

async function measureQueries(w: Workload, s: Served): Promise<Omit<BackendResult, 'write' | 'peakRssMiB'>> {
  let found = 0;
  const dense10: number[] = [];
  const dense40: number[] = [];
  const keyword: number[] = [];
  const retrieval: number[] = [];
  const ABSENT = '\u0000absent';
  // Warm-up: first queries pay for caches and connections.
  for (const q of w.queries.slice(0, 5)) await s.chunks.search(q, 40);
  for (let i = 0; i < w.queries.length; i++) {
    const q = w.queries[i]!;
    const question = w.questions[i]!;
    // The question's own retrieval first, before the separate searches below warm its pages.
    let t = performance.now();
    const [dense] = await Promise.all([s.chunks.search(q, 40), s.lexical.search(question, 200), s.lexical.idf([...terms(question), ABSENT])]);
    const candidates = dense.slice(0, CANDIDATE_CHUNKS).map((h) => h.id);
    const sentenceIds = candidates.flatMap((id) =>
      Array.from({ length: SENTENCES_PER_CHUNK }, (_, k) => id.replace(/#c(\d+)$/, (_m, c: string) => `#s${(Number(c) + k) % 50}`)),
    );
    await Promise.all([s.sentences.get(sentenceIds), s.chunks.get(candidates)]);
    retrieval.push(performance.now() - t);
    t = performance.now();
    const hits = await s.chunks.search(q, 10);
    dense10.push(performance.now() - t);
    found += hits.filter((h) => w.exactTop10[i]!.has(h.id)).length;
    t = performance.now();
    await s.chunks.search(q, 40);
    dense40.push(performance.now() - t);
    t = performance.now();
    await s.lexical.search(question, 200);
    keyword.push(performance.now() - t);
  }
  return {
    recallAt10: +(found / (w.queries.length * 10)).toFixed(3),
    denseTop10Ms: stats(dense10),
    denseTop40Ms: stats(dense40),
    keywordTop200Ms: stats(keyword),
    retrievalMs: stats(retrieval),
  };
}

async function runPostgres(w: Workload, url: string, opts: PgvectorOptions, log: (line: string) => void): Promise<BackendResult> {
  const schema = SCHEMA(w.size);
  if (!opts.reuse) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  const db = await Database.open(url, { schema, ...(opts.efSearch ? { efSearch: opts.efSearch } : {}) });
  try {
    const chunks = await PgVectorStore.open(db, 'chunks', w.dimension, opts.buildMemory ? { buildMemory: opts.buildMemory } : {});
    // The engine reads sentence vectors by id only: no graph for them.
    const sentences = await PgVectorStore.open(db, 'sentences', w.dimension, { index: 'none' });
    const lexical = PostgresLexicalSearch.open(db, 'sentences');
    let write: WriteTimings | undefined;
    if (!opts.reuse) {
      const started = performance.now();
      let indexStart = 0;
      let spent = { chunks: 0, sentences: 0, keyword: 0 };
      // As a sync does: load everything, then build the HNSW graph once.
      await chunks.bulkLoad(async () => {
        spent = await writeAll(
          w,
          opts.batch,
          {
            chunks: (ids) => chunks.add(ids.map((n) => ({ id: chunkId(n), vector: w.vectorAt(n) }))),
            sentences: (ids) => sentences.add(ids.map((n) => ({ id: sentenceId(n), vector: w.vectorAt(n) }))),
            keyword: (ids) => lexical.add(ids.map((n) => ({ id: sentenceId(n), text: w.sentenceText(n) }))),
          },
          log,
        );
        log('building the HNSW index');
        indexStart = performance.now();
      });
      const indexS = (performance.now() - indexStart) / 1000;
      const analyzeStart = performance.now();
      await lexical.optimize();
      const analyzeS = (performance.now() - analyzeStart) / 1000;
      const totalS = (performance.now() - started) / 1000;
      const disk = await db.query<{ bytes: string }>(
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [schema],
      );
      write = {
        totalS: +totalS.toFixed(1),
        chunksPerS: Math.round(w.size / totalS),
        phasesS: { ...spent, index: indexS, analyze: analyzeS },
        diskMiB: Number(disk.rows[0]!.bytes) / 2 ** 20,
      };
    }
    log('postgres: queries');
    return { write, ...(await measureQueries(w, { chunks, sentences, lexical })), peakRssMiB: peakRssMiB() };
  } finally {
    await db.close();
  }
}

async function runEmbedded(w: Workload, opts: PgvectorOptions, log: (line: string) => void): Promise<BackendResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-embedded-'));
  try {
    const entry = vectorStore(DEFAULT_VECTOR_STORE);
    const chunkIds = Array.from({ length: w.size }, (_, n) => chunkId(n));
    const sentenceIds = Array.from({ length: w.size }, (_, n) => sentenceId(n));
    const chunkStore = entry.create({ dir: path.join(dir, 'chunks'), dimension: w.dimension, ids: chunkIds });
    const sentenceStore = entry.create({ dir: path.join(dir, 'sentences'), dimension: w.dimension, ids: sentenceIds });
    const lexical = Bm25Index.create();
    const started = performance.now();
    const spent = await writeAll(
      w,
      opts.batch,
      {
        chunks: (ids) => chunkStore.add(ids.map((n) => ({ id: chunkId(n), vector: w.vectorAt(n) }))),
        sentences: (ids) => sentenceStore.add(ids.map((n) => ({ id: sentenceId(n), vector: w.vectorAt(n) }))),
        keyword: (ids) => lexical.add(ids.map((n) => ({ id: sentenceId(n), text: w.sentenceText(n) }))),
      },
      log,
    );
    const flushStart = performance.now();
    await Promise.all([chunkStore.flush(), sentenceStore.flush()]);
    const flushS = (performance.now() - flushStart) / 1000;
    const totalS = (performance.now() - started) / 1000;
    // Served as the engine serves a built index: from the files just written.
    const [chunks, sentences] = await Promise.all([
      entry.open({ dir: path.join(dir, 'chunks'), dimension: w.dimension, ids: chunkIds }),
      entry.open({ dir: path.join(dir, 'sentences'), dimension: w.dimension, ids: sentenceIds, access: 'by-id' }),
    ]);
    log('embedded: queries');
    const measured = await measureQueries(w, { chunks, sentences, lexical });
    return {
      write: {
        totalS: +totalS.toFixed(1),
        chunksPerS: Math.round(w.size / totalS),
        phasesS: { ...spent, index: flushS, analyze: 0 },
        diskMiB: (await dirBytes(dir)) / 2 ** 20,
      },
      ...measured,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function pgvectorSection(opts: PgvectorOptions): Promise<PgvectorResult> {
  const log = opts.log ?? (() => undefined);
  const probe = new pg.Client({ connectionString: opts.url });
  await probe.connect();
  const server = (await probe.query<{ v: string }>(`SELECT version() AS v`)).rows[0]!.v.split(' on ')[0]!;
  await probe.end();
  const sizes: PgvectorSizeResult[] = [];
  let pgvector: string | undefined;
  for (const size of opts.sizes) {
    log(`pgvector: ${size} chunks`);
    const w = await workload(size, opts.dimension, opts.queries);
    // Postgres first: the embedded run's memory would otherwise count in the RSS of both.
    const postgres = await runPostgres(w, opts.url, opts, log);
    const embedded = size <= opts.embeddedMax ? await runEmbedded(w, opts, log) : undefined;
    sizes.push({ size, postgres, ...(embedded ? { embedded } : {}) });
  }
  const db = new pg.Client({ connectionString: opts.url });
  await db.connect();
  pgvector = (await db.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`)).rows[0]?.v;
  await db.end();
  return {
    server,
    pgvector,
    dimension: opts.dimension,
    hnsw: { m: PGVECTOR.m, efConstruction: PGVECTOR.efConstruction, efSearch: opts.efSearch ?? POSTGRES.efSearch },
    queries: opts.queries,
    sizes,
  };
}

/** Is a Postgres with pgvector there? Resolves to why not, in one line, or undefined. */
export async function pgvectorUnavailable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const r = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    return r.rowCount ? undefined : 'the server has no pgvector';
  } catch (err) {
    return `${(err as { code?: string }).code ?? (err as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const ms = (s: Stats) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)}`;

/** One table: a column per size and backend, rows shaped like the Performance table's. */
export function pgvectorMarkdown(r: PgvectorResult): string {
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1000 ? `${n / 1000}k` : String(n));
  const cols = r.sizes.flatMap((s) => [
    { head: `${label(s.size)} Postgres`, b: s.postgres },
    ...(s.embedded ? [{ head: `${label(s.size)} embedded`, b: s.embedded }] : []),
  ]);
  const row = (label: string, f: (b: BackendResult) => string) => `| ${label} | ${cols.map((c) => f(c.b)).join(' | ')} |`;
  const w = (f: (x: WriteTimings) => string) => (b: BackendResult) => (b.write ? f(b.write) : '– (reused)');
  return [
    `Postgres: ${r.server}, pgvector ${r.pgvector ?? '?'}, HNSW m ${r.hnsw.m}, ef_construction ${r.hnsw.efConstruction}, ef_search ${r.hnsw.efSearch}; ${r.dimension}-d synthetic vectors; ${r.queries} questions. Embedded: vectra + binary sidecar, MiniSearch BM25.`,
    '',
    `|  | ${cols.map((c) => c.head).join(' | ')} |`,
    `| --- | ${cols.map(() => '---:').join(' | ')} |`,
    row('Write all (chunks + sentences + keyword rows), wall', w((x) => `${x.totalS.toFixed(1)} s`)),
    row('… chunks/s', w((x) => String(x.chunksPerS))),
    row('… phases: chunk vectors / index (HNSW; embedded: flush) / sentence vectors / keyword rows / analyze, s', w((x) => [x.phasesS.chunks, x.phasesS.index, x.phasesS.sentences, x.phasesS.keyword, x.phasesS.analyze].map((v) => v.toFixed(1)).join(' / '))),
    row('Size on disk', w((x) => `${x.diskMiB.toFixed(0)} MiB`)),
    row('Dense top-10 recall vs exact', (b) => b.recallAt10.toFixed(3)),
    row('Dense top-10 p50 / p95 ms', (b) => ms(b.denseTop10Ms)),
    row('Dense top-40 p50 / p95 ms', (b) => ms(b.denseTop40Ms)),
    row('Keyword top-200 (BM25) p50 / p95 ms', (b) => ms(b.keywordTop200Ms)),
    row('One question’s retrieval I/O (dense ∥ keyword ∥ idf, then vectors) p50 / p95 ms', (b) => ms(b.retrievalMs)),
    row('Peak RSS of the bench process, MiB', (b) => b.peakRssMiB.toFixed(0)),
    '',
  ].join('\n');
}
