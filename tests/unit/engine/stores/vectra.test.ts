import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../../src/domain/vector.js';
import { CorruptIndexError } from '../../../../src/errors.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { tempDir } from '../../../helpers/fake-engine.js';

const vec = (seed: number) => normalize(Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed * 7 + i)));

describe('vectra store on disk', () => {
  it('writes shards of vectra items keyed by id and reads them back in the expected order', async () => {
    const dir = tempDir('vectra');
    const ids = Array.from({ length: 7 }, (_, i) => `doc.txt#s${i}`);
    const store = VectraVectorStore.create(dir, 8, { shardSize: 3 });
    await store.add(ids.map((id, i) => ({ id, vector: vec(i) })));
    await store.flush();
    expect(readdirSync(dir).sort()).toEqual(['shard-0000', 'shard-0001', 'shard-0002']);
    const items = (JSON.parse(readFileSync(path.join(dir, 'shard-0000', 'index.json'), 'utf8')) as { items: { id: string }[] }).items;
    expect(items.map((i) => i.id)).toEqual(ids.slice(0, 3));

    const reversed = [...ids].reverse();
    const loaded = await VectraVectorStore.load(dir, 8, reversed);
    const q = vec(4);
    // What was served before the flush is what is served after the reload (stored precision);
    // onnxruntime's Gemm may round the last bit differently when the rows sit elsewhere.
    const [after, before] = [await loaded.search(q, 3), await store.search(q, 3)];
    expect(after.map((h) => h.id)).toEqual(before.map((h) => h.id));
    after.forEach((h, i) => expect(h.score).toBeCloseTo(before[i]!.score, 6));
    expect(loaded.memory.idAt(0)).toBe('doc.txt#s6');
  });

  it('an empty store is one empty shard and loads as empty', async () => {
    const dir = tempDir('vectra');
    await VectraVectorStore.create(dir, 4).flush();
    expect(await (await VectraVectorStore.load(dir, 4, [])).size()).toBe(0);
  });

  it('reports truncated files, unknown ids and missing vectors as a corrupt index', async () => {
    const dir = tempDir('vectra');
    const store = VectraVectorStore.create(dir, 8);
    await store.add([{ id: 'a', vector: vec(1) }, { id: 'b', vector: vec(2) }]);
    await store.flush();
    await expect(VectraVectorStore.load(dir, 8, ['a', 'b', 'c'])).rejects.toThrow(/holds 2 vectors, the manifest says 3/);
    await expect(VectraVectorStore.load(dir, 8, ['a'])).rejects.toBeInstanceOf(CorruptIndexError);
    await expect(VectraVectorStore.load(dir, 4, ['a', 'b'])).rejects.toThrow(/does not match the manifest/);
    writeFileSync(path.join(dir, 'shard-0000', 'index.json'), '{"items": [trunc');
    await expect(VectraVectorStore.load(dir, 8, ['a', 'b'])).rejects.toThrow(/unreadable/);
    await expect(VectraVectorStore.load(path.join(dir, 'nope'), 8)).rejects.toThrow(/missing/);
  });
});
