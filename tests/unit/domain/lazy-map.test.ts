import { describe, expect, it } from 'vitest';
import { LazyMap } from '../../../src/domain/lazy-map.js';

const entries: [string, number][] = [
  ['a', 1],
  ['b', 2],
  ['c', 3],
];

describe('LazyMap', () => {
  it('holds what fill adds, filled once on first use, and behaves as a Map from then on', () => {
    let fills = 0;
    const m = new LazyMap<string, number>((map) => {
      fills++;
      for (const [k, v] of entries) map.set(k, v);
    });
    expect(fills).toBe(0);
    expect([...m]).toEqual(entries);
    expect(m.size).toBe(3);
    m.set('d', 4);
    m.delete('a');
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
    expect(fills).toBe(1);
  });

  it('answers get and has through peek without filling, and fills before any change', () => {
    let fills = 0;
    const m = new LazyMap<string, number>(
      (map) => {
        fills++;
        for (const [k, v] of entries) map.set(k, v);
      },
      (k) => entries.find(([key]) => key === k)?.[1],
    );
    expect([m.get('b'), m.has('c'), m.has('z'), m.get('z')]).toEqual([2, true, false, undefined]);
    expect(fills).toBe(0);
    m.set('z', 26);
    expect(fills).toBe(1);
    expect([m.get('a'), m.get('z'), m.size]).toEqual([1, 26, 4]);
  });
});
