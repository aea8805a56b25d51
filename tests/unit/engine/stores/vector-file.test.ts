import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptIndexError } from '../../../../src/errors.js';
import { FileVectorStore, readVectorFile, writeVectorFile } from '../../../../src/engine/stores/vector-file.js';
import { tempDir } from '../../../helpers/fake-engine.js';

const dim = 3;
const ids = ['a.md#c0', 'a.md#c1', 'b.md#c0'];
const matrix = Float32Array.of(0.1, -0.2, 0.3, 1, 0, -1, 1e-7, 123.456, -0);
const HEADER = 48;

async function written(): Promise<string> {
  const file = path.join(tempDir('vectors'), 'v.f32');
  await writeVectorFile(file, dim, ids, matrix);
  return file;
}

describe('vector sidecar file', () => {
  it('reads back exactly the Float32 values written, little-endian after the header', async () => {
    const file = await written();
    expect(Array.from(await readVectorFile(file, dim, ids))).toEqual(Array.from(matrix));
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(HEADER + matrix.length * 4);
    expect(bytes.readUInt32LE(8)).toBe(dim);
    expect(bytes.readUInt32LE(12)).toBe(3);
    expect(bytes.readFloatLE(HEADER + 7 * 4)).toBeCloseTo(123.456, 3);
  });

  it('an empty store round-trips', async () => {
    const file = path.join(tempDir('vectors'), 'empty.f32');
    await writeVectorFile(file, 384, [], new Float32Array(0));
    expect((await readVectorFile(file, 384, [])).length).toBe(0);
  });

  const corruptions: [string, (file: string) => void, RegExp][] = [
    ['missing', (f) => rmSync(f), /unreadable \(ENOENT\)/],
    ['truncated', (f) => writeFileSync(f, readFileSync(f).subarray(0, HEADER + 6)), /truncated or padded/],
    ['padded', (f) => writeFileSync(f, Buffer.concat([readFileSync(f), Buffer.alloc(4)])), /truncated or padded/],
    ['not a vector file', (f) => writeFileSync(f, '{"items": []}'), /not a vector file/],
    ['empty', (f) => writeFileSync(f, ''), /not a vector file/],
  ];
  it.each(corruptions)('a %s file is a CorruptIndexError, read whole or opened by row', async (_name, corrupt, message) => {
    const file = await written();
    corrupt(file);
    for (const open of [() => readVectorFile(file, dim, ids), () => FileVectorStore.open(file, dim, ids)]) {
      const read = open();
      await expect(read).rejects.toBeInstanceOf(CorruptIndexError);
      await expect(read).rejects.toThrow(message);
    }
  });

  it('a file that disagrees with the manifest (count, dimension, ids or their order) is a CorruptIndexError', async () => {
    const file = await written();
    await expect(readVectorFile(file, dim, [...ids, 'c.md#c0'])).rejects.toThrow(/holds 3 vectors of dimension 3, the manifest says 4 of 3/);
    await expect(readVectorFile(file, 384, ids)).rejects.toBeInstanceOf(CorruptIndexError);
    await expect(readVectorFile(file, dim, [ids[1]!, ids[0]!, ids[2]!])).rejects.toThrow(/other ids/);
    await expect(FileVectorStore.open(file, dim, ids.slice(0, 2))).rejects.toThrow(/the manifest says 2 of 3/);
  });

  it('FileVectorStore reads rows by id on demand, equal to the file read whole', async () => {
    const file = await written();
    const store = await FileVectorStore.open(file, dim, ids);
    const whole = await readVectorFile(file, dim, ids);
    expect(await store.size()).toBe(3);
    const got = await store.get([ids[2]!, 'nope', ids[0]!]);
    expect(Array.from(got[0]!)).toEqual(Array.from(whole.subarray(2 * dim, 3 * dim)));
    expect(got[1]).toBeUndefined();
    expect(Array.from(got[2]!)).toEqual(Array.from(whole.subarray(0, dim)));
    expect(await store.search(Float32Array.of(0, 1, 0), 1)).toEqual([{ id: 'b.md#c0', score: expect.closeTo(123.456, 3) }]);
    await store.close();
  });
});
