/**
 * What a worker process tells the bench: one JSON object per stdout line. Types only, so a
 * worker importing this costs nothing at start-up.
 */
import type { Stats } from './measure.js';

export type WorkerMode = 'build' | 'serve' | 'embed' | 'vectra' | 'update';

export interface ProgressMessage {
  type: 'progress';
  phase: string;
  done: number;
  total: number;
}

export interface ReadyMessage {
  type: 'ready';
  /** `performance.now()` in the worker's own node process when the engine could answer. */
  processMs: number;
}

export interface ResultMessage<T = unknown> {
  type: 'result';
  result: T;
  /** Peak RSS of the worker process, MiB. */
  peakRssMiB: number;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type WorkerMessage = ProgressMessage | ReadyMessage | ResultMessage | ErrorMessage;

export interface BuildResult {
  documents: number;
  chunks: number;
  sentences: number;
  /** Distinct texts the build embedded (identical sentence/chunk texts are embedded once). */
  uniqueTexts: number;
  /** From `Engine.open` being called to the index being written. */
  buildMs: number;
  phases: { prepareMs: number; chunkMs: number; embedMs: number; writeMs: number; loadMs: number };
  indexBytes: number;
  vectorShards: number;
  largestShardBytes: number;
}

export interface LatencyResult {
  questions: number;
  warmup: number;
  /** Sentences in the BM25 index. */
  sentences: number;
  /** Per question: summed document frequency of its terms (the postings BM25 walks, fuzzy matches aside). */
  lexicalPostings: Stats;
  answered: number;
  embed: Stats;
  lexical: Stats;
  retrieve: Stats;
  compose: Stats;
  ask: Stats;
  dense: {
    k: number;
    /** Calls per timing sample: tiny stores are timed over repeated calls for resolution. */
    repeat: number;
    vectors: number;
    store: Stats;
    plain: Stats;
    /** store p50 / plain p50, and the same for means. */
    ratioP50: number;
    ratioMean: number;
    /** Whole hybrid `retrieve()` p50 / plain dense p50. */
    hybridRatioP50: number;
    /** Both return the same top-k ids (sanity check that the comparison is like for like). */
    sameResults: boolean;
  };
}

export interface EmbeddingRun {
  threads: number;
  batchSize: number;
  texts: number;
  rounds: number;
  embedderPerSec: number;
  barePerSec: number;
  /** embedder / bare throughput. */
  ratio: number;
  /** Largest difference between Embedder vectors and pooled bare outputs (same inputs ⇒ ~0). */
  maxAbsDiff: number;
}

export interface EmbeddingResult {
  sample: string;
  meanTokens: number;
  runs: EmbeddingRun[];
}

export interface VectraResult {
  importMs: number;
  loadMs: number;
  vectors: number;
  shards: number;
  query: Stats;
  k: number;
}

/** One file changed under a running engine: what `reindex()` (the watcher's update) costs. */
export interface UpdateResult {
  documents: number;
  file: string;
  /** Wall time of `engine.reindex()` after the change, index loaded and model warm. */
  updateMs: number;
  embedded: number;
  reused: number;
  /** A second one-file update, with questions coming: the longest the event loop went without running a timer (what delays a Discord acknowledgement). */
  maxStallMs: number;
  /** Questions asked as that update started and every 100 ms while it ran, and their p95 latency. */
  asksDuringUpdate: number;
  askP95DuringUpdateMs: number;
}
