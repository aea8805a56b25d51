/**
 * One pool worker: the same in-thread ONNX embedder the rest of the engine uses, loaded once per
 * worker, so a vector from here is bit-for-bit the vector an in-thread run gives.
 */
import { workerData } from 'node:worker_threads';
import { OnnxEmbedder, type EmbedderOptions } from './onnx.js';
import type { EmbedKind } from './types.js';

export type WorkerTask = { op: 'embed'; texts: string[]; kind: EmbedKind } | { op: 'probe' };
export type WorkerResult = Float32Array[] | { dimension: number; maxTokens: number };

const embedder = new OnnxEmbedder(workerData as EmbedderOptions);
// A load failure is kept and rethrown by every task, so callers see the embedder's own message
// instead of the pool's "worker exited".
const loaded: Promise<unknown> = embedder.load().catch((err: unknown) => err);

export default async function run(task: WorkerTask): Promise<WorkerResult> {
  const failure = await loaded;
  if (failure instanceof Error) throw failure;
  if (task.op === 'probe') return { dimension: embedder.dimension, maxTokens: embedder.maxTokens };
  return embedder.embed(task.texts, task.kind);
}
