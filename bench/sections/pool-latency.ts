/**
 * What the worker pool costs a single question when the bot is idle: warm `ask` with the
 * question embedded in-thread vs in the pool (the bot's path), interleaved question by question
 * in one process so machine noise hits both alike.
 */
import type { Config } from '../../src/bootstrap/config.js';
import { OnnxPoolEmbedder } from '../../src/engine/embedders/onnx-pool.js';
import { Engine } from '../../src/engine/engine.js';
import { stats, timeAsync, type Stats } from '../measure.js';

export interface PoolLatencyResult {
  questions: number;
  inThread: Stats;
  pool: Stats;
  workers: number;
  workerThreads: number;
}

export async function poolLatencySection(config: Config, questions: readonly string[], warmup = 20): Promise<PoolLatencyResult> {
  const pool = new OnnxPoolEmbedder({
    modelsDir: config.modelsDir,
    modelId: config.embeddingModel,
    threads: config.embedWorkerThreads,
    workers: config.embedWorkers,
  });
  try {
    // One after the other: the second open reuses the index the first may have built.
    const inThread = await Engine.open(config);
    const [pooled] = await Promise.all([Engine.open(config, { queryEmbedder: pool }), pool.load()]);
    for (const q of questions.slice(0, warmup)) {
      await inThread.ask(q);
      await pooled.ask(q);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (const [i, q] of questions.entries()) {
      // Alternate which goes first so neither always runs on a warmer cache.
      const first = i % 2 === 0 ? inThread : pooled;
      const second = first === inThread ? pooled : inThread;
      const [, t1] = await timeAsync(() => first.ask(q));
      const [, t2] = await timeAsync(() => second.ask(q));
      (first === inThread ? a : b).push(t1);
      (second === inThread ? a : b).push(t2);
    }
    return { questions: questions.length, inThread: stats(a), pool: stats(b), workers: config.embedWorkers, workerThreads: config.embedWorkerThreads };
  } finally {
    await pool.close();
  }
}
