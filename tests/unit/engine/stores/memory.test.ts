import { describe, expect, it } from 'vitest';
import { MemoryVectorStore, topK } from '../../../../src/engine/stores/memory.js';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
}

describe('topK', () => {
  it.each([1, 3, 7, 384])('matches a full sort of the dot products (dimension %i)', (dim) => {
    const rnd = random(dim);
    const n = 500;
    const matrix = Float32Array.from({ length: n * dim }, rnd);
    const q = Float32Array.from({ length: dim }, rnd);
    const naive = Array.from({ length: n }, (_, row) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += matrix[row * dim + d]! * q[d]!;
      return { id: row, score: s };
    }).sort((a, b) => b.score - a.score);
    for (const k of [1, 10, 40, n, n + 5]) {
      const got = topK(matrix, dim, q, k);
      expect(got.map((h) => h.row)).toEqual(naive.slice(0, k).map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(naive[i]!.score, 4));
    }
  });

  it('handles an empty store and k = 0', () => {
    expect(new MemoryVectorStore(4).searchRows(Float32Array.of(1, 0, 0, 0), 5)).toEqual([]);
    expect(topK(Float32Array.of(1, 2), 2, Float32Array.of(1, 1), 0)).toEqual([]);
  });
});

describe('MemoryVectorStore.fromRows with known positions', () => {
  it('finds, replaces and removes vectors as a store that mapped its ids itself', async () => {
    const ids = ['x#c0', 'x#c1', 'y#c0'];
    const matrix = Float32Array.from([1, 0, 0, 1, 0.6, 0.8]);
    const make = (withPositions: boolean) => MemoryVectorStore.fromRows(2, ids, matrix.slice(), withPositions ? new Map(ids.map((id, i) => [id, i])) : undefined);
    const [plain, known] = [make(false), make(true)];
    for (const store of [plain, known]) {
      await store.delete(['x#c0']);
      await store.add([{ id: 'z#c0', vector: Float32Array.from([0, -1]) }, { id: 'y#c0', vector: Float32Array.from([1, 0]) }]);
    }
    const all = ['x#c0', 'x#c1', 'y#c0', 'z#c0', 'nope'];
    expect(await known.get(all)).toEqual(await plain.get(all));
    expect(await known.search(Float32Array.from([1, 0]), 3)).toEqual(await plain.search(Float32Array.from([1, 0]), 3));
    expect(await known.size()).toBe(3);
  });
});
