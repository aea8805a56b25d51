/**
 * The binary vector sidecar: every vector of a store in one file, read back with one readFile.
 *
 * vectra's `index.json` shards stay the inspectable copy (ids, vectors as JSON numbers), but
 * parsing 187k vectors of JSON took ~10 s at 50k chunks; this file holds the same values
 * (rounded the same way) as raw little-endian Float32, so loading is a read and a view.
 *
 * Layout: MAGIC (8 bytes); uint32 LE dimension; uint32 LE count; SHA-256 of the ids in row
 * order joined by "\n" (32 bytes); then count × dimension float32 LE, row after row. The ids
 * themselves are not stored: the manifest lists them, and the digest proves the rows follow that
 * order. Every mismatch is a CorruptIndexError (the engine rebuilds the index).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { CorruptIndexError } from '../../errors.js';
import { MemoryVectorStore } from './memory.js';
import type { IdPositions, VectorHit, VectorRecord, VectorStore } from './types.js';

/** "DQVF" + format 2 of this file (1, on branch issue-15b, had no ids digest), NUL-padded. */
const MAGIC = Buffer.from('DQVF\x00\x00\x00\x02', 'latin1');
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 8 + DIGEST_BYTES;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Reverses the byte order of every 4-byte word (only on big-endian hosts). */
function swap32(bytes: Uint8Array): void {
  // A Buffer view over the same memory: Node's swap32 reverses each 4-byte word in place.
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).swap32();
}

function idsDigest(ids: readonly string[]): Buffer {
  // One update of the joined ids (the same bytes, so the same digest): 137k small updates cost more.
  return createHash('sha256').update(ids.length ? `${ids.join('\n')}\n` : '').digest();
}

/** Writes `matrix` (row i holds `ids[i]`) to `file` via a temporary file, so a reader never sees half of it. */
export async function writeVectorFile(file: string, dimension: number, ids: readonly string[], matrix: Float32Array): Promise<void> {
  if (matrix.length !== ids.length * dimension) throw new Error(`vector data of length ${matrix.length} is not ${ids.length} rows of dimension ${dimension}`);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(dimension, MAGIC.length);
  header.writeUInt32LE(ids.length, MAGIC.length + 4);
  idsDigest(ids).copy(header, MAGIC.length + 8);
  let body = new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength);
  if (!LITTLE_ENDIAN_HOST) {
    body = Uint8Array.from(body);
    swap32(body);
  }
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, Buffer.concat([header, body]));
  await rename(tmp, file);
}

/** Checks magic, dimension, count, ids and length; throws CorruptIndexError. */
function checkHeader(file: string, header: Buffer, fileBytes: number, dimension: number, ids: readonly string[]): void {
  if (fileBytes < HEADER_BYTES || header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptIndexError(`${file} is not a vector file of this version`);
  }
  const dim = header.readUInt32LE(MAGIC.length);
  const count = header.readUInt32LE(MAGIC.length + 4);
  if (dim !== dimension || count !== ids.length) {
    throw new CorruptIndexError(`${file} holds ${count} vectors of dimension ${dim}, the manifest says ${ids.length} of ${dimension}`);
  }
  if (!header.subarray(MAGIC.length + 8, HEADER_BYTES).equals(idsDigest(ids))) {
    throw new CorruptIndexError(`${file} holds other ids (or another order) than the manifest lists`);
  }
  const bytes = HEADER_BYTES + count * dim * 4;
  if (fileBytes !== bytes) throw new CorruptIndexError(`${file} is ${fileBytes} bytes, expected ${bytes} (truncated or padded)`);
}

function unreadable(file: string, err: unknown): CorruptIndexError {
  return new CorruptIndexError(`vector file ${file} is unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
}

/**
 * The vectors of `file` as one Float32Array, row i for `ids[i]`. Throws CorruptIndexError when
 * the file is missing, truncated, padded, of another kind, or disagrees with the manifest's
 * dimension or ids.
 */
export async function readVectorFile(file: string, dimension: number, ids: readonly string[]): Promise<Float32Array> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw unreadable(file, err);
  }
  checkHeader(file, buf, buf.length, dimension, ids);
  const offset = buf.byteOffset + HEADER_BYTES;
  // Small files come from Node's shared buffer pool at any offset; Float32Array needs 4-byte alignment.
  const matrix =
    offset % 4 === 0 ? new Float32Array(buf.buffer, offset, ids.length * dimension) : new Float32Array(Uint8Array.from(buf.subarray(HEADER_BYTES)).buffer);
  if (!LITTLE_ENDIAN_HOST) swap32(new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  return matrix;
}

/** Closes the file of a store nobody uses any more (the engine drops an index on reindex without closing it). */
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

/**
 * A store whose vectors stay in the file and are read by row when asked for (`pread`, served
 * from the OS page cache): for vectors the engine only fetches by id, such as sentence vectors,
 * which are ~200 MB at 50k chunks and of which a question reads a few dozen. The first search,
 * add or delete reads the whole file into memory and works there from then on (nothing in the
 * engine searches or changes a loaded sentence store; builds write new files).
 */
export class FileVectorStore implements VectorStore {
  private memory: MemoryVectorStore | undefined;
  private readonly rows: IdPositions;
  private fd: number | undefined;

  private constructor(
    private readonly file: string,
    fd: number,
    readonly dimension: number,
    private readonly ids: readonly string[],
    positions: IdPositions | undefined,
  ) {
    this.fd = fd;
    this.rows = positions ?? new Map(ids.map((id, row) => [id, row]));
  }

  /**
   * Opens and checks the file (header, ids and length, not every value); throws CorruptIndexError.
   * `positions`: the row of each of `ids`, when the caller has it.
   */
  static async open(file: string, dimension: number, ids: readonly string[], positions?: IdPositions): Promise<FileVectorStore> {
    // A plain descriptor, not a FileHandle: Node closes a FileHandle that is garbage-collected,
    // which on branch issue-15b closed it under a live store (EBADF).
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      throw unreadable(file, err);
    }
    const header = Buffer.alloc(HEADER_BYTES);
    try {
      const bytesRead = readSync(fd, header, 0, HEADER_BYTES, 0);
      checkHeader(file, header.subarray(0, bytesRead), fstatSync(fd).size, dimension, ids);
    } catch (err) {
      closeSync(fd);
      throw err instanceof CorruptIndexError ? err : unreadable(file, err);
    }
    // Kept open while the store lives: reads must not fail because a rebuild replaced the folder.
    const store = new FileVectorStore(file, fd, dimension, ids, positions);
    closeWhenCollected.register(store, fd, store);
    return store;
  }

  /** Writes an empty store to `file` and opens it. */
  static async create(file: string, dimension: number): Promise<FileVectorStore> {
    await writeVectorFile(file, dimension, [], new Float32Array(0));
    return FileVectorStore.open(file, dimension, []);
  }

  private readRow(row: number): Float32Array {
    if (this.fd === undefined) throw new Error(`vector file ${this.file} was closed`);
    const out = new Float32Array(this.dimension);
    const bytes = new Uint8Array(out.buffer);
    const read = readSync(this.fd, bytes, 0, bytes.length, HEADER_BYTES + row * bytes.length);
    if (read !== bytes.length) throw new CorruptIndexError(`${this.file} ended early (row ${row})`);
    if (!LITTLE_ENDIAN_HOST) swap32(bytes);
    return out;
  }

  private inMemory(): MemoryVectorStore {
    if (!this.memory) {
      const all = new Float32Array(this.ids.length * this.dimension);
      for (let row = 0; row < this.ids.length; row++) all.set(this.readRow(row), row * this.dimension);
      this.memory = MemoryVectorStore.fromRows(this.dimension, this.ids, all);
    }
    return this.memory;
  }

  async size(): Promise<number> {
    return this.memory ? this.memory.count : this.ids.length;
  }

  async add(records: readonly VectorRecord[]): Promise<void> {
    await this.inMemory().add(records);
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.inMemory().delete(ids);
  }

  search(query: Float32Array, k: number): Promise<VectorHit[]> {
    return this.inMemory().search(query, k);
  }

  async get(ids: readonly string[]): Promise<(Float32Array | undefined)[]> {
    if (this.memory) return this.memory.get(ids);
    return ids.map((id) => {
      const row = this.rows.get(id);
      return row === undefined ? undefined : this.readRow(row);
    });
  }

  async close(): Promise<void> {
    if (this.fd === undefined) return;
    closeWhenCollected.unregister(this);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
