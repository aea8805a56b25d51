/**
 * The indexing pipeline: corpus → reader → blocks → sentences and chunks → embeddings → vector
 * stores and keyword index → an atomic snapshot on disk (see snapshot.ts).
 */
import { log } from '../../bootstrap/logger.js';
import { runStepsSliced, TimeSlicer } from '../../domain/time-slice.js';
import { SUMMARY_SENTENCES } from '../../domain/types.js';
import { majorSections } from '../summarize/sections.js';
import { CHUNKER_VERSION, chunkDocument, contextualText, type Chunk, type ChunkOptions } from '../chunking/chunker.js';
import type { SourceDocument } from '../chunking/document.js';
import type { Embedder } from '../embedders/types.js';
import { Bm25Index } from '../lexical/bm25.js';
import type { VectorStore } from '../stores/types.js';
import { DEFAULT_VECTOR_STORE, vectorStore } from '../stores/registry.js';
import type { Summarizer } from '../summarize/types.js';
import { CorpusError, readDocuments, type Corpus, type CorpusWarning, type ReadCache } from './corpus.js';
import { EmbeddingCache, textHash, writeHashes, type StoredHashes } from './embedding-cache.js';
import {
  assembleIndex,
  FORMAT_VERSION,
  indexKeys,
  PendingBuild,
  type BuildArtifacts,
  type IndexData,
  type Manifest,
  type StoredSentence,
  type StoredSummaries,
} from './snapshot.js';

export type BuildPhase = 'chunk' | 'embed' | 'write';

export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
}

export interface BuildResult {
  manifest: Manifest;
  dir: string;
  /** The new index, ready to serve (no need to read back what was just written). */
  index: IndexData;
  /** Distinct texts embedded by this build, and those whose vectors came from the previous build. */
  embedded: number;
  reused: number;
}

export interface BuildOptions {
  summarizer: Summarizer;
  onProgress?: (p: BuildProgress) => void;
  /** Vector store implementation (stores/registry.ts). */
  vectorStore?: string;
  /** Reuse the current build's vectors for unchanged texts (default true; false embeds everything). */
  incremental?: boolean;
  /** The index being served: its vectors are reused from memory instead of being read back from disk. */
  previous?: IndexData;
  /** Documents read by earlier builds of this process (see readDocuments); updated in place. */
  readCache?: ReadCache;
  /** Hands the event loop back during the build's long synchronous stretches (default: every SLICE_MS). */
  slicer?: TimeSlicer;
}

/** Texts embedded per progress tick: small enough for a smooth bar, large enough to be cheap. */
const EMBED_SLICE = 16;
/** Sentences added to the keyword index, and vectors to a store, between two checks of the time slice (a few ms of work). */
const LEXICAL_SLICE = 500;
const VECTOR_SLICE = 1000;

export async function buildIndex(corpus: Corpus, embedder: Embedder, indexDir: string, opts: BuildOptions): Promise<BuildResult> {
  const onProgress = opts.onProgress ?? (() => {});
  const started = performance.now();
  // A running bot updates its index on the thread that serves Discord: every long stretch below yields.
  const slicer = opts.slicer ?? new TimeSlicer();
  const { documents, warnings } = await readDocuments(corpus, opts.readCache, slicer);
  for (const w of warnings) log.warn(`skipped ${w.file}: ${w.reason}`);
  if (documents.length === 0) {
    const all = [...corpus.warnings, ...warnings];
    const skipped = all.length ? ` (${all.length} file(s) skipped: ${all.map((w) => w.file).join(', ')})` : '';
    throw new CorpusError(`no documents to index in ${corpus.dir}${skipped}: add .txt or .md files there, or set CORPUS_DIR`);
  }
  await embedder.load();
  const cache =
    opts.incremental === false
      ? EmbeddingCache.empty()
      : opts.previous
        ? await EmbeddingCache.fromServed(opts.previous, embedder.modelId, embedder.dimension, slicer)
        : await EmbeddingCache.fromIndex(indexDir, embedder.modelId, embedder.dimension);
  const pending = await PendingBuild.begin(indexDir);
  try {
    const { artifacts, chunkVectors, sentenceVectors, hashes, embedded, reused } = await computeArtifacts(
      corpus.hash,
      documents,
      warnings,
      embedder,
      pending,
      cache,
      { ...opts, onProgress, slicer },
    );
    await writeHashes(pending.dir, hashes);
    artifacts.manifest.buildMs = Math.round(performance.now() - started);
    const dir = await pending.commit(artifacts);
    onProgress({ phase: 'write', done: 1, total: 1 });
    return { manifest: artifacts.manifest, dir, index: assembleIndex(artifacts, chunkVectors, sentenceVectors, dir), embedded, reused };
  } catch (err) {
    await pending.abort();
    throw err;
  }
}

async function computeArtifacts(
  corpusHash: string,
  docs: readonly SourceDocument[],
  skipped: CorpusWarning[],
  embedder: Embedder,
  pending: PendingBuild,
  cache: EmbeddingCache,
  opts: BuildOptions & { onProgress: (p: BuildProgress) => void; slicer: TimeSlicer },
): Promise<{
  artifacts: BuildArtifacts;
  chunkVectors: VectorStore;
  sentenceVectors: VectorStore;
  hashes: StoredHashes;
  embedded: number;
  reused: number;
}> {
  const { onProgress, slicer } = opts;
  const countTokens = (text: string) => embedder.countTokens(text);
  const maxTokens = embedder.maxTokens;

  const sentences: Omit<StoredSentence, 'chunk'>[] = [];
  const chunks: Chunk[] = [];
  const docChunks: number[] = [];
  for (const [d, doc] of docs.entries()) {
    const docFirstChunk = chunks.length;
    chunks.push(...documentChunks(doc, sentences.length, chunks.length, { maxTokens, countTokens }, opts.readCache));
    for (const s of doc.sentences) sentences.push({ doc: d, paragraph: s.paragraph, start: s.start, end: s.end, contextStart: s.contextStart });
    docChunks.push(chunks.length - docFirstChunk);
    onProgress({ phase: 'chunk', done: d + 1, total: docs.length });
    await slicer.tick();
  }

  // Sentences are embedded and searched as the quote a user would see (with context if needed).
  const sentenceTexts = sentences.map((s) => docs[s.doc]!.text.slice(s.contextStart, s.end));
  const byId = new Map(docs.map((d) => [d.id, d]));
  // Chunks are embedded with their section's heading path in front (a contextual header), so a
  // passage is found by what its section is about; quotes and sentences stay the bare text.
  const chunkTexts = chunks.map((c) => {
    const doc = byId.get(c.document)!;
    return contextualText(doc.text.slice(c.start, c.end), doc.paragraphInfo[c.paragraph - 1]!.headingPath);
  });

  // Identical texts (one-sentence chunks, repeated boilerplate) are embedded once, and texts the
  // previous build embedded (same content hash, same model) not at all.
  const unique = [...new Set([...sentenceTexts, ...chunkTexts])];
  const hashOf = new Map<string, string>();
  const vectors = new Map<string, Float32Array>();
  const misses: string[] = [];
  for (const t of unique) {
    const hash = textHash(t);
    hashOf.set(t, hash);
    const cached = cache.get(hash);
    if (cached) vectors.set(t, cached);
    else misses.push(t);
    await slicer.tick();
  }
  if (misses.length === 0) onProgress({ phase: 'embed', done: 0, total: 0 });
  for (let i = 0; i < misses.length; i += EMBED_SLICE) {
    const slice = misses.slice(i, i + EMBED_SLICE);
    const out = await embedder.embed(slice, 'document');
    slice.forEach((t, k) => vectors.set(t, out[k]!));
    onProgress({ phase: 'embed', done: Math.min(i + EMBED_SLICE, misses.length), total: misses.length });
  }

  onProgress({ phase: 'write', done: 0, total: 1 });
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    chunker: CHUNKER_VERSION,
    model: { id: embedder.modelId, dimension: embedder.dimension, maxTokens },
    vectorStore: opts.vectorStore ?? DEFAULT_VECTOR_STORE,
    summarizer: opts.summarizer.name,
    corpusHash,
    skipped,
    documents: docs.map((d, i) => ({
      id: d.id,
      title: d.title,
      hash: d.hash,
      bytes: d.bytes,
      modifiedAt: d.modifiedAt,
      paragraphs: d.paragraphs.length,
      sentences: d.sentences.length,
      chunks: docChunks[i]!,
    })),
    counts: { chunks: chunks.length, sentences: sentences.length },
    builtAt: new Date().toISOString(),
    buildMs: 0,
  };
  const { sentenceKeys, chunkKeys } = indexKeys(manifest, sentences, chunks);
  const store = vectorStore(manifest.vectorStore);
  const chunkVectors = store.create({ dir: pending.chunkVectorDir, dimension: embedder.dimension, ids: chunkKeys });
  const sentenceVectors = store.create({ dir: pending.sentenceVectorDir, dimension: embedder.dimension, ids: sentenceKeys });
  for (const [store, keys, texts] of [
    [chunkVectors, chunkKeys, chunkTexts],
    [sentenceVectors, sentenceKeys, sentenceTexts],
  ] as const) {
    for (let i = 0; i < keys.length; i += VECTOR_SLICE) {
      await store.add(keys.slice(i, i + VECTOR_SLICE).map((id, k) => ({ id, vector: vectors.get(texts[i + k]!)! })));
      await slicer.tick();
    }
  }
  await chunkVectors.flush();
  await sentenceVectors.flush();

  const lexical = Bm25Index.create();
  for (let i = 0; i < sentenceKeys.length; i += LEXICAL_SLICE) {
    const ids = sentenceKeys.slice(i, i + LEXICAL_SLICE);
    await lexical.add(ids.map((id, k) => ({ id, text: sentenceTexts[i + k]! })));
    await slicer.tick();
  }
  // Summaries per document and length, computed once per build: they only change with the corpus.
  const stored = await sentenceVectors.get(sentenceKeys);
  const byDoc: number[][] = docs.map(() => []);
  sentences.forEach((s, id) => byDoc[s.doc]!.push(id));
  const inputs = docs.map((doc, d) => {
    const ids = byDoc[d]!;
    // A sentence's section is its block's major heading (so a page summary can cover its sections).
    const section = majorSections(ids.map((id) => doc.paragraphInfo[sentences[id]!.paragraph - 1]?.headingPath ?? []));
    return {
      text: doc.text,
      sentences: ids.map((id, i) => ({ ...sentences[id]!, section: section[i] })),
      vectors: ids.map((id) => stored[id]!),
    };
  });
  const toIds = (d: number, picks: readonly number[]) => picks.map((i) => byDoc[d]![i]!).sort((a, b) => a - b);
  const summaries: StoredSummaries[] = [];
  if (opts.summarizer.summarizeDocuments) {
    const picks = await runStepsSliced(opts.summarizer.summarizeDocuments(inputs), slicer);
    picks.forEach((p, d) => summaries.push({ short: toIds(d, p.short), medium: toIds(d, p.medium), long: toIds(d, p.long) }));
  } else {
    for (const [d, input] of inputs.entries()) {
      const order = opts.summarizer.rankDocument(input);
      summaries.push({ short: toIds(d, order.slice(0, SUMMARY_SENTENCES.short)), medium: toIds(d, order.slice(0, SUMMARY_SENTENCES.medium)), long: toIds(d, order.slice(0, SUMMARY_SENTENCES.long)) });
      await slicer.tick();
    }
  }
  return {
    artifacts: { manifest, texts: docs.map((d) => d.text), paragraphs: docs.map((d) => d.paragraphInfo), sentences, chunks, lexical, summaries },
    chunkVectors,
    sentenceVectors,
    hashes: {
      model: embedder.modelId,
      chunks: { keys: chunkKeys, hashes: chunkTexts.map((t) => hashOf.get(t)!) },
      sentences: { keys: sentenceKeys, hashes: sentenceTexts.map((t) => hashOf.get(t)!) },
    },
    embedded: misses.length,
    reused: unique.length - misses.length,
  };
}

/**
 * `chunkDocument`, reusing the cut the last build of this process made of the same bytes (kept
 * in the read cache entry, numbered from 0) and renumbering it to where the document now sits.
 */
function documentChunks(doc: SourceDocument, sentenceBase: number, firstChunkId: number, opts: ChunkOptions, cache: ReadCache | undefined): Chunk[] {
  const entry = cache?.get(doc.id);
  const fresh = entry !== undefined && entry.hash === doc.hash;
  let relative = fresh && entry.chunks?.maxTokens === opts.maxTokens ? entry.chunks.chunks : undefined;
  if (!relative) {
    relative = chunkDocument(doc, 0, 0, opts);
    if (fresh) entry.chunks = { maxTokens: opts.maxTokens, chunks: relative };
  }
  return relative.map((c) => ({ ...c, id: c.id + firstChunkId, firstSentence: c.firstSentence + sentenceBase, lastSentence: c.lastSentence + sentenceBase }));
}
