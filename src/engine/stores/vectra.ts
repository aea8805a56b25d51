/**
 * The embedded default store: vectors persisted as vectra LocalIndex folders, one per shard of
 * SHARD_SIZE vectors, with the stable keys (`guide/cli.md#c3`) as vectra item ids. In memory the
 * vectors live in a MemoryVectorStore: this store READS VECTRA'S FILES INTO ONE Float32Array and
 * searches that, it does not query through vectra.
 *
 * Why shards: vectra keeps a whole index as one JSON string, so inserts grow quadratically
 * (each insert scans for duplicate ids), and past ~66k items saving fails with
 * "RangeError: Invalid string length". Shards keep every write small and bounded.
 *
 * Why the read side does not go through vectra: `import('vectra')` costs ~0.6 s and ~110 MB
 * (it pulls in wink-nlp and OpenAI clients), and its `queryItems` sorts every score of
 * `number[]` vectors. Reading vectra's own index.json format into one Float32Array keeps
 * start-up and queries fast.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { CorruptIndexError } from '../../errors.js';
import { MemoryVectorStore, type RowHit } from './memory.js';
import { OnnxTopK } from './onnx-topk.js';
import type { IdPositions, VectorHit, VectorRecord, VectorStore } from './types.js';
import { FileVectorStore, readVectorFile, writeVectorFile } from './vector-file.js';

/**
 * Each shard is written with one synchronous insert and JSON.stringify inside vectra, which holds
 * the event loop in proportion to its size: 5,000 vectors held it ~0.6 s per shard in a 50k-chunk
 * update; 1,000 keeps each stall of an index update short for a bot still answering
 * (domain/time-slice.ts). The load path reads the binary sidecar, not the shards.
 */
export const SHARD_SIZE = 1000;

/** Six decimals keep cosine scores exact to ~1e-6 and halve the size of index.json. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A vector as it will read back from disk, so a freshly built index serves the same values. */
export function atStoredPrecision(v: Float32Array): Float32Array {
  return v.map(round);
}

/** The binary copy of a store's vectors (vector-file.ts), next to its vectra folder: `vectors/chunks.f32`. */
export function sidecarFile(dir: string): string {
  return `${dir}.f32`;
}

function shardName(n: number): string {
  return `shard-${String(n).padStart(4, '0')}`;
}

export class VectraVectorStore implements VectorStore {
  /** The search `search` runs (onnxruntime over the rows in place); dropped when rows change. */
  private onnx: OnnxTopK | undefined;

  private constructor(
    /** Folder holding the `shard-NNNN` vectra indexes. */
    readonly dir: string,
    /** The vectors, as served. */
    readonly memory: MemoryVectorStore,
    private readonly shardSize: number,
  ) {}

  /** An empty store that will write to `dir` on `flush()`. */
  static create(dir: string, dimension: number, opts: { capacity?: number; shardSize?: number } = {}): VectraVectorStore {
    return new VectraVectorStore(dir, new MemoryVectorStore(dimension, opts.capacity ?? 0), opts.shardSize ?? SHARD_SIZE);
  }

  /**
   * Reads every shard under `dir`. With `expectedIds` the rows follow that order and every id
   * must be present exactly once (the manifest's view of the store); without, file order.
   */
  static async load(dir: string, dimension: number, expectedIds?: readonly string[]): Promise<VectraVectorStore> {
    let shards: string[];
    try {
      shards = (await readdir(dir)).filter((d) => d.startsWith('shard-')).sort();
    } catch {
      throw new CorruptIndexError(`vector folder ${dir} is missing`);
    }
    // With expected ids every vector goes straight to its row; otherwise rows follow file order.
    const fileOrder: string[] = [];
    const rowOf = new Map((expectedIds ?? []).map((id, row) => [id, row]));
    let matrix = new Float32Array((expectedIds?.length ?? 0) * dimension);
    const filled = new Uint8Array(expectedIds?.length ?? 0);
    const unordered: number[][] = [];
    for (const shard of shards) {
      const file = path.join(dir, shard, 'index.json');
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new CorruptIndexError(`${file} is unreadable (${(err as Error).message})`);
      }
      // Checked by hand rather than with zod: a schema over millions of numbers costs seconds.
      const list = (data as { items?: unknown }).items;
      if (!Array.isArray(list)) throw new CorruptIndexError(`${file} has no items array`);
      for (const item of list as Array<{ id?: unknown; vector?: unknown }>) {
        const id = item.id;
        const vec = item.vector;
        const row = typeof id === 'string' ? rowOf.get(id) : undefined;
        const fits = typeof id === 'string' && (expectedIds ? row !== undefined && !filled[row] : !rowOf.has(id));
        if (!fits || !Array.isArray(vec) || vec.length !== dimension) {
          throw new CorruptIndexError(`${file} holds an item that does not match the manifest (id ${String(id)})`);
        }
        if (row !== undefined) {
          filled[row] = 1;
          matrix.set(vec as number[], row * dimension);
        } else {
          rowOf.set(id as string, fileOrder.push(id as string) - 1);
          unordered.push(vec as number[]);
        }
      }
    }
    if (expectedIds) {
      const seen = filled.reduce((a, b) => a + b, 0);
      if (seen !== expectedIds.length) throw new CorruptIndexError(`${dir} holds ${seen} vectors, the manifest says ${expectedIds.length}`);
    } else {
      matrix = new Float32Array(fileOrder.length * dimension);
      unordered.forEach((v, row) => matrix.set(v, row * dimension));
    }
    const ids = expectedIds ?? fileOrder;
    const memory = MemoryVectorStore.fromRows(dimension, ids, matrix);
    return new VectraVectorStore(dir, memory, SHARD_SIZE);
  }

  /**
   * The store from its binary sidecar, rows in the order of `ids` (the manifest's), without
   * parsing vectra's JSON (~10 s at 50k chunks). Throws CorruptIndexError when the sidecar is
   * missing or disagrees with `ids`.
   */
  static async loadSidecar(dir: string, dimension: number, ids: readonly string[], positions?: IdPositions): Promise<VectraVectorStore> {
    const matrix = await readVectorFile(sidecarFile(dir), dimension, ids);
    return new VectraVectorStore(dir, MemoryVectorStore.fromRows(dimension, ids, matrix, positions), SHARD_SIZE);
  }

  /** The sidecar opened by row, vectors left on disk: for stores only ever read by id. */
  static openSidecarByRow(dir: string, dimension: number, ids: readonly string[], positions?: IdPositions): Promise<FileVectorStore> {
    return FileVectorStore.open(sidecarFile(dir), dimension, ids, positions);
  }

  get dimension(): number {
    return this.memory.dimension;
  }

  size(): Promise<number> {
    return this.memory.size();
  }

  /** Vectors are kept at the precision they are written with, so serving before and after a reload agrees. */
  add(records: readonly VectorRecord[]): Promise<void> {
    this.onnx = undefined;
    return this.memory.add(records.map((r) => ({ id: r.id, vector: atStoredPrecision(r.vector) })));
  }

  delete(ids: readonly string[]): Promise<void> {
    this.onnx = undefined;
    return this.memory.delete(ids);
  }

  /** Exact top-k in onnxruntime (SIMD); the same ranking as `searchRows` up to float near-ties. */
  async search(query: Float32Array, k: number): Promise<VectorHit[]> {
    this.onnx ??= new OnnxTopK(this.dimension, this.memory.vectors());
    const hits = await this.onnx.search(query, k);
    return hits.map((h) => ({ id: this.memory.idAt(h.row), score: h.score }));
  }

  searchRows(query: Float32Array, k: number): RowHit[] {
    return this.memory.searchRows(query, k);
  }

  get(ids: readonly string[]): Promise<(Float32Array | undefined)[]> {
    return this.memory.get(ids);
  }

  /**
   * Writes every vector to `dir` as vectra shards (the inspectable copy), replacing what was
   * there, and to the binary sidecar next to it (what loading reads).
   */
  async flush(): Promise<void> {
    // LocalIndex alone: vectra's entry point also loads its OpenAI tokenizers, which held a running
    // bot's event loop ~1.2 s at its first index update (LocalIndex by itself: ~0.2 s).
    const { LocalIndex } = await import('vectra/lib/LocalIndex.js');
    await rm(this.dir, { recursive: true, force: true });
    const n = this.memory.count;
    await mkdir(path.dirname(this.dir), { recursive: true });
    const ids = Array.from({ length: n }, (_, row) => this.memory.idAt(row));
    // Rounded like the JSON, so both copies hold the same values (add() already rounds).
    await writeVectorFile(sidecarFile(this.dir), this.dimension, ids, this.memory.vectors());
    let shard = 0;
    // An empty store is still a valid store: one empty shard.
    for (let first = 0; first === 0 || first < n; first += this.shardSize) {
      const shardDir = path.join(this.dir, shardName(shard++));
      await mkdir(shardDir, { recursive: true });
      const index = new LocalIndex(shardDir);
      await index.createIndex({ version: 1, deleteIfExists: true });
      const rows = Array.from({ length: Math.min(this.shardSize, n - first) }, (_, i) => first + i);
      // batchInsertItems wraps the batch in one beginUpdate/endUpdate: a single write of index.json.
      await index.batchInsertItems(rows.map((row) => ({ id: this.memory.idAt(row), vector: Array.from(this.memory.row(row), round), metadata: {} })));
    }
  }

  async close(): Promise<void> {}
}
