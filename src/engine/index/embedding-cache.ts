/**
 * Incremental indexing: every build stores, next to its vectors, the sha256 of the exact text
 * behind each vector (`hashes.json`). The next build with the same model reuses the previous
 * build's vectors for unchanged hashes and embeds only the misses, so a changed, added or
 * removed file costs the embedding of its own texts only.
 *
 * Reuse is bit-identical to embedding again: stores keep vectors at stored precision, which is
 * idempotent (see stores/vectra.ts `atStoredPrecision`), and the embedder embeds one text at a
 * time by default, so a text's vector does not depend on its neighbours.
 *
 * The cache is an optimisation only: anything missing, unreadable or from another model gives an
 * empty cache and a full build, never an error.
 */
import { contextualText } from '../chunking/chunker.js';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../../bootstrap/logger.js';
import { TimeSlicer } from '../../domain/time-slice.js';
import { vectorStore } from '../stores/registry.js';
import { currentBuild, readManifest, type IndexData } from './snapshot.js';

export const HASHES_FILE = 'hashes.json';

/** Content hash of a text as embedded. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Served vectors read and hashed between two checks of the time slice. */
const CACHE_SLICE = 1000;

const storeHashes = z.object({ keys: z.array(z.string()), hashes: z.array(z.string()) }).refine((s) => s.keys.length === s.hashes.length, {
  message: 'keys and hashes differ in length',
});
const hashesSchema = z.object({ model: z.string(), chunks: storeHashes, sentences: storeHashes });
export type StoredHashes = z.infer<typeof hashesSchema>;

export async function writeHashes(buildDir: string, hashes: StoredHashes): Promise<void> {
  await writeFile(path.join(buildDir, HASHES_FILE), JSON.stringify(hashes));
}

export class EmbeddingCache {
  private constructor(private readonly vectors: ReadonlyMap<string, Float32Array>) {}

  static empty(): EmbeddingCache {
    return new EmbeddingCache(new Map());
  }

  /** The current build's vectors by content hash, when it was built with `modelId` and `dimension`. */
  static async fromIndex(indexDir: string, modelId: string, dimension: number): Promise<EmbeddingCache> {
    const read = await readManifest(indexDir);
    const name = await currentBuild(indexDir);
    // An index of an older format still lends its vectors when the vector files kept their format
    // (checked when they are opened below): a format change elsewhere costs no re-embedding.
    const manifest = read.status === 'ok' ? read.manifest : read.status === 'outdated' ? read.vectors : undefined;
    if (!manifest || !name) return EmbeddingCache.empty();
    if (manifest.model.id !== modelId || manifest.model.dimension !== dimension) return EmbeddingCache.empty();
    const dir = path.join(indexDir, 'builds', name);
    try {
      const hashes = hashesSchema.parse(JSON.parse(await readFile(path.join(dir, HASHES_FILE), 'utf8')));
      if (hashes.model !== modelId) return EmbeddingCache.empty();
      const store = vectorStore(manifest.vectorStore);
      const vectors = new Map<string, Float32Array>();
      for (const [sub, part] of [['chunks', hashes.chunks], ['sentences', hashes.sentences]] as const) {
        const opened = await store.open({ dir: path.join(dir, 'vectors', sub), dimension, ids: part.keys });
        const got = await opened.get(part.keys);
        got.forEach((v, i) => {
          if (v) vectors.set(part.hashes[i]!, v);
        });
        await opened.close?.();
      }
      return new EmbeddingCache(vectors);
    } catch (err) {
      // An index from before hashes were stored, or a damaged one: embed everything.
      log.debug(`no reusable embeddings in ${dir} (${(err as Error).message.split('\n')[0]})`);
      return EmbeddingCache.empty();
    }
  }

  /**
   * The vectors of an index already in memory (a running engine's), by the hash of the text each
   * was embedded from: no need to read back from disk what is being served.
   */
  static async fromServed(index: IndexData, modelId: string, dimension: number, slicer: TimeSlicer = new TimeSlicer()): Promise<EmbeddingCache> {
    const { manifest, texts } = index;
    if (manifest.model.id !== modelId || manifest.model.dimension !== dimension) return EmbeddingCache.empty();
    const vectors = new Map<string, Float32Array>();
    const docOf = new Map(manifest.documents.map((d, i) => [d.id, i]));
    // In slices: a running bot builds this cache on the thread that answers (a 50k index held it ~2 s at once).
    for (let first = 0; first < index.sentenceKeys.length; first += CACHE_SLICE) {
      const got = await index.sentenceVectors.get(index.sentenceKeys.slice(first, first + CACHE_SLICE));
      got.forEach((v, k) => {
        const s = index.sentences[first + k]!;
        if (v) vectors.set(textHash(texts[s.doc]!.slice(s.contextStart, s.end)), v);
      });
      await slicer.tick();
    }
    for (let first = 0; first < index.chunkKeys.length; first += CACHE_SLICE) {
      const got = await index.chunkVectors.get(index.chunkKeys.slice(first, first + CACHE_SLICE));
      got.forEach((v, k) => {
        const c = index.chunks[first + k]!;
        const doc = docOf.get(c.document)!;
        // Keyed by exactly what the build embedded for a chunk: its text behind its section's header.
        if (v) vectors.set(textHash(contextualText(texts[doc]!.slice(c.start, c.end), index.paragraphs[doc]?.[c.paragraph - 1]?.headingPath ?? [])), v);
      });
      await slicer.tick();
    }
    return new EmbeddingCache(vectors);
  }

  get size(): number {
    return this.vectors.size;
  }

  get(hash: string): Float32Array | undefined {
    return this.vectors.get(hash);
  }
}
