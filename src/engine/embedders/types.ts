/**
 * Turns texts into unit-length vectors (so cosine similarity is a dot product). Implementations:
 * the ONNX model (`onnx.ts`) and a deterministic fake for tests (`fake.ts`).
 */
export type EmbedKind = 'query' | 'document';

export interface Embedder {
  /** e.g. `Xenova/all-MiniLM-L6-v2`; recorded in the index so a model change forces a rebuild. */
  readonly modelId: string;
  /** Vector size; valid once `load()` has resolved. */
  readonly dimension: number;
  /** Model input limit in tokens, special tokens included; valid once `load()` has resolved. */
  readonly maxTokens: number;
  /** Loads the model once; concurrent callers share one load. */
  load(): Promise<void>;
  /** Unit vectors, in input order. Queries and documents may be prefixed differently (e5, bge). */
  embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]>;
  /** Tokens the model sees for `text`, special tokens included (valid once loaded). */
  countTokens(text: string): number;
  /** Frees native resources / worker threads. */
  close?(): Promise<void>;
}
