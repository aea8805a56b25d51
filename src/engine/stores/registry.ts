/**
 * Vector store name → implementation. A new store (pgvector…) is one file plus one entry in
 * VECTOR_STORES. The index build creates two stores (chunks, sentences) per build folder and
 * flushes them before the build is committed; loading opens them with the ids the manifest lists.
 */
import { CorruptIndexError } from '../../errors.js';
import { MemoryVectorStore } from './memory.js';
import type { IdPositions, VectorStore } from './types.js';
import { VectraVectorStore } from './vectra.js';

export interface StoreLocation {
  /** Folder of this store inside the build folder. */
  dir: string;
  dimension: number;
  /** Ids the store must hold, in row order (when opening); expected count (when creating). */
  ids?: readonly string[];
  /** Position of each of `ids`, when the caller has it: opening need not map 100k+ ids again. */
  positions?: IdPositions;
  /**
   * How the engine reads an opened store: `by-id` when it only fetches vectors by id (sentence
   * vectors), so a store may leave them on disk; `scan` (default) when it searches them.
   */
  access?: 'scan' | 'by-id';
}

/** A store an index build writes: `flush` makes everything added durable. */
export interface WritableVectorStore extends VectorStore {
  flush(): Promise<void>;
}

export interface VectorStoreEntry {
  create(at: StoreLocation): WritableVectorStore;
  open(at: StoreLocation): Promise<VectorStore>;
}

export const VECTOR_STORES: Readonly<Record<string, VectorStoreEntry>> = {
  vectra: {
    create: (at) => VectraVectorStore.create(at.dir, at.dimension, { capacity: at.ids?.length }),
    // With the manifest's ids, the binary sidecar; without, vectra's JSON (ids in file order).
    open: (at) =>
      !at.ids
        ? VectraVectorStore.load(at.dir, at.dimension)
        : at.access === 'by-id'
          ? VectraVectorStore.openSidecarByRow(at.dir, at.dimension, at.ids, at.positions)
          : VectraVectorStore.loadSidecar(at.dir, at.dimension, at.ids, at.positions),
  },
  /** Not persistent: for tests and throwaway engines. */
  memory: {
    create: (at) => Object.assign(new MemoryVectorStore(at.dimension, at.ids?.length ?? 0), { flush: async () => {} }),
    // Nothing was kept: to the engine this is an index to rebuild.
    open: async () => {
      throw new CorruptIndexError('the memory vector store keeps nothing on disk to open');
    },
  },
};

export const DEFAULT_VECTOR_STORE = 'vectra';

export function vectorStore(name: string = DEFAULT_VECTOR_STORE): VectorStoreEntry {
  const entry = VECTOR_STORES[name];
  if (!entry) throw new Error(`unknown vector store "${name}" (known: ${Object.keys(VECTOR_STORES).join(', ')})`);
  return entry;
}
