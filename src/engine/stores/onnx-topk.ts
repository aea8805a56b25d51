/**
 * Exact top-k cosine search run by onnxruntime (Gemm + TopK, see scripts/make-dense-topk-model.ts).
 *
 * Why: at 50k chunks the JavaScript scan (`topK` in memory.ts) is most of an answer's search
 * time; onnxruntime's SIMD Gemm over the same Float32Array reads the vectors in place (the
 * tensor wraps the array, no copy). Branch issue-15b measured it at 0.12× the JavaScript loop's
 * time at 50k. Results are the same exact ranking, up to float rounding of near-ties.
 */
import { fileURLToPath } from 'node:url';
import type ort from 'onnxruntime-node';
import type { RowHit } from './memory.js';

const MODEL_FILE = fileURLToPath(new URL('./dense-topk.onnx', import.meta.url));

/** onnxruntime, imported by the first search rather than at start (the embedder imports it then too). */
let runtime: Promise<typeof ort> | undefined;
let session: Promise<ort.InferenceSession> | undefined;

function onnxRuntime(): Promise<typeof ort> {
  // A CommonJS module: its exports are `default` under Node's interop, the namespace itself under tsx's.
  runtime ??= import('onnxruntime-node').then((m) => (m as { default?: typeof ort }).default ?? (m as unknown as typeof ort));
  return runtime;
}

/**
 * One session for the process. One thread: the scan is bound by memory bandwidth, and the
 * embedder's session already uses the cores. (Made from the file path because onnxruntime-node
 * 1.14 ignores thread options for sessions made from a buffer.)
 */
function topkSession(): Promise<ort.InferenceSession> {
  session ??= onnxRuntime().then((o) => o.InferenceSession.create(MODEL_FILE, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' }));
  return session;
}

export class OnnxTopK {
  /** The rows as a tensor (wrapping the array), made by the first search. */
  private vectors: ort.Tensor | undefined;
  readonly size: number;

  /** `matrix`: rows × dimension, not copied; it must not change while this search is used. */
  constructor(
    readonly dimension: number,
    private readonly matrix: Float32Array,
  ) {
    this.size = matrix.length / dimension;
  }

  /** Top-k rows by dot product with `query`, best first. */
  async search(query: Float32Array, k: number): Promise<RowHit[]> {
    const size = Math.min(k, this.size);
    if (size <= 0) return [];
    const [o, s] = await Promise.all([onnxRuntime(), topkSession()]);
    this.vectors ??= new o.Tensor('float32', this.matrix, [this.size, this.dimension]);
    const out = await s.run({
      query: new o.Tensor('float32', query, [1, this.dimension]),
      vectors: this.vectors,
      k: new o.Tensor('int64', BigInt64Array.of(BigInt(size)), [1]),
    });
    const scores = out['top_scores']!.data as Float32Array;
    const rows = out['top_ids']!.data as BigInt64Array;
    const hits: RowHit[] = [];
    for (let i = 0; i < size; i++) hits.push({ row: Number(rows[i]!), score: scores[i]! });
    return hits;
  }
}
