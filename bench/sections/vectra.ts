/**
 * The raw limit on the storage side: vectra's own LocalIndex loading and querying the engine's
 * chunk shards (what the engine would cost if it searched through vectra instead of reading
 * vectra's files into one Float32Array).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { currentBuild } from '../../src/engine/index/snapshot.js';
import { prng, stats } from '../measure.js';
import type { VectraResult } from '../protocol.js';

export async function vectraSection(indexDir: string, queries: number): Promise<VectraResult> {
  const build = await currentBuild(indexDir);
  if (!build) throw new Error(`no built index in ${indexDir}`);
  const dir = path.join(indexDir, 'builds', build, 'vectors', 'chunks');

  let t = performance.now();
  const { LocalIndex } = await import('vectra');
  const importMs = performance.now() - t;

  t = performance.now();
  const shards = (await readdir(dir)).filter((d) => d.startsWith('shard-')).sort();
  const indexes = shards.map((s) => new LocalIndex(path.join(dir, s)));
  let vectors = 0;
  let dimension = 0;
  for (const index of indexes) {
    const items = await index.listItems();
    vectors += items.length;
    dimension ||= items[0]?.vector.length ?? 0;
  }
  const loadMs = performance.now() - t;

  // Query content does not change a brute-force scan's cost: seeded random unit vectors.
  const rand = prng(7);
  const k = 40;
  const times: number[] = [];
  for (let q = 0; q < queries; q++) {
    const v = Array.from({ length: dimension }, () => rand() - 0.5);
    const norm = Math.hypot(...v);
    const query = v.map((x) => x / norm);
    const start = performance.now();
    const hits = (await Promise.all(indexes.map((index) => index.queryItems(query, '', k)))).flat();
    hits.sort((a, b) => b.score - a.score).length = Math.min(k, hits.length);
    times.push(performance.now() - start);
  }
  return { importMs, loadMs, vectors, shards: shards.length, query: stats(times), k };
}
