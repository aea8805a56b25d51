/**
 * The engine talks to vectors through this interface; `vectra-store.ts` is the implementation.
 * Vectors are unit length, so cosine similarity is a dot product.
 */
export interface VectorHit {
  /** Position of the vector in insertion order (chunk or sentence number). */
  id: number;
  score: number;
}

export interface VectorStore {
  readonly size: number;
  readonly dimension: number;
  /** Top-k by cosine similarity, best first. */
  search(query: Float32Array, k: number): VectorHit[];
  /** The stored vector for an id (a view, do not modify). */
  vector(id: number): Float32Array;
}

export interface VectorStoreWriter {
  /** Appends vectors; ids are assigned in order starting at 0. */
  add(vectors: readonly Float32Array[]): Promise<void>;
  /** Flushes everything to disk. */
  close(): Promise<void>;
}

/**
 * In-memory store over one contiguous Float32Array. Brute force is the right tool at the sizes
 * this bot serves (a 50k × 384 scan is ~20 ms on one core); a min-heap keeps top-k selection
 * O(n log k) instead of sorting every score.
 */
export class MatrixStore implements VectorStore {
  readonly size: number;

  constructor(
    readonly dimension: number,
    private readonly matrix: Float32Array,
  ) {
    this.size = matrix.length / dimension;
  }

  vector(id: number): Float32Array {
    return this.matrix.subarray(id * this.dimension, (id + 1) * this.dimension);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    return topK(this.matrix, this.dimension, query, k);
  }
}

/** Scores every row of `matrix` against `query` and keeps the best k (best first). */
export function topK(matrix: Float32Array, dim: number, query: Float32Array, k: number): VectorHit[] {
  const n = matrix.length / dim;
  const size = Math.min(k, n);
  if (size <= 0) return [];
  // Binary min-heap of the best `size` scores seen so far.
  const ids = new Int32Array(size);
  const scores = new Float32Array(size);
  let count = 0;
  const tail = dim - (dim % 4);
  for (let row = 0; row < n; row++) {
    const off = row * dim;
    // Four independent accumulators let the CPU overlap the multiply-adds (~1.4× measured).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < tail; d += 4) {
      s0 += matrix[off + d]! * query[d]!;
      s1 += matrix[off + d + 1]! * query[d + 1]!;
      s2 += matrix[off + d + 2]! * query[d + 2]!;
      s3 += matrix[off + d + 3]! * query[d + 3]!;
    }
    for (let d = tail; d < dim; d++) s0 += matrix[off + d]! * query[d]!;
    const s = s0 + s1 + s2 + s3;
    if (count < size) {
      let i = count++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (scores[p]! <= s) break;
        scores[i] = scores[p]!;
        ids[i] = ids[p]!;
        i = p;
      }
      scores[i] = s;
      ids[i] = row;
    } else if (s > scores[0]!) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && scores[r]! < scores[l]! ? r : l;
        if (scores[c]! >= s) break;
        scores[i] = scores[c]!;
        ids[i] = ids[c]!;
        i = c;
      }
      scores[i] = s;
      ids[i] = row;
    }
  }
  const out: VectorHit[] = [];
  for (let i = 0; i < count; i++) out.push({ id: ids[i]!, score: scores[i]! });
  return out.sort((a, b) => b.score - a.score);
}
