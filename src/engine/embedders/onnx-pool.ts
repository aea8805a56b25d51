/**
 * The ONNX embedder in worker threads. onnxruntime-node runs a session synchronously, so an
 * in-thread embedding blocks the event loop for its whole duration; a bot that must acknowledge
 * interactions within 3 s cannot afford that. Here the main thread only tokenizes for
 * `countTokens` and routes texts to workers.
 *
 * Why piscina rather than bare `node:worker_threads`: it already does the queueing, the
 * per-worker hand-off, restarting a crashed worker and clean shutdown, which would otherwise be
 * a hand-written pool (see the developers' guide).
 *
 * Each worker runs the very same in-thread embedder with the same options (batch size included),
 * so vectors are identical to an in-thread run; texts of one `embed` call stay together in one
 * task so batching behaves as it does in-thread.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env as transformersEnv, type PreTrainedTokenizer } from '@xenova/transformers';
import { Piscina } from 'piscina';
import { EmbedderError, type EmbedderOptions } from './onnx.js';
import type { Embedder, EmbedKind } from './types.js';
import type { WorkerResult, WorkerTask } from './onnx-worker.js';

export interface OnnxPoolOptions extends EmbedderOptions {
  /** Worker threads, each with its own ONNX session (see `defaultEmbedWorkers`). */
  workers: number;
}

/** The worker module: from source (run through tsx), a plain-JS entry that loads the TS worker. */
function workerFile(): string {
  const self = fileURLToPath(import.meta.url);
  const dir = path.dirname(self);
  return self.endsWith('.ts') ? path.join(dir, 'onnx-worker-entry.mjs') : path.join(dir, 'onnx-worker.js');
}

export class OnnxPoolEmbedder implements Embedder {
  readonly modelId: string;
  readonly #opts: OnnxPoolOptions;
  #pool: Piscina<WorkerTask, WorkerResult> | undefined;
  #tokenizer: PreTrainedTokenizer | undefined;
  #dimension = 0;
  #maxTokens = 0;
  #loading: Promise<void> | undefined;

  constructor(opts: OnnxPoolOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new EmbedderError(`the embedding pool needs at least one worker (got ${opts.workers})`);
    this.#opts = opts;
    this.modelId = opts.modelId;
  }

  get workers(): number {
    return this.#opts.workers;
  }

  get dimension(): number {
    if (!this.#dimension) throw new EmbedderError('OnnxPoolEmbedder.dimension read before load()');
    return this.#dimension;
  }

  get maxTokens(): number {
    if (!this.#maxTokens) throw new EmbedderError('OnnxPoolEmbedder.maxTokens read before load()');
    return this.#maxTokens;
  }

  /** Tasks waiting for a free worker (not counting those running). */
  get queued(): number {
    return this.#pool?.queueSize ?? 0;
  }

  load(): Promise<void> {
    this.#loading ??= this.#load().catch(async (err: unknown) => {
      await this.close();
      this.#loading = undefined; // a later call may retry once the files are fixed
      throw err;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    const { workers, ...embedderOptions } = this.#opts;
    this.#pool = new Piscina<WorkerTask, WorkerResult>({
      filename: workerFile(),
      minThreads: workers,
      maxThreads: workers,
      // One task per worker at a time: a second one would only wait behind the synchronous run.
      concurrentTasksPerWorker: 1,
      // Workers idle between tasks with an event loop of their own (no Atomics.wait blocking them).
      atomics: 'disabled',
      idleTimeout: Infinity,
      workerData: embedderOptions,
    });
    // Every worker loads its model at start; one probe per worker surfaces a load error (with the
    // embedder's own message) here rather than at the first question.
    const probes = await Promise.all(Array.from({ length: workers }, () => this.#run({ op: 'probe' })));
    const probe = probes[0] as { dimension: number; maxTokens: number };
    transformersEnv.localModelPath = this.#opts.modelsDir;
    transformersEnv.allowLocalModels = true;
    transformersEnv.allowRemoteModels = this.#opts.allowRemote ?? false;
    this.#tokenizer = await AutoTokenizer.from_pretrained(this.#opts.modelId, { quantized: true });
    this.#dimension = probe.dimension;
    this.#maxTokens = probe.maxTokens;
  }

  async #run(task: WorkerTask): Promise<WorkerResult> {
    if (!this.#pool) throw new EmbedderError('the embedding pool is closed');
    try {
      return await this.#pool.run(task);
    } catch (err) {
      // Errors cross the thread boundary as plain Errors: restore the user-facing kind.
      const message = err instanceof Error ? err.message : String(err);
      throw new EmbedderError(message);
    }
  }

  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    if (!this.#pool || !this.#dimension) await this.load();
    if (texts.length === 0) return [];
    return (await this.#run({ op: 'embed', texts: [...texts], kind })) as Float32Array[];
  }

  countTokens(text: string): number {
    if (!this.#tokenizer) throw new EmbedderError('OnnxPoolEmbedder.countTokens called before load()');
    return this.#tokenizer.encode(text).length;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    this.#dimension = 0;
    await pool?.destroy();
  }
}
