/**
 * What every VectorStore must do, as one suite every implementation runs (contract.test.ts):
 *
 *   vectorStoreContract('memory', async (dimension) => new MemoryVectorStore(dimension));
 *
 * `approximate` is for indexes that trade exactness for speed (HNSW): their top-k must still
 * agree with an exact scan on most results.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { VectorStore } from '../../../../src/engine/stores/types.js';

export interface ContractOptions {
  /** Minimum share of an exact top-10 the store must return (1 for exact stores). */
  minRecallAt10?: number;
  /**
   * Decimal places `get` keeps (stores that persist rounded values, like vectra's six);
   * undefined = bit-exact Float32.
   */
  storedDecimals?: number;
}

const DIM = 8;

/** Deterministic pseudo-random unit vectors (mulberry32), so failures reproduce. */
export function randomUnitVectors(count: number, dim: number, seed = 1): Float32Array[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dim }, () => next() * 2 - 1);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

function unit(...xs: number[]): Float32Array {
  const v = new Float32Array(DIM);
  xs.forEach((x, i) => (v[i] = x));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

export function vectorStoreContract(name: string, factory: (dimension: number) => Promise<VectorStore>, opts: ContractOptions = {}): void {
  const minRecall = opts.minRecallAt10 ?? 1;

  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    beforeEach(async () => {
      store = await factory(DIM);
    });

    it('starts empty and says its dimension', async () => {
      expect(store.dimension).toBe(DIM);
      expect(await store.size()).toBe(0);
      expect(await store.search(unit(1), 5)).toEqual([]);
    });

    it('finds the nearest vectors best first, scored by cosine similarity', async () => {
      await store.add([
        { id: 'doc.md#c1', vector: unit(1, 0) },
        { id: 'doc.md#c2', vector: unit(1, 1) },
        { id: 'other.txt#c1', vector: unit(0, 1) },
        { id: 'far', vector: unit(-1, 0) },
      ]);
      expect(await store.size()).toBe(4);
      const q = unit(1, 0.2);
      const hits = await store.search(q, 3);
      expect(hits.map((h) => h.id)).toEqual(['doc.md#c1', 'doc.md#c2', 'other.txt#c1']);
      expect(hits[0]!.score).toBeCloseTo(dot(q, unit(1, 0)), 5);
      expect(hits[2]!.score).toBeCloseTo(dot(q, unit(0, 1)), 5);
      const all = await store.search(q, 10);
      expect(all).toHaveLength(4);
      expect(all.at(-1)!.id).toBe('far');
      expect(all.at(-1)!.score).toBeLessThan(0);
      expect(await store.search(q, 0)).toEqual([]);
    });

    it('replaces a vector added again under the same id', async () => {
      await store.add([
        { id: 'a', vector: unit(1, 0) },
        { id: 'b', vector: unit(0, 1) },
      ]);
      await store.add([{ id: 'a', vector: unit(0, 0, 1) }]);
      expect(await store.size()).toBe(2);
      const [hit] = await store.search(unit(0, 0, 1), 1);
      expect(hit).toMatchObject({ id: 'a' });
      expect(hit!.score).toBeCloseTo(1, 5);
    });

    it('deletes by id and ignores unknown ids', async () => {
      await store.add([
        { id: 'a', vector: unit(1, 0) },
        { id: 'b', vector: unit(0, 1) },
      ]);
      await store.delete(['a', 'never-stored']);
      expect(await store.size()).toBe(1);
      expect((await store.search(unit(1, 0), 5)).map((h) => h.id)).toEqual(['b']);
      expect(await store.get(['a'])).toEqual([undefined]);
      await store.delete([]);
      expect(await store.size()).toBe(1);
    });

    it('returns stored vectors exactly, in the order asked, undefined for unknown ids', async () => {
      const [v1, v2] = randomUnitVectors(2, DIM, 7);
      await store.add([
        { id: 'x', vector: v1! },
        { id: 'y', vector: v2! },
      ]);
      const got = await store.get(['y', 'missing', 'x']);
      expect(got).toHaveLength(3);
      expect(got[1]).toBeUndefined();
      const same = (a: Float32Array, b: Float32Array) => {
        if (opts.storedDecimals === undefined) expect(Array.from(a)).toEqual(Array.from(b));
        else a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, opts.storedDecimals));
      };
      same(got[0]!, v2!);
      same(got[2]!, v1!);
      expect(await store.get([])).toEqual([]);
    });

    it('refuses to store vectors of another dimension', async () => {
      await expect(store.add([{ id: 'bad', vector: new Float32Array(DIM + 1) }])).rejects.toThrow(/dimension/);
      expect(await store.size()).toBe(0);
    });

    it(`agrees with an exact scan on top-10 (recall ≥ ${minRecall})`, async () => {
      const vectors = randomUnitVectors(300, DIM, 3);
      await store.add(vectors.map((vector, i) => ({ id: `v${i}`, vector })));
      const queries = randomUnitVectors(20, DIM, 11);
      let found = 0;
      for (const q of queries) {
        const exact = vectors
          .map((v, i) => ({ id: `v${i}`, s: dot(q, v) }))
          .sort((a, b) => b.s - a.s)
          .slice(0, 10)
          .map((h) => h.id);
        const hits = await store.search(q, 10);
        expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
        found += hits.filter((h) => exact.includes(h.id)).length;
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(minRecall);
    });
  });
}
