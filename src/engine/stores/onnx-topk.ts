/**
 * Exact top-k cosine search run by onnxruntime (Gemm + TopK, see scripts/make-dense-topk-model.ts).
 *
 * Why: at 50k chunks the JavaScript scan (`topK` in memory.ts) is most of an answer's search
 * time; onnxruntime's SIMD Gemm over the same Float32Array reads the vectors in place (the
 * tensor wraps the array, no copy). Branch issue-15b measured it at 0.12× the JavaScript loop's
 * time at 50k. Results are the same exact ranking, up to float rounding of near-ties.
 */
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import type { RowHit } from './memory.js';

const MODEL_FILE = fileURLToPath(new URL('./dense-topk.onnx', import.meta.url));

let session: Promise<ort.InferenceSession> | undefined;

/**
 * One session for the process. One thread: the scan is bound by memory bandwidth, and the
 * embedder's session already uses the cores. (Made from the file path because onnxruntime-node
 * 1.14 ignores thread options for sessions made from a buffer.)
 */
function topkSession(): Promise<ort.InferenceSession> {
  session ??= ort.InferenceSession.create(MODEL_FILE, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  return session;
}

export class OnnxTopK {
  private readonly vectors: ort.Tensor;
  readonly size: number;

  /** `matrix`: rows × dimension, not copied; it must not change while this search is used. */
  constructor(
    readonly dimension: number,
    matrix: Float32Array,
  ) {
    this.size = matrix.length / dimension;
    this.vectors = new ort.Tensor('float32', matrix, [this.size, dimension]);
  }

  /** Top-k rows by dot product with `query`, best first. */
  async search(query: Float32Array, k: number): Promise<RowHit[]> {
    const size = Math.min(k, this.size);
    if (size <= 0) return [];
    const s = await topkSession();
    const out = await s.run({
      query: new ort.Tensor('float32', query, [1, this.dimension]),
      vectors: this.vectors,
      k: new ort.Tensor('int64', BigInt64Array.of(BigInt(size)), [1]),
    });
    const scores = out['top_scores']!.data as Float32Array;
    const rows = out['top_ids']!.data as BigInt64Array;
    const hits: RowHit[] = [];
    for (let i = 0; i < size; i++) hits.push({ row: Number(rows[i]!), score: scores[i]! });
    return hits;
  }
}
