import { describe, expect, it } from 'vitest';
import { topK } from '../../../../src/engine/stores/memory.js';
import { OnnxTopK } from '../../../../src/engine/stores/onnx-topk.js';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
}

describe('OnnxTopK (exact search in onnxruntime)', () => {
  it.each([3, 384])('ranks like the JavaScript scan (dimension %i)', async (dim) => {
    const rnd = random(dim);
    const n = 700;
    const matrix = Float32Array.from({ length: n * dim }, rnd);
    const search = new OnnxTopK(dim, matrix);
    for (let q = 0; q < 5; q++) {
      const query = Float32Array.from({ length: dim }, rnd);
      for (const k of [1, 40, n, n + 3]) {
        const got = await search.search(query, k);
        const want = topK(matrix, dim, query, k);
        expect(got.map((h) => h.row)).toEqual(want.map((h) => h.row));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 4));
      }
    }
  });

  it('searches a view that starts inside its buffer (a sidecar read whole) and ends before its end', async () => {
    const dim = 4;
    const rnd = random(7);
    const backing = Float32Array.from({ length: 12 + 50 * dim + 20 }, rnd);
    const view = new Float32Array(backing.buffer, 12 * 4, 50 * dim);
    const query = Float32Array.from({ length: dim }, rnd);
    const got = await new OnnxTopK(dim, view).search(query, 10);
    expect(got.map((h) => h.row)).toEqual(topK(view, dim, query, 10).map((h) => h.row));
  });

  it('an empty store or k = 0 finds nothing', async () => {
    expect(await new OnnxTopK(4, new Float32Array(0)).search(Float32Array.of(1, 0, 0, 0), 5)).toEqual([]);
    expect(await new OnnxTopK(2, Float32Array.of(1, 0)).search(Float32Array.of(1, 1), 0)).toEqual([]);
  });
});
