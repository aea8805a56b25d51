import { describe, expect, it } from 'vitest';
import { indexKeys } from '../../../../src/engine/index/snapshot.js';

const manifest = { documents: [{ id: 'a.md' }, { id: 'notes #2.txt' }, { id: 'b.md' }] } as Parameters<typeof indexKeys>[0];

/** Every key's position as a plain Map would give it. */
function expectPositions(keys: string[], positions: { get(key: string): number | undefined }) {
  keys.forEach((k, i) => expect(positions.get(k)).toBe(i));
}

describe('indexKeys', () => {
  it('numbers sentences and chunks per document and finds each key at its position', () => {
    const sentences = [0, 0, 1, 1, 1, 2].map((doc) => ({ doc }));
    const chunks = ['a.md', 'notes #2.txt', 'notes #2.txt', 'b.md'].map((document) => ({ document }));
    const k = indexKeys(manifest, sentences, chunks);
    expect(k.sentenceKeys).toEqual(['a.md#s0', 'a.md#s1', 'notes #2.txt#s0', 'notes #2.txt#s1', 'notes #2.txt#s2', 'b.md#s0']);
    expect(k.chunkKeys).toEqual(['a.md#c0', 'notes #2.txt#c0', 'notes #2.txt#c1', 'b.md#c0']);
    expectPositions(k.sentenceKeys, k.sentencePosition);
    expectPositions(k.chunkKeys, k.chunkPosition);
  });

  it('finds nothing for keys it does not hold, however close', () => {
    const k = indexKeys(manifest, [0, 0, 1].map((doc) => ({ doc })), [{ document: 'a.md' }]);
    for (const key of ['a.md#s2', 'a.md#s01', 'a.md#s1.0', 'a.md#s', 'a.md#c0', 'a.md', 'c.md#s0', 'notes #2.txt#s-1', '#s0']) {
      expect(k.sentencePosition.get(key)).toBeUndefined();
    }
    expect(k.chunkPosition.get('a.md#s0')).toBeUndefined();
  });

  it('finds every key when a document\'s items are not next to each other', () => {
    const k = indexKeys(manifest, [0, 1, 0, 2, 1].map((doc) => ({ doc })), [{ document: 'b.md' }, { document: 'a.md' }, { document: 'b.md' }]);
    expect(k.sentenceKeys).toEqual(['a.md#s0', 'notes #2.txt#s0', 'a.md#s1', 'b.md#s0', 'notes #2.txt#s1']);
    expectPositions(k.sentenceKeys, k.sentencePosition);
    expectPositions(k.chunkKeys, k.chunkPosition);
    expect(k.sentencePosition.get('a.md#s2')).toBeUndefined();
  });
});
