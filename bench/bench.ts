/**
 * npm run bench [-- --quick] [-- --json] [-- --sizes 1k,10k,50k]
 *
 * Speed, cost and scale of the engine, each next to its raw limit, measured in one run as
 * ratios. Every measurement that loads the engine runs in a fresh worker process (see
 * worker.ts): cold starts are real, and peak RSS belongs to one corpus size. Tables go to
 * stdout (one JSON object with --json); progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseConfig } from '../src/bootstrap/config.js';
import { OnnxEmbedder } from '../src/engine/embedders/onnx.js';
import { median } from './measure.js';
import type { BuildResult, EmbeddingResult, LatencyResult, ProgressMessage, UpdateResult, VectraResult } from './protocol.js';
import { benchQuestions } from './questions.js';
import { checkTargets, markdown, type BenchResult, type Machine, type SizeResult } from './report.js';
import { ROOT, runWorker } from './run-worker.js';
import { seedSentences, syntheticCorpus } from './synthetic-corpus.js';
import { loadSection } from './sections/load.js';
import { poolLatencySection } from './sections/pool-latency.js';
import { pgvectorMarkdown, pgvectorSection, pgvectorUnavailable, type PgvectorResult } from './sections/pgvector.js';
import { readManifest } from '../src/engine/index/snapshot.js';
import { progressReporter } from '../src/bootstrap/progress.js';

function parseSizes(value: string): number[] {
  if (value.trim() === '' || value === 'none') return [];
  return value.split(',').map((raw) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(k?)\s*$/i.exec(raw);
    const n = m ? Math.round(Number(m[1]) * (m[2] ? 1000 : 1)) : NaN;
    if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError(`"${raw}" is not a chunk count such as 1k, 10k, 50k or 300`);
    return n;
  });
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

interface Options {
  quick?: boolean;
  json?: boolean;
  sizes?: number[];
  questions?: number;
  coldRuns?: number;
  rounds?: number;
  threads?: number[];
  embedding: boolean;
  vectra: boolean;
  load: boolean;
  loadRates?: number[];
  loadSeconds?: number;
  reuseIndex?: boolean;
  pgvector: boolean;
  pgvectorSizes?: number[];
  incremental?: string | boolean;
  workDir: string;
  save?: string;
}

const program = new Command('bench')
  .description('Benchmark embedding, index build, query latency, cold start and memory on the seed corpus and synthetic larger ones.')
  .option('--quick', 'short smoke run (seed corpus + a 300-chunk synthetic one, few iterations; < 1 minute)')
  .option('--json', 'print one JSON object instead of Markdown tables')
  .option('--sizes <list>', 'synthetic corpus sizes in chunks, besides the seed corpus (default 1k,10k,50k; quick: 300; "none" for seed only)', parseSizes)
  .option('--questions <n>', 'questions per latency run (default 240; quick: 40)', positive)
  .option('--cold-runs <n>', 'cold starts per corpus size, median reported (default 3; quick: 1); builds are repeated only for the seed corpus', positive)
  .option('--rounds <n>', 'passes over the sample per embedding configuration (default 3; quick: 1)', positive)
  .option('--threads <list>', 'onnxruntime thread counts for the embedding section (default 1,<cores>; quick: <cores>)', (v) => v.split(',').map(positive))
  .option('--no-embedding', 'skip the embedding throughput section')
  .option('--no-vectra', 'skip the raw vectra comparison')
  .option('--incremental <dir>', 'corpus for the incremental-update section: full build, then one changed file (default ../shared/eval/docs/corpus; quick: the seed corpus)')
  .option('--no-incremental', 'skip the incremental-update section')
  .option('--no-load', 'skip the load section (the bot process under /ask at fixed rates; not part of --quick)')
  .option('--load-rates <list>', 'offered /ask rates per second for the load section (default 25,50,100)', (v) => v.split(',').map(positive))
  .option('--load-seconds <n>', 'seconds each load rate is offered (default 4)', positive)
  .option('--no-pgvector', 'skip the Postgres section (it runs when PGBENCH_URL or scripts/pg-native.sh’s server answers)')
  .option('--pgvector-sizes <list>', 'chunk counts for the Postgres section (default: the synthetic sizes and 200k; quick: 300); the embedded backend runs the same workload up to 50k', parseSizes)
  .option('--reuse-index', 'reuse synthetic indexes left in the work folder by an earlier run (their build is not measured)')
  .option('--save <file>', 'also write the JSON result to this file')
  .option('--work-dir <dir>', 'scratch folder for synthetic corpora and indexes', path.join(ROOT, '.bench-tmp'))
  .showHelpAfterError();

const opts = program.parse().opts<Options>();
const quick = opts.quick === true;
const started = performance.now();
const config = parseConfig({ ...process.env, LOG_LEVEL: 'warn' });
const sizes = opts.sizes ?? (quick ? [300] : [1000, 10_000, 50_000]);
const totalQuestions = opts.questions ?? (quick ? 40 : 240);
const coldRuns = opts.coldRuns ?? (quick ? 1 : 3);
const rounds = opts.rounds ?? (quick ? 1 : 3);
const defaultThreads = config.embedThreads;
const threads = opts.threads ?? (quick ? [defaultThreads] : [...new Set([1, defaultThreads])]);
const workDir = path.resolve(opts.workDir);

function status(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

/** The CLI's progress reporter, labelled with the corpus size, logging through `status`. */
function progress(label: string): { update: (p: ProgressMessage) => void; stop: () => void } {
  const r = progressReporter({ label: (phase) => `  ${label} ${phase.padEnd(5)}`, line: status });
  return { update: r.onProgress, stop: r.stop };
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function machine(): Promise<Machine> {
  const version = async (pkg: string) => {
    try {
      return (JSON.parse(await readFile(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    onnxruntimeNode: await version('onnxruntime-node'),
    vectra: await version('vectra'),
    commit: gitCommit(),
    loadAverage: { start: os.loadavg(), end: [] },
  };
}

async function measureSize(label: string, corpusDir: string, targetChunks: number | undefined, questionsFile: string): Promise<SizeResult> {
  const indexDir = path.join(workDir, `index-${label}`);
  const env = { corpusDir, indexDir };
  // Builds are minutes long at scale and their cost is linear: repeat only the small one.
  const buildRuns = targetChunks === undefined ? coldRuns : 1;
  const reuse = opts.reuseIndex === true && targetChunks !== undefined && existsSync(path.join(indexDir, 'CURRENT'));

  let build: SizeResult['build'];
  const noIndexRunsMs: number[] = [];
  if (!reuse) {
    const runs: Array<{ readyMs: number; result: BuildResult; peakRssMiB: number }> = [];
    for (let i = 0; i < buildRuns; i++) {
      await rm(indexDir, { recursive: true, force: true });
      status(`${label}: cold start with no index, building (${i + 1}/${buildRuns})`);
      const bar = progress(label);
      try {
        runs.push(await runWorker<BuildResult>('build', env, {}, bar.update));
      } finally {
        bar.stop();
      }
      noIndexRunsMs.push(runs.at(-1)!.readyMs);
    }
    // The run with the median build time stands for the size.
    const mid = [...runs].sort((a, b) => a.result.buildMs - b.result.buildMs)[Math.floor(runs.length / 2)]!;
    const b = mid.result;
    build = {
      ...b,
      runs: runs.length,
      chunksPerSec: b.chunks / (b.buildMs / 1000),
      embeddedPerSec: b.uniqueTexts / (b.phases.embedMs / 1000),
      peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    };
  } else status(`${label}: reusing the index in ${indexDir} (build not measured)`);

  const withIndexRunsMs: number[] = [];
  let openRss = 0;
  for (let i = 0; i < coldRuns; i++) {
    status(`${label}: cold start with the built index (${i + 1}/${coldRuns})`);
    const run = await runWorker<object>('serve', env);
    withIndexRunsMs.push(run.readyMs);
    openRss = Math.max(openRss, run.peakRssMiB);
  }

  status(`${label}: warm query latency`);
  const q = await runWorker<LatencyResult>('serve', env, { questionsFile, warmup: quick ? 5 : 20 });

  let vectra: SizeResult['vectra'];
  if (opts.vectra) {
    status(`${label}: raw vectra on the same shards`);
    const v = await runWorker<VectraResult>('vectra', env, { queries: quick ? 10 : 50 });
    vectra = { ...v.result, peakRssMiB: v.peakRssMiB };
  }

  const corpus = build
    ? { documents: build.documents, chunks: build.chunks, sentences: build.sentences }
    : await (async () => {
        const read = await readManifest(indexDir);
        if (read.status !== 'ok') throw new Error(`no usable index in ${indexDir} (${read.status})`);
        return { documents: read.manifest.documents.length, ...read.manifest.counts };
      })();
  return {
    label,
    targetChunks,
    corpus,
    build,
    coldStart: {
      withIndexMs: median(withIndexRunsMs),
      withIndexRunsMs,
      ...(noIndexRunsMs.length ? { noIndexMs: median(noIndexRunsMs), noIndexRunsMs } : {}),
      peakRssMiB: openRss,
    },
    query: { ...q.result, peakRssMiB: q.peakRssMiB },
    vectra,
  };
}

/** Full build of a copy of `sourceDir`, then one changed file updated by the running engine. */
async function measureIncremental(sourceDir: string): Promise<NonNullable<BenchResult['incremental']>> {
  const corpusDir = path.join(workDir, 'corpus-incremental');
  const indexDir = path.join(workDir, 'index-incremental');
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  await cp(sourceDir, corpusDir, { recursive: true });
  const files = (await readdir(corpusDir, { recursive: true })).map(String).filter((f) => /\.(md|txt)$/.test(f)).sort();
  // The middle file: neither the first nor the last, nothing special about it.
  const file = files[Math.floor(files.length / 2)]!;
  status(`incremental: full build of ${files.length} files (${sourceDir})`);
  const bar = progress('incremental');
  let full: BuildResult;
  try {
    full = (await runWorker<BuildResult>('build', { corpusDir, indexDir }, {}, bar.update)).result;
  } finally {
    bar.stop();
  }
  status(`incremental: one changed file (${file}), updated by the running engine`);
  const update = (await runWorker<UpdateResult>('update', { corpusDir, indexDir }, { file })).result;
  return { corpus: sourceDir, files: files.length, fullBuildMs: full.buildMs, fullEmbedded: full.uniqueTexts, ...update, ratio: update.updateMs / full.buildMs };
}

function label(chunks: number): string {
  return chunks % 1000 === 0 ? `${chunks / 1000}k` : String(chunks);
}

async function main(): Promise<void> {
  await mkdir(workDir, { recursive: true });
  const info = await machine();
  const seedDir = config.corpusDir;

  const { sentences } = await seedSentences(seedDir);
  const q = await benchQuestions(
    [path.join(ROOT, '..', 'shared', 'eval', 'dev-questions.jsonl'), path.join(ROOT, 'eval', 'heldout-questions.jsonl')],
    sentences,
    totalQuestions,
  );
  const questionsFile = path.join(workDir, 'questions.json');
  await writeFile(questionsFile, JSON.stringify(q.questions));

  const results: SizeResult[] = [];
  status(`seed corpus (${seedDir})`);
  results.push(await measureSize('seed', seedDir, undefined, questionsFile));

  let embedding: BenchResult['embedding'];
  if (opts.embedding) {
    status(`embedding throughput: threads ${threads.join(',')}, batch ${quick ? '1,8' : '1,8,32'}, ${rounds} round(s)`);
    const run = await runWorker<EmbeddingResult>('embed', { corpusDir: seedDir, indexDir: path.join(workDir, 'index-seed') }, {
      threads,
      batchSizes: quick ? [1, 8] : [1, 8, 32],
      rounds,
      texts: quick ? 32 : undefined,
    });
    embedding = { ...run.result, peakRssMiB: run.peakRssMiB, defaultThreads };
  }

  const incrementalDir =
    opts.incremental === false ? undefined : typeof opts.incremental === 'string' ? opts.incremental : quick ? seedDir : path.join(ROOT, '..', 'shared', 'eval', 'docs', 'corpus');
  const incremental = incrementalDir ? await measureIncremental(path.resolve(incrementalDir)) : undefined;

  if (sizes.length) {
    // The generator counts chunks with the engine's tokenizer, so it needs the model (not the index).
    const embedder = new OnnxEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, threads: 1 });
    await embedder.load();
    const countTokens = (text: string) => embedder.countTokens(text);
    const maxTokens = embedder.maxTokens;
    for (const n of sizes) {
      const name = label(n);
      status(`synthetic corpus of ${n} chunks`);
      const corpus = await syntheticCorpus({ seedDir, outDir: path.join(workDir, `corpus-${name}`), targetChunks: n, countTokens, maxTokens });
      status(`  ${corpus.documents} documents, ${corpus.chunks} chunks, ${corpus.sentences} sentences${corpus.reused ? ' (reused)' : ''}`);
      results.push(await measureSize(name, corpus.dir, n, questionsFile));
    }
  }

  let load: BenchResult['load'];
  let poolLatency: BenchResult['poolLatency'];
  if (opts.load && !quick) {
    status('warm ask on the seed corpus: question embedded in-thread vs in the worker pool (interleaved)');
    poolLatency = await poolLatencySection({ ...config, corpusDir: seedDir, indexDir: path.join(workDir, 'index-seed') }, q.questions);
    status(`load: the bot process at ${(opts.loadRates ?? [25, 50, 100]).join(', ')} /ask per second`);
    load = await loadSection({
      corpusDir: seedDir,
      workDir,
      questions: q.questions,
      rates: opts.loadRates ?? [25, 50, 100],
      seconds: opts.loadSeconds ?? 4,
      status,
    });
  }

  let pgvector: PgvectorResult | undefined;
  let pgvectorSkipped: string | undefined;
  if (opts.pgvector) {
    // scripts/pg-native.sh's server on its default port, unless PGBENCH_URL names another.
    const url = process.env.PGBENCH_URL || 'postgres://postgres@127.0.0.1:55432/postgres';
    const why = await pgvectorUnavailable(url);
    if (why) {
      pgvectorSkipped = `Postgres section skipped: no server with pgvector at ${url.replace(/:[^:@/]*@/, ':***@')} (${why}); start one with scripts/pg-native.sh start, or set PGBENCH_URL`;
      status(pgvectorSkipped);
    } else {
      const pgSizes = opts.pgvectorSizes ?? (quick ? [300] : [...sizes, 200_000]);
      status(`Postgres (pgvector) next to the embedded backend: ${pgSizes.join(', ')} chunks`);
      pgvector = await pgvectorSection({ url, sizes: pgSizes, embeddedMax: 50_000, queries: quick ? 20 : 100, dimension: 384, batch: 5000, log: (line) => status(`  ${line}`) });
    }
  }

  info.loadAverage.end = os.loadavg();
  const base: Omit<BenchResult, 'targets'> = {
    version: 1,
    command: `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`.replace(/ --$/, ''),
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: performance.now() - started,
    quick,
    machine: info,
    questions: { total: q.questions.length, fromEval: q.fromEval, generated: q.generated },
    embedding,
    incremental,
    ...(load ? { load } : {}),
    ...(poolLatency ? { poolLatency } : {}),
    sizes: results,
    notes: [
      'Synthetic corpora recombine the seed corpus’s ~230 cleaned sentences; the build embeds each distinct text once, so “distinct texts embedded” (not chunks + sentences) is the embedding work, and chunks/s counts chunks indexed per second of build.',
      'Build wall time runs from Engine.open to the index being written: reading and cleaning documents, model load, chunking, embedding, writing. Cold starts are spawn → “ready” of a fresh `tsx` process (what `npm start` runs), nothing subtracted; files are in the OS page cache.',
      'Dense retrieval compares the engine’s vector store search with a plain loop over a Float32Array copy of the same vectors (same k), interleaved per question in the same process; the hybrid ratio divides the whole retrieve() (BM25 + dense + passage scoring) by that same plain scan.',
      'Peak RSS is each worker process’s maxRSS: build = no-index cold start that builds; open = cold start with the built index; serving = open + all latency runs; raw vectra = vectra LocalIndex loading and querying the chunk shards.',
    ],
  };
  const result: BenchResult & { pgvector?: PgvectorResult; pgvectorSkipped?: string } = {
    ...base,
    targets: checkTargets(base),
    ...(pgvector ? { pgvector } : {}),
    ...(pgvectorSkipped ? { pgvectorSkipped } : {}),
  };
  const postgresTable = pgvector ? `\n### Postgres (pgvector) next to the embedded backend\n\n${pgvectorMarkdown(pgvector)}` : `\n${pgvectorSkipped ?? 'Postgres section not run (--no-pgvector).'}\n`;
  process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : markdown(result) + postgresTable);
  if (opts.save) await writeFile(opts.save, `${JSON.stringify(result, null, 1)}\n`);
  const missed = result.targets.filter((t) => t.met === false);
  status(missed.length ? `done; targets missed: ${missed.map((t) => t.id).join(', ')}` : 'done; every measured target met');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
