/**
 * Where vectors live. Ids are stable keys (e.g. `guide/cli.md#c3` for a chunk), never positions,
 * so a changed document replaces only its own vectors. Vectors are unit length: the score is
 * cosine similarity.
 */
export interface VectorRecord {
  id: string;
  vector: Float32Array;
}

export interface VectorHit {
  id: string;
  score: number;
}

/** Position of an id among a store's ids in row order, as a Map from id to position would give it. */
export interface IdPositions {
  get(id: string): number | undefined;
}

export interface VectorStore {
  readonly dimension: number;
  /** Number of vectors stored. */
  size(): Promise<number>;
  /** Inserts or replaces by id. */
  add(records: readonly VectorRecord[]): Promise<void>;
  /** Removes ids; unknown ids are ignored. */
  delete(ids: readonly string[]): Promise<void>;
  /** Top-k by cosine similarity, best first. */
  search(query: Float32Array, k: number): Promise<VectorHit[]>;
  /** Stored vectors for ids, `undefined` for unknown ones, in the order asked. */
  get(ids: readonly string[]): Promise<(Float32Array | undefined)[]>;
  close?(): Promise<void>;
}
