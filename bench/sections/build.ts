/**
 * What a finished build looks like on disk and how much of it was actually embedded.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { contextualText } from '../../src/engine/chunking/chunker.js';
import type { Engine } from '../../src/engine/engine.js';
import { dirBytes } from '../measure.js';
import type { BuildResult } from '../protocol.js';

/** Distinct texts the build embeds: the same sentence and chunk texts as src/engine/index/build.ts. */
export function uniqueTexts(engine: Engine): number {
  const { index } = engine;
  const { texts } = index;
  const all = new Set<string>();
  for (const s of index.sentences) all.add(texts[s.doc]!.slice(s.contextStart, s.end));
  const docOf = new Map(index.manifest.documents.map((d, i) => [d.id, i]));
  // Chunks are embedded behind their section's heading path (contextualText), as the build does.
  for (const c of index.chunks) {
    const doc = docOf.get(c.document)!;
    all.add(contextualText(texts[doc]!.slice(c.start, c.end), index.paragraphs[doc]?.[c.paragraph - 1]?.headingPath ?? []));
  }
  return all.size;
}

export async function indexShape(
  engine: Engine,
  indexDir: string,
): Promise<Pick<BuildResult, 'uniqueTexts' | 'indexBytes' | 'vectorShards' | 'largestShardBytes'>> {
  const vectors = path.join(engine.index.dir, 'vectors');
  let vectorShards = 0;
  let largestShardBytes = 0;
  for (const kind of await readdir(vectors)) {
    // The binary sidecars (chunks.f32, sentences.f32) sit next to vectra's shard folders.
    if (!(await stat(path.join(vectors, kind))).isDirectory()) continue;
    for (const shard of await readdir(path.join(vectors, kind))) {
      vectorShards++;
      largestShardBytes = Math.max(largestShardBytes, (await stat(path.join(vectors, kind, shard, 'index.json'))).size);
    }
  }
  return { uniqueTexts: uniqueTexts(engine), indexBytes: await dirBytes(indexDir), vectorShards, largestShardBytes };
}
