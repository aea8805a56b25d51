/**
 * pgvector at scale: N synthetic chunk vectors (and as many sentences for keyword search) synced
 * into Postgres through the engine's stores, then HNSW recall@10 against an exact scan, search
 * latency, and the per-question retrieval round trips (dense top-40 + keyword top-200 + the
 * candidate sentences' vectors) that `ask` makes on top of embedding the question.
 *
 *   PG_URL=postgres://… npx tsx bench/pgvector.ts --size 200000 [--queries 200] [--json] [--save FILE]
 *
 * Without PG_URL it runs on PGlite (WebAssembly, one core): use a small --size there.
 *
 * Vectors are clustered like real embeddings (unit vectors around a few thousand random
 * centres), not uniform noise, on which no index reaches useful recall; queries are stored
 * vectors moved by noise. Sentences are seed-corpus sentences drawn at random.
 */
import { Command } from 'commander';
import pg from 'pg';
import { readCorpus, readDocuments } from '../src/engine/index/corpus.js';
import { PostgresLexicalSearch } from '../src/engine/lexical/postgres.js';
import { topK } from '../src/engine/stores/memory.js';
import { PgVectorStore } from '../src/engine/stores/pgvector.js';
import { Database, POSTGRES } from '../src/engine/stores/postgres/database.js';
import { startTestPostgres } from '../tests/helpers/pglite.js';
import { writeFile } from 'node:fs/promises';

const program = new Command()
  .option('--size <n>', 'chunk vectors (and sentences) to sync', (v) => Number(v), 20_000)
  .option('--dim <n>', 'vector dimension', (v) => Number(v), 384)
  .option('--queries <n>', 'questions timed', (v) => Number(v), 200)
  .option('--batch <n>', 'records per add() call during the sync', (v) => Number(v), 2000)
  .option('--reuse', 'query the collections an earlier run with the same --size and --dim left (no sync, not timed)')
  .option('--json', 'print one JSON object')
  .option('--save <file>', 'also write the JSON result here')
  .parse();
const opts = program.opts<{ size: number; dim: number; queries: number; batch: number; reuse?: boolean; json?: boolean; save?: string }>();

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}
const noisy = (base: Float32Array, sigma: number) => normalize(base.map((x) => x + sigma * gauss()));

const { size, dim } = opts;
const centres = Array.from({ length: Math.max(10, Math.round(size / 100)) }, () => normalize(Float32Array.from({ length: dim }, gauss)));
const matrix = new Float32Array(size * dim);
for (let i = 0; i < size; i++) matrix.set(noisy(centres[Math.floor(rand() * centres.length)]!, 0.06), i * dim);
const vectorAt = (i: number) => matrix.subarray(i * dim, (i + 1) * dim);

const corpus = await readCorpus('corpus');
const pool = (await readDocuments(corpus)).documents.flatMap((d) => d.sentences.map((s) => d.text.slice(s.contextStart, s.end)));
const sentenceText = (i: number) => `${pool[i % pool.length]} ${pool[(i * 7919) % pool.length]}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1);
};

const external = process.env.PG_URL;
const local = external ? undefined : await startTestPostgres();
const url = external ?? local!.url;
const reset = new pg.Client({ connectionString: url });
await reset.connect();
if (!opts.reuse) await reset.query('DROP SCHEMA IF EXISTS bench_pgvector CASCADE');
const server = (await reset.query<{ v: string }>(`SELECT version() AS v`)).rows[0]!.v.split(' on ')[0];
const vectorVersion = (await reset.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`)).rows[0]?.v;
await reset.end();

const db = await Database.open(url, { schema: 'bench_pgvector' });
const log = (s: string) => process.stderr.write(`${s}\n`);
try {
  const chunks = await PgVectorStore.open(db, 'chunks', dim);
  // The engine only reads sentence vectors by id: no graph to build for them.
  const sentences = await PgVectorStore.open(db, 'sentences', dim, { index: 'none' });
  const lexical = PostgresLexicalSearch.open(db, 'sentences');

  // Sync: what a build writes per chunk (its vector) and per sentence (vector + keyword row).
  let t = performance.now();
  let indexS = 0;
  if (!opts.reuse) await chunks.bulkLoad(async () => {
    for (let i = 0; i < size; i += opts.batch) {
      const ids = Array.from({ length: Math.min(opts.batch, size - i) }, (_, k) => i + k);
      await chunks.add(ids.map((n) => ({ id: `doc${Math.floor(n / 50)}#c${n % 50}`, vector: vectorAt(n) })));
      if ((i / opts.batch) % 10 === 0) log(`chunks ${i + ids.length}/${size}`);
    }
    indexS = performance.now();
    log('building the HNSW index');
  });
  indexS = (performance.now() - indexS) / 1000;
  const chunkSyncS = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < (opts.reuse ? 0 : size); i += opts.batch) {
    const ids = Array.from({ length: Math.min(opts.batch, size - i) }, (_, k) => i + k);
    await sentences.add(ids.map((n) => ({ id: `doc${Math.floor(n / 50)}#s${n % 50}`, vector: vectorAt(n) })));
    await lexical.add(ids.map((n) => ({ id: `doc${Math.floor(n / 50)}#s${n % 50}`, text: sentenceText(n) })));
    if ((i / opts.batch) % 10 === 0) log(`sentences ${i + ids.length}/${size}`);
  }
  const sentenceSyncS = (performance.now() - t) / 1000;

  // Queries: stored vectors moved by noise; exact answers by a full scan in memory.
  const queries = Array.from({ length: opts.queries }, () => noisy(vectorAt(Math.floor(rand() * size)), 0.04));
  const idOf = (n: number) => `doc${Math.floor(n / 50)}#c${n % 50}`;
  const questions = Array.from({ length: opts.queries }, (_, i) => pool[(i * 31) % pool.length]!.split(/\s+/).slice(0, 12).join(' '));
  let found = 0;
  const search10: number[] = [];
  const search40: number[] = [];
  const lexMs: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]!;
    const exact = new Set(topK(matrix, dim, q, 10).map((h) => idOf(h.row)));
    let s = performance.now();
    const hits = await chunks.search(q, 10);
    search10.push(performance.now() - s);
    found += hits.filter((h) => exact.has(h.id)).length;
    s = performance.now();
    const dense = await chunks.search(q, 40);
    search40.push(performance.now() - s);
    s = performance.now();
    const lex = await lexical.search(questions[i]!, 200);
    lexMs.push(performance.now() - s);
    // What ask does per question, in its order: dense and keyword search, then the vectors of
    // the best chunks' sentences (8 chunks × ~6 sentences).
    s = performance.now();
    const [d] = await Promise.all([chunks.search(q, 40), lexical.search(questions[i]!, 200), lexical.idf(['talk', 'russia'])]);
    await sentences.get(d.slice(0, 8).flatMap((h) => Array.from({ length: 6 }, (_, k) => h.id.replace(/#c(\d+)$/, (_m, c: string) => `#s${(Number(c) + k) % 50}`))));
    roundTrip.push(performance.now() - s);
    void dense;
    void lex;
  }
  const result = {
    server,
    pgvector: vectorVersion,
    size,
    dimension: dim,
    hnsw: { m: 16, efConstruction: 64, efSearch: POSTGRES.efSearch },
    synced: !opts.reuse,
    rowsInStore: await chunks.size(),
    syncChunksPerS: Math.round(size / chunkSyncS),
    syncSentencesPerS: Math.round(size / sentenceSyncS),
    syncTotalS: +(chunkSyncS + sentenceSyncS).toFixed(1),
    hnswBuildS: +indexS.toFixed(1),
    recallAt10: +(found / (queries.length * 10)).toFixed(3),
    searchK10Ms: { p50: pct(search10, 50), p95: pct(search10, 95) },
    searchK40Ms: { p50: pct(search40, 50), p95: pct(search40, 95) },
    keywordTop200Ms: { p50: pct(lexMs, 50), p95: pct(lexMs, 95) },
    askRoundTripsMs: { p50: pct(roundTrip, 50), p95: pct(roundTrip, 95) },
    queries: queries.length,
  };
  if (opts.save) await writeFile(opts.save, `${JSON.stringify(result, null, 1)}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else console.log(result);
} finally {
  await db.close();
  await local?.stop();
}
