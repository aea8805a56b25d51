/**
 * The bench's result object (what `--json` prints), the target checks, and the Markdown tables.
 */
import path from 'node:path';
import type { Stats } from './measure.js';
import type { LoadResult } from './sections/load.js';
import type { PoolLatencyResult } from './sections/pool-latency.js';
import type { BuildResult, EmbeddingResult, LatencyResult, UpdateResult, VectraResult } from './protocol.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  onnxruntimeNode: string;
  vectra: string;
  /** Commit measured, with "+dirty" when the work tree had uncommitted changes. */
  commit: string;
  loadAverage: { start: number[]; end: number[] };
}

export interface SizeResult {
  label: string;
  /** Chunks asked for (undefined for the seed corpus). */
  targetChunks?: number;
  corpus: { documents: number; chunks: number; sentences: number };
  build?: BuildResult & {
    runs: number;
    /** chunks / build wall time. */
    chunksPerSec: number;
    /** distinct embedded texts / embed phase time. */
    embeddedPerSec: number;
    peakRssMiB: number;
  };
  coldStart: {
    /** Spawn → ready with a built index, ms (median of runs). */
    withIndexMs: number;
    withIndexRunsMs: number[];
    /** Spawn → ready with no index (build included), ms (median of runs). */
    noIndexMs?: number;
    noIndexRunsMs?: number[];
    /** Peak RSS of a process that only opened the engine, MiB. */
    peakRssMiB: number;
  };
  query: LatencyResult & { peakRssMiB: number };
  vectra?: VectraResult & { peakRssMiB: number };
}

export interface Target {
  id: string;
  description: string;
  limit: string;
  /** Measured value in words, or "not measured" when the run did not cover it. */
  measured: string;
  met: boolean | null;
}

export interface BenchResult {
  version: 1;
  command: string;
  startedAt: string;
  durationMs: number;
  quick: boolean;
  machine: Machine;
  questions: { total: number; fromEval: number; generated: number };
  embedding?: EmbeddingResult & { peakRssMiB: number; defaultThreads: number };
  /** Full build of a docs corpus, then one changed file updated by the running engine. */
  incremental?: UpdateResult & { corpus: string; files: number; fullBuildMs: number; fullEmbedded: number; ratio: number };
  load?: LoadResult;
  poolLatency?: PoolLatencyResult;
  sizes: SizeResult[];
  targets: Target[];
  notes: string[];
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const sec = (x: number) => `${(x / 1000).toFixed(2)} s`;
const pct = (s: Stats) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;
const mib = (x: number) => x.toFixed(0);
const ratio = (x: number) => `${x.toFixed(2)}×`;

export function checkTargets(r: Omit<BenchResult, 'targets'>): Target[] {
  const seed = r.sizes.find((s) => s.label === 'seed');
  const big = r.sizes.find((s) => s.targetChunks === 50_000);
  const def = r.embedding?.runs.find((x) => x.batchSize === 1 && x.threads === r.embedding?.defaultThreads);
  const t = (id: string, description: string, limit: string, value: number | undefined, ok: (v: number) => boolean, show: (v: number) => string): Target => ({
    id,
    description,
    limit,
    measured: value === undefined ? 'not measured' : show(value),
    met: value === undefined ? null : ok(value),
  });
  const targets = [
    t('seed-ask-p95', 'Seed corpus: warm ask p95', '≤ 20 ms', seed?.query.ask.p95, (v) => v <= 20, (v) => `${ms(v)} ms`),
    t('seed-build', 'Seed corpus: index build (ingest → write, model load included)', '≤ 3 s', seed?.build?.buildMs, (v) => v <= 3000, sec),
    t('seed-cold-start', 'Seed corpus: cold start with a built index (spawn → ready)', '≤ 2 s', seed?.coldStart.withIndexMs, (v) => v <= 2000, sec),
    t('embedder-ratio', `Embedder throughput vs bare onnxruntime (batch 1, ${r.embedding?.defaultThreads ?? '?'} threads)`, '≥ 0.9×', def?.ratio, (v) => v >= 0.9, ratio),
    t('incremental-update', 'One changed file: incremental update vs full build of the same corpus', '≤ 10 %', r.incremental?.ratio, (v) => v <= 0.1, (v) => `${(100 * v).toFixed(1)} %`),
    // An interaction must be acknowledged within 3 s: an update may never hold the event loop for a large part of that.
    t('update-stall', 'One changed file, updated while asked every 100 ms: longest event-loop stall', '≤ 1 s', r.incremental?.maxStallMs, (v) => v <= 1000, (v) => `${ms(v)} ms`),
    t('50k-dense-ratio', '50k chunks: dense retrieval (vector store search) vs plain brute force, p50', '≤ 1.5×', big?.query.dense.ratioP50, (v) => v <= 1.5, ratio),
    t('50k-hybrid-ratio', '50k chunks: whole hybrid retrieve() (BM25 + dense + passage scoring) vs plain brute force, p50 (strict reading)', '≤ 1.5×', big?.query.dense.hybridRatioP50, (v) => v <= 1.5, ratio),
    t('50k-ask-p95', '50k chunks: warm ask p95', '≤ 60 ms', big?.query.ask.p95, (v) => v <= 60, (v) => `${ms(v)} ms`),
  ];
  if (r.poolLatency) {
    const p = r.poolLatency;
    targets.push(t('pool-ask-p95', 'Seed corpus: warm ask p95, question embedded in the worker pool minus in-thread', '≤ +2 ms', p.pool.p95 - p.inThread.p95, (v) => v <= 2, (v) => `${v >= 0 ? '+' : ''}${ms(v)} ms`));
  }
  if (r.load) {
    const rate = (n: number) => r.load!.rates.find((x) => x.perSecond === n);
    const late = r.load.rates.reduce((n, x) => n + x.late + x.lost + x.duplicated, 0);
    const best = Math.max(...r.load.rates.map((x) => x.answersPerSecond));
    const burst = rate(100);
    targets.push(
      t('load-sustained', 'Bot process: sustained answers/s (best offered rate), with no callback later than 3 s, none lost or duplicated', '≥ 50/s', late === 0 ? best : 0, (v) => v >= 50, (v) => (late === 0 ? `${v.toFixed(1)}/s` : `${late} late/lost/duplicated`)),
      t('load-burst-100', '100 interactions/s: every first callback within 3 s (max time to first callback)', '≤ 3000 ms', burst && burst.late + burst.lost === 0 ? burst.firstCallbackMs.max : burst ? Infinity : undefined, (v) => v <= 3000, (v) => (Number.isFinite(v) ? `${ms(v)} ms` : `${burst!.late} late, ${burst!.lost} lost`)),
    );
  }
  if (r.quick) targets.push(t('quick-duration', '--quick run time', '< 60 s', r.durationMs, (v) => v < 60_000, sec));
  return targets;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function markdown(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`## Benchmark (${r.quick ? 'quick' : 'full'} run)`);
  out.push('');
  out.push(
    `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB.toFixed(0)} GiB, Node ${m.node} on ${m.platform}; commit ${m.commit}; onnxruntime-node ${m.onnxruntimeNode}, vectra ${m.vectra}; ` +
      `load average ${m.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at start. Run took ${sec(r.durationMs)}: \`${r.command}\`.`,
  );
  out.push('');

  const sizes = r.sizes;
  const col = (f: (s: SizeResult) => string) => sizes.map(f);
  const rows: string[][] = [
    ['Documents / chunks / sentences', ...col((s) => `${s.corpus.documents} / ${s.corpus.chunks} / ${s.corpus.sentences}`)],
    ['Distinct texts embedded by the build', ...col((s) => (s.build ? String(s.build.uniqueTexts) : '–'))],
    ['Index build, wall (ingest → write)', ...col((s) => (s.build ? sec(s.build.buildMs) : '–'))],
    ['… chunks/s (distinct texts embedded/s)', ...col((s) => (s.build ? `${s.build.chunksPerSec.toFixed(0)} (${s.build.embeddedPerSec.toFixed(0)})` : '–'))],
    ['… phases: prepare / chunk / embed / write', ...col((s) => (s.build ? [s.build.phases.prepareMs, s.build.phases.chunkMs, s.build.phases.embedMs, s.build.phases.writeMs].map((x) => (x / 1000).toFixed(1)).join(' / ') + ' s' : '–'))],
    ['Index on disk (vector shards; largest index.json)', ...col((s) => (s.build ? `${(s.build.indexBytes / 2 ** 20).toFixed(1)} MiB (${s.build.vectorShards}; ${(s.build.largestShardBytes / 2 ** 20).toFixed(1)} MiB)` : '–'))],
    ['Cold start, built index (spawn → ready)', ...col((s) => sec(s.coldStart.withIndexMs))],
    ['Cold start, no index (build included)', ...col((s) => (s.coldStart.noIndexMs !== undefined ? sec(s.coldStart.noIndexMs) : '–'))],
    ['Warm `ask`, p50 / p95 / p99 ms', ...col((s) => pct(s.query.ask))],
    ['… (a) query embedding', ...col((s) => pct(s.query.embed))],
    ['… (b) retrieval, hybrid `retrieve()`', ...col((s) => pct(s.query.retrieve))],
    ['…… of which BM25 over sentences', ...col((s) => pct(s.query.lexical))],
    ['…… BM25 postings per question, p50 (share of sentences)', ...col((s) => `${s.query.lexicalPostings.p50} (${((100 * s.query.lexicalPostings.p50) / s.query.sentences).toFixed(0)} %)`)],
    ['… (c) quote composition', ...col((s) => pct(s.query.compose))],
    [`Dense top-${sizes[0]?.query.dense.k ?? 40}: vector store p50 / plain Float32Array p50 ms`, ...col((s) => `${ms(s.query.dense.store.p50)} / ${ms(s.query.dense.plain.p50)}`)],
    ['… ratio store / plain (p50; mean)', ...col((s) => `${ratio(s.query.dense.ratioP50)}; ${ratio(s.query.dense.ratioMean)}${s.query.dense.sameResults ? '' : ' (results differ!)'}`)],
    ['… ratio hybrid `retrieve()` / plain dense (p50)', ...col((s) => ratio(s.query.dense.hybridRatioP50))],
    ['Raw vectra: load chunk shards / query top-40 p50', ...col((s) => (s.vectra ? `${sec(s.vectra.loadMs)} / ${ms(s.vectra.query.p50)} ms` : '–'))],
    ['Peak RSS MiB: build / open / serving / raw vectra', ...col((s) => [s.build?.peakRssMiB, s.coldStart.peakRssMiB, s.query.peakRssMiB, s.vectra?.peakRssMiB].map((x) => (x === undefined ? '–' : mib(x))).join(' / '))],
  ];
  out.push(table(['', ...sizes.map((s) => (s.targetChunks ? `${s.label} (synthetic)` : s.label))], rows));
  out.push('');
  out.push(`Latencies over ${r.questions.total} questions (${r.questions.fromEval} dev/held-out eval questions, ${r.questions.generated} generated), after ${sizes[0]?.query.warmup ?? 0} warm-up asks.`);

  if (r.embedding) {
    const e = r.embedding;
    out.push('');
    out.push(`### Embedding throughput (${e.sample}, ${e.meanTokens.toFixed(0)} tokens on average, same process, interleaved)`);
    out.push('');
    out.push(
      table(
        ['threads', 'batch', 'Embedder chunks/s', 'bare onnxruntime chunks/s', 'ratio', 'max |Δ| vs bare'],
        e.runs.map((x) => [String(x.threads), String(x.batchSize), x.embedderPerSec.toFixed(1), x.barePerSec.toFixed(1), ratio(x.ratio), x.maxAbsDiff.toExponential(1)]),
      ),
    );
  }

  if (r.incremental) {
    const i = r.incremental;
    out.push('');
    out.push(`### Incremental update (${i.files} files of \`${path.basename(path.dirname(i.corpus))}/${path.basename(i.corpus)}\`, one sentence appended to \`${i.file}\`)`);
    out.push('');
    out.push(
      table(
        ['', 'wall', 'texts embedded', 'texts reused', 'longest event-loop stall (2nd update, asked every 100 ms)', 'asks meanwhile (p95)'],
        [
          ['Full build (cold process, ingest → write)', sec(i.fullBuildMs), String(i.fullEmbedded), '0', '', ''],
          [
            'Update of the running engine (`reindex()`)',
            `${sec(i.updateMs)} (${(100 * i.ratio).toFixed(1)} %)`,
            String(i.embedded),
            String(i.reused),
            `${ms(i.maxStallMs)} ms`,
            `${i.asksDuringUpdate} (${ms(i.askP95DuringUpdateMs)} ms)`,
          ],
        ],
      ),
    );
  }
  if (r.poolLatency) {
    const p = r.poolLatency;
    out.push('');
    out.push(`### Warm ask, seed corpus: question embedded in-thread vs in the worker pool (${p.workers} worker(s), ${p.workerThreads} thread(s) each; ${p.questions} questions, interleaved)`);
    out.push('');
    out.push(table(['path', 'p50 / p95 / p99 ms'], [['in-thread', pct(p.inThread)], ['worker pool (the bot)', pct(p.pool)]]));
  }
  if (r.load) {
    const l = r.load;
    out.push('');
    out.push(`### Load: the bot process against the fake Discord (deadline ${l.deadlineMs} ms; embedding workers ${l.embedWorkers})`);
    out.push('');
    out.push(
      table(
        ['offered /ask per s', 'sent', 'answers/s', 'first callback p50 / p95 / max ms', 'later than 3 s', 'lost', 'duplicated', 'direct / deferred', 'bot CPU ms per answer: main / other threads', 'load avg'],
        l.rates.map((x) => [
          String(x.perSecond),
          String(x.sent),
          x.answersPerSecond.toFixed(1),
          `${ms(x.firstCallbackMs.p50)} / ${ms(x.firstCallbackMs.p95)} / ${ms(x.firstCallbackMs.max)}`,
          String(x.late),
          String(x.lost),
          String(x.duplicated),
          `${x.direct} / ${x.deferred}`,
          x.cpuPerAnswerMs ? `${x.cpuPerAnswerMs.main.toFixed(2)} / ${x.cpuPerAnswerMs.other.toFixed(2)}` : '–',
          x.loadAverage.toFixed(2),
        ]),
      ),
    );
  }

  out.push('');
  out.push('### Targets');
  out.push('');
  out.push(table(['target', 'limit', 'measured', 'met'], r.targets.map((t) => [t.description, t.limit, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'])));
  if (r.notes.length) {
    out.push('');
    for (const n of r.notes) out.push(`- ${n}`);
  }
  return `${out.join('\n')}\n`;
}
