/**
 * The indexing pipeline: corpus → sentences and chunks → embeddings → lexical index → disk.
 */
import { CHUNKER_VERSION, chunkDocument, type Chunk } from './chunker.js';
import { CorpusError, prepareDocuments, type Corpus, type CorpusWarning, type SourceDocument } from './corpus/read-corpus.js';
import { log } from '../logger.js';
import type { Embedder } from './embedder.js';
import { assembleIndex, FORMAT_VERSION, PendingBuild, type BuildArtifacts, type IndexData, type Manifest, type StoredSentence } from './index-store.js';
import { LexicalIndex } from './lexical.js';
import { MatrixStore } from './store/vector-store.js';
import { atStoredPrecision, VectraStoreWriter } from './store/vectra-store.js';
import { summaryFingerprint, summaryProfile } from './summarize/profile.js';
import { markdownSections, sectionAt } from './summarize/sections.js';
import { summarizeDocuments as summarizeAll } from './summarize/document-summaries.js';
import type { StoredSummaries } from './index-store.js';

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
}

/** Texts embedded per progress tick: small enough for a smooth bar, large enough to be cheap. */
const EMBED_SLICE = 16;

function matrixOf(vectors: readonly Float32Array[], dimension: number): MatrixStore {
  const matrix = new Float32Array(vectors.length * dimension);
  vectors.forEach((v, i) => matrix.set(atStoredPrecision(v), i * dimension));
  return new MatrixStore(dimension, matrix);
}

/** Every document's summaries at every length, computed once per build (see summarize/salient.ts). */
function summarizeDocuments(documents: readonly SourceDocument[], sentences: Omit<StoredSentence, 'chunk'>[], store: MatrixStore, model: string): StoredSummaries[] {
  const byDoc: number[][] = documents.map(() => []);
  sentences.forEach((s, id) => byDoc[s.doc]!.push(id));
  const inputs = byDoc.map((ids, d) => {
    const text = documents[d]!.text;
    const sections = /\.(md|markdown)$/i.test(documents[d]!.id) ? markdownSections(text) : [];
    return {
      text,
      units: ids.map((id) => ({ ...sentences[id]!, section: sectionAt(sections, sentences[id]!.start) })),
      vectors: ids.map((id) => store.vector(id)),
    };
  });
  return summarizeAll(inputs, summaryProfile(model)).map((picks, d) => {
    const ids = byDoc[d]!;
    return { short: picks.short.map((i) => ids[i]!), medium: picks.medium.map((i) => ids[i]!), long: picks.long.map((i) => ids[i]!) };
  });
}

export async function buildIndex(
  corpus: Corpus,
  embedder: Embedder,
  indexDir: string,
  onProgress: (p: BuildProgress) => void = () => {},
): Promise<BuildResult> {
  const started = performance.now();
  const { documents, warnings } = prepareDocuments(corpus);
  for (const w of warnings) log.warn(`skipped ${w.file}: ${w.reason}`);
  if (documents.length === 0) {
    const all = [...corpus.warnings, ...warnings];
    const skipped = all.length ? ` (${all.length} file(s) skipped: ${all.map((w) => w.file).join(', ')})` : '';
    throw new CorpusError(`no documents to index in ${corpus.dir}${skipped}: add .txt or .md files there, or set CORPUS_DIR`);
  }
  await embedder.load();
  const pending = await PendingBuild.begin(indexDir);
  try {
    const { artifacts, chunkVectors, sentenceVectors } = await computeArtifacts(corpus.hash, documents, warnings, embedder, pending, onProgress);
    artifacts.manifest.buildMs = Math.round(performance.now() - started);
    const dir = await pending.commit(artifacts);
    onProgress({ phase: 'write', done: 1, total: 1 });
    return { manifest: artifacts.manifest, dir, index: assembleIndex(artifacts, chunkVectors, sentenceVectors, dir) };
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
  onProgress: (p: BuildProgress) => void,
): Promise<{ artifacts: BuildArtifacts; chunkVectors: MatrixStore; sentenceVectors: MatrixStore }> {
  const countTokens = await embedder.tokenCounter();
  const maxTokens = await embedder.maxTokens();

  const sentences: Omit<StoredSentence, 'chunk'>[] = [];
  const chunks: Chunk[] = [];
  const docChunks: number[] = [];
  docs.forEach((doc, d) => {
    const docFirstChunk = chunks.length;
    chunks.push(...chunkDocument(doc, sentences.length, chunks.length, { maxTokens, countTokens }));
    for (const s of doc.sentences) sentences.push({ doc: d, paragraph: s.paragraph, start: s.start, end: s.end, contextStart: s.contextStart });
    docChunks.push(chunks.length - docFirstChunk);
    onProgress({ phase: 'chunk', done: d + 1, total: docs.length });
  });

  // Sentences are embedded and searched as the quote a user would see (with context if needed).
  const sentenceTexts = sentences.map((s) => docs[s.doc]!.text.slice(s.contextStart, s.end));
  const byId = new Map(docs.map((d) => [d.id, d]));
  const chunkTexts = chunks.map((c) => byId.get(c.document)!.text.slice(c.start, c.end));

  // Identical texts (one-sentence chunks, repeated boilerplate) are embedded once.
  const unique = [...new Set([...sentenceTexts, ...chunkTexts])];
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < unique.length; i += EMBED_SLICE) {
    const slice = unique.slice(i, i + EMBED_SLICE);
    const out = await embedder.embed(slice, 'document');
    slice.forEach((t, k) => vectors.set(t, out[k]!));
    onProgress({ phase: 'embed', done: Math.min(i + EMBED_SLICE, unique.length), total: unique.length });
  }

  onProgress({ phase: 'write', done: 0, total: 1 });
  for (const [dir, texts] of [
    [pending.chunkVectorDir, chunkTexts],
    [pending.sentenceVectorDir, sentenceTexts],
  ] as const) {
    const writer = new VectraStoreWriter(dir);
    await writer.add(texts.map((t) => vectors.get(t)!));
    await writer.close();
  }
  const lexical = LexicalIndex.build(sentenceTexts);
  const chunkVectors = matrixOf(chunkTexts.map((t) => vectors.get(t)!), embedder.dimension);
  const sentenceVectors = matrixOf(sentenceTexts.map((t) => vectors.get(t)!), embedder.dimension);
  const summaries = summarizeDocuments(docs, sentences, sentenceVectors, embedder.modelId);
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    chunker: CHUNKER_VERSION,
    summarizer: summaryFingerprint(embedder.modelId),
    model: { id: embedder.modelId, dimension: embedder.dimension, maxTokens },
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
  return { artifacts: { manifest, sentences, chunks, lexical, summaries }, chunkVectors, sentenceVectors };
}
