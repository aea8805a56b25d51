/**
 * The VectorStore contract, run against every implementation. A new store (pgvector…) is
 * tested by adding one line to STORES.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../../src/domain/vector.js';
import { MemoryVectorStore } from '../../../../src/engine/stores/memory.js';
import type { VectorStore } from '../../../../src/engine/stores/types.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { FileVectorStore } from '../../../../src/engine/stores/vector-file.js';
import { tempDir } from '../../../helpers/fake-engine.js';

const STORES: [string, (dimension: number) => Promise<VectorStore>][] = [
  ['memory', async (dimension) => new MemoryVectorStore(dimension)],
  ['vectra', async (dimension) => VectraVectorStore.create(tempDir('vectra'), dimension)],
  ['file (binary sidecar)', (dimension) => FileVectorStore.create(path.join(tempDir('vector-file'), 'v.f32'), dimension)],
];

const unit = (...xs: number[]) => normalize(Float32Array.from(xs));

describe.each(STORES)('VectorStore contract: %s', (_name, create) => {
  it('adds vectors under their ids and finds the nearest ones first', async () => {
    const store = await create(3);
    await store.add([
      { id: 'a.md#c0', vector: unit(1, 0, 0) },
      { id: 'a.md#c1', vector: unit(0, 1, 0) },
      { id: 'b.md#c0', vector: unit(1, 1, 0) },
    ]);
    expect(await store.size()).toBe(3);
    const hits = await store.search(unit(1, 0.2, 0), 2);
    expect(hits.map((h) => h.id)).toEqual(['a.md#c0', 'b.md#c0']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.score).toBeCloseTo(1 / Math.hypot(1, 0.2), 5);
  });

  it('returns at most what it holds, and nothing from an empty store', async () => {
    const store = await create(2);
    expect(await store.search(unit(1, 0), 5)).toEqual([]);
    await store.add([{ id: 'x', vector: unit(1, 0) }]);
    expect((await store.search(unit(1, 0), 5)).map((h) => h.id)).toEqual(['x']);
    expect(await store.search(unit(1, 0), 0)).toEqual([]);
  });

  it('replaces a vector added again under the same id', async () => {
    const store = await create(2);
    await store.add([{ id: 'x', vector: unit(1, 0) }, { id: 'y', vector: unit(0, 1) }]);
    await store.add([{ id: 'x', vector: unit(0, 1) }]);
    expect(await store.size()).toBe(2);
    const [x] = await store.get(['x']);
    expect(x![1]).toBeCloseTo(1, 5);
  });

  it('deletes by id, ignoring unknown ids, and never returns deleted ids', async () => {
    const store = await create(2);
    await store.add(['p', 'q', 'r', 's'].map((id, i) => ({ id, vector: unit(1, i) })));
    await store.delete(['q', 'nope']);
    expect(await store.size()).toBe(3);
    const ids = (await store.search(unit(1, 1), 10)).map((h) => h.id);
    expect(ids.sort()).toEqual(['p', 'r', 's']);
    expect(await store.get(['q'])).toEqual([undefined]);
  });

  it('gets vectors in the order asked, undefined for unknown ids', async () => {
    const store = await create(2);
    await store.add([{ id: 'a', vector: unit(1, 0) }, { id: 'b', vector: unit(0, 1) }]);
    const [b, missing, a] = await store.get(['b', 'zzz', 'a']);
    expect(missing).toBeUndefined();
    expect(Array.from(a!)).toEqual([1, 0]);
    expect(Array.from(b!)).toEqual([0, 1]);
  });

  it('refuses a vector of the wrong dimension', async () => {
    const store = await create(3);
    await expect(store.add([{ id: 'bad', vector: unit(1, 0) }])).rejects.toThrow(/dimension/);
  });
});
