/**
 * Vectors persisted as vectra LocalIndex folders, one per shard of SHARD_SIZE vectors.
 *
 * Why shards: vectra keeps a whole index as one JSON string, so inserts grow quadratically
 * (each insert scans for duplicate ids), and past ~66k items saving fails with
 * "RangeError: Invalid string length". Shards keep every write small and bounded.
 *
 * Why the read side does not go through vectra: `import('vectra')` costs ~0.6 s and ~110 MB
 * (it pulls in wink-nlp and OpenAI clients), and its `queryItems` sorts every score of
 * `number[]` vectors. Loading reads vectra's own index.json format into one Float32Array and
 * searches that (see MatrixStore), which keeps start-up and queries fast.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { MatrixStore, type VectorStoreWriter } from './vector-store.js';

export const SHARD_SIZE = 5000;

export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError';
}

/** Six decimals keep cosine scores exact to ~1e-6 and halve the size of index.json. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A vector as it will read back from disk, so a freshly built index serves the same values. */
export function atStoredPrecision(v: Float32Array): Float32Array {
  return v.map(round);
}

export class VectraStoreWriter implements VectorStoreWriter {
  private pending: Float32Array[] = [];
  private written = 0;
  private shards = 0;

  constructor(
    private readonly dir: string,
    private readonly shardSize = SHARD_SIZE,
  ) {}

  async add(vectors: readonly Float32Array[]): Promise<void> {
    for (const v of vectors) {
      this.pending.push(v);
      if (this.pending.length >= this.shardSize) await this.flush();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.shards === 0) await this.writeShard([]); // an empty store is still a valid store
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await this.writeShard(batch);
  }

  private async writeShard(batch: Float32Array[]): Promise<void> {
    const { LocalIndex } = await import('vectra');
    const shardDir = path.join(this.dir, shardName(this.shards++));
    await mkdir(shardDir, { recursive: true });
    const index = new LocalIndex(shardDir);
    await index.createIndex({ version: 1, deleteIfExists: true });
    const first = this.written;
    // batchInsertItems wraps the batch in one beginUpdate/endUpdate: a single write of index.json.
    await index.batchInsertItems(
      batch.map((v, i) => ({ id: String(first + i), vector: Array.from(v, round), metadata: {} })),
    );
    this.written += batch.length;
  }
}

function shardName(n: number): string {
  return `shard-${String(n).padStart(4, '0')}`;
}

/** Loads every shard under `dir` into one MatrixStore, checking ids, count and dimension. */
export async function loadVectraStore(dir: string, dimension: number, expectedCount: number): Promise<MatrixStore> {
  let shards: string[];
  try {
    shards = (await readdir(dir)).filter((d) => d.startsWith('shard-')).sort();
  } catch {
    throw new CorruptIndexError(`vector folder ${dir} is missing`);
  }
  const matrix = new Float32Array(expectedCount * dimension);
  let seen = 0;
  for (const shard of shards) {
    const file = path.join(dir, shard, 'index.json');
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new CorruptIndexError(`${file} is unreadable (${(err as Error).message})`);
    }
    // Checked by hand rather than with zod: a schema over millions of numbers costs seconds.
    const items = (data as { items?: unknown }).items;
    if (!Array.isArray(items)) throw new CorruptIndexError(`${file} has no items array`);
    for (const item of items as Array<{ id?: unknown; vector?: unknown }>) {
      const id = Number(item.id);
      const vec = item.vector;
      if (!Number.isInteger(id) || id < 0 || id >= expectedCount || !Array.isArray(vec) || vec.length !== dimension) {
        throw new CorruptIndexError(`${file} holds an item that does not match the manifest (id ${String(item.id)})`);
      }
      matrix.set(vec as number[], id * dimension);
      seen++;
    }
  }
  if (seen !== expectedCount) {
    throw new CorruptIndexError(`${dir} holds ${seen} vectors, the manifest says ${expectedCount}`);
  }
  return new MatrixStore(dimension, matrix);
}
