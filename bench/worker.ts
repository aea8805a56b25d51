/**
 * One measurement in a fresh process, so cold starts are real and peak RSS belongs to one corpus
 * size. Usage (spawned by bench.ts): `tsx bench/worker.ts <mode> '<json options>'` with CORPUS_DIR
 * and INDEX_DIR in the environment. Talks JSON lines on stdout (see protocol.ts).
 *
 * Only the config and the engine are imported before "ready": anything bench-only is loaded
 * afterwards, so the cold-start time is the engine's, not the bench's.
 */
import { parseConfig } from '../src/bootstrap/config.js';
import { Engine } from '../src/engine/engine.js';
import type { BuildResult, WorkerMessage, WorkerMode } from './protocol.js';

function send(msg: WorkerMessage): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

const mode = process.argv[2] as WorkerMode;
const options = JSON.parse(process.argv[3] ?? '{}') as { file?: string; questionsFile?: string; warmup?: number; threads?: number[]; batchSizes?: number[]; rounds?: number; texts?: number; queries?: number };
const config = parseConfig(process.env);

async function main(): Promise<unknown> {
  if (mode === 'vectra') {
    // Raw vectra on the engine's own shards: nothing of the engine is loaded first.
    const { vectraSection } = await import('./sections/vectra.js');
    return vectraSection(config.indexDir, options.queries ?? 50);
  }

  const openStart = performance.now();
  const marks: Partial<Record<'firstChunk' | 'chunkEnd' | 'embedEnd' | 'writeStart' | 'writeEnd', number>> = {};
  let lastSent = 0;
  const engine = await Engine.open(config, {
    onProgress: (p) => {
      // A serving run must reuse the index: fail in the first step of a rebuild, not minutes later.
      if (mode !== 'build') throw new Error(`the index in ${config.indexDir} was not reused (stale or corrupt: did the engine's source change since it was built?)`);
      const now = performance.now();
      if (p.phase === 'chunk') {
        marks.firstChunk ??= now;
        if (p.done >= p.total) marks.chunkEnd = now;
      } else if (p.phase === 'embed' && p.done >= p.total) marks.embedEnd = now;
      else if (p.phase === 'write') {
        if (p.done === 0) marks.writeStart = now;
        else marks.writeEnd = now;
      }
      // Throttled: a 50k build reports thousands of steps.
      if (now - lastSent > 200 || p.done >= p.total) {
        lastSent = now;
        send({ type: 'progress', phase: p.phase, done: p.done, total: p.total });
      }
    },
  });
  send({ type: 'ready', processMs: performance.now() });

  if (mode === 'build') {
    if (engine.status.rebuilt !== 'missing') throw new Error(`expected to build a new index, but the index was ${engine.status.rebuilt ?? 'reused'}`);
    const readyAt = performance.now();
    const { indexShape } = await import('./sections/build.js');
    const shape = await indexShape(engine, config.indexDir);
    const m = {
      firstChunk: marks.firstChunk ?? openStart,
      chunkEnd: marks.chunkEnd ?? openStart,
      embedEnd: marks.embedEnd ?? openStart,
      writeStart: marks.writeStart ?? openStart,
      writeEnd: marks.writeEnd ?? readyAt,
    };
    const result: BuildResult = {
      documents: engine.status.documents,
      chunks: engine.status.chunks,
      sentences: engine.status.sentences,
      ...shape,
      buildMs: m.writeEnd - openStart,
      phases: {
        prepareMs: m.firstChunk - openStart,
        chunkMs: m.chunkEnd - m.firstChunk,
        embedMs: m.embedEnd - m.chunkEnd,
        writeMs: m.writeEnd - m.writeStart,
        loadMs: readyAt - m.writeEnd,
      },
    };
    return result;
  }
  if (engine.status.rebuilt) throw new Error(`expected a built index in ${config.indexDir}, but it was rebuilt (${engine.status.rebuilt})`);
  if (mode === 'serve') {
    if (!options.questionsFile) return {};
    const { querySection } = await import('./sections/query.js');
    return querySection(engine, options.questionsFile, options.warmup ?? 20);
  }
  if (mode === 'update') {
    const { updateSection } = await import('./sections/incremental.js');
    if (!options.file) throw new Error('update mode needs a file to change');
    return updateSection(engine, config.corpusDir, options.file);
  }
  if (mode === 'embed') {
    const { embeddingSection } = await import('./sections/embedding.js');
    return embeddingSection(engine, config, {
      threads: options.threads ?? [config.embedThreads],
      batchSizes: options.batchSizes ?? [1],
      rounds: options.rounds ?? 1,
      texts: options.texts,
    });
  }
  throw new Error(`unknown worker mode ${String(mode)}`);
}

try {
  const result = await main();
  send({ type: 'result', result, peakRssMiB: process.resourceUsage().maxRSS / 1024 });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
}
