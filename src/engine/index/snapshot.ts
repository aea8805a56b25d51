/**
 * The on-disk index: every build is a complete folder under `index/builds/`, and the file
 * `index/CURRENT` names the one in use. A build is written into a temporary folder, renamed
 * into place, and only then is CURRENT replaced (write + atomic rename). A crash or Ctrl-C at
 * any point leaves either the previous index or the new one, never a half-written one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CorruptIndexError } from '../../errors.js';
import type { Chunk } from '../chunking/chunker.js';
import type { ParagraphInfo } from '../chunking/document.js';
import { Bm25Index } from '../lexical/bm25.js';
import type { LexicalSearch } from '../lexical/types.js';
import type { VectorStore } from '../stores/types.js';
import { vectorStore } from '../stores/registry.js';

/**
 * 4: vectors and keyword index keyed by stable ids (`doc#c3`, `doc#s12`); document texts stored.
 * 5: documents read by the structured readers (issue 11): list items, table rows and notes are
 * paragraphs now, so an index built by the old readers must be rebuilt although no file changed.
 * 6: summaries stored per length (issue 13) together with the structured readers.
 * 7: each quotable block's kind and location (heading path, page, lines) stored for citations.
 * 8: binary Float32 vector sidecars (`vectors/chunks.f32`, `vectors/sentences.f32`) next to
 *    vectra's JSON; loading reads only the sidecars, so an index without them must be rebuilt.
 * 9: the keyword index saved as flat binary arrays (`lexical.bin`, see lexical/bm25-file.ts)
 *    instead of MiniSearch's JSON (`lexical.json`), which took ~2 s to load at 50k chunks; spans
 *    likewise (`spans.bin` instead of `spans.json`: ~0.3 s of parsing and validation at 50k).
 */
export const FORMAT_VERSION = 9;

const documentEntry = z.object({
  id: z.string(),
  title: z.string(),
  hash: z.string(),
  bytes: z.number().int().nonnegative(),
  modifiedAt: z.string(),
  paragraphs: z.number().int().nonnegative(),
  sentences: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
});

export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  chunker: z.string(),
  model: z.object({ id: z.string(), dimension: z.number().int().positive(), maxTokens: z.number().int().positive() }),
  corpusHash: z.string(),
  /** Vector store implementation the build wrote (see stores/registry.ts). */
  vectorStore: z.string(),
  /** Summarizer that chose the stored summary sentences (see summarize/registry.ts). */
  summarizer: z.string(),
  /** Files left out: unreadable, or no article text left after cleaning. */
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  documents: z.array(documentEntry),
  counts: z.object({ chunks: z.number().int().nonnegative(), sentences: z.number().int().nonnegative() }),
  builtAt: z.string(),
  buildMs: z.number().nonnegative(),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type DocumentEntry = z.infer<typeof documentEntry>;

/** [document index, paragraph, start, end, context start] — compact: large corpora have 100k+ sentences. */
const sentenceRow = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]);
/** [document index, paragraph, start, end, first sentence, last sentence]. */
const chunkRow = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()]);
export const spansSchema = z.object({ sentences: z.array(sentenceRow), chunks: z.array(chunkRow) });
const sentenceIds = z.array(z.number().int().nonnegative());
/** Per document, global sentence ids of its summary at each length, in document order. */
export const summariesSchema = z.array(z.object({ short: sentenceIds, medium: sentenceIds, long: sentenceIds }));
export type StoredSummaries = z.infer<typeof summariesSchema>[number];
const textsSchema = z.array(z.string());
const blockKind = z.enum(['heading', 'paragraph', 'list-item', 'table-row', 'code', 'quote', 'note']);
/** Per document, per paragraph (quotable block): kind and location. */
export const paragraphsSchema = z.array(
  z.array(
    z.object({
      kind: blockKind,
      headingPath: z.array(z.string()),
      page: z.number().int().positive().optional(),
      lines: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
    }),
  ),
);

/** Stable key of a chunk: document id and the chunk's ordinal within the document (from 0). */
export const chunkKey = (docId: string, n: number) => `${docId}#c${n}`;
/** Stable key of a sentence: document id and the sentence's ordinal within the document (from 0). */
export const sentenceKey = (docId: string, n: number) => `${docId}#s${n}`;

export interface StoredSentence {
  doc: number;
  paragraph: number;
  start: number;
  end: number;
  /** Start of the quote unit: the sentence, or its predecessor too when it cannot stand alone. */
  contextStart: number;
  /** Chunk the sentence belongs to (the first one, with overlap). */
  chunk: number;
}

/**
 * The index as served. Inside the engine, sentences and chunks are numbered by position (fast
 * arrays); the stores are addressed by stable keys, and `*Keys` / `*Position` translate.
 */
export interface IndexData {
  manifest: Manifest;
  /** Canonical text of each document, aligned with `manifest.documents`. */
  texts: string[];
  /** Per document, its quotable blocks' kind and location; index = paragraph - 1. */
  paragraphs: ParagraphInfo[][];
  sentences: StoredSentence[];
  chunks: Chunk[];
  sentenceKeys: string[];
  chunkKeys: string[];
  sentencePosition: Map<string, number>;
  chunkPosition: Map<string, number>;
  chunkVectors: VectorStore;
  sentenceVectors: VectorStore;
  /** BM25 in memory (embedded) or Postgres keyword search (DATABASE_URL). */
  lexical: LexicalSearch;
  /** Per document: summary sentence ids per length, in document order (see summarize/). */
  summaries: StoredSummaries[];
  /** The build folder. */
  dir: string;
}

export interface BuildArtifacts {
  manifest: Manifest;
  texts: string[];
  paragraphs: ParagraphInfo[][];
  sentences: Omit<StoredSentence, 'chunk'>[];
  chunks: Chunk[];
  lexical: Bm25Index;
  summaries: StoredSummaries[];
}

const CURRENT = 'CURRENT';
/** The keyword index (lexical/bm25-file.ts). */
const LEXICAL_FILE = 'lexical.bin';
/** Sentence and chunk spans (see spansToBytes). */
const SPANS_FILE = 'spans.bin';
const BUILDS = 'builds';

function currentFile(indexDir: string) {
  return path.join(indexDir, CURRENT);
}

/** Name of the build folder CURRENT points at, if any. */
export async function currentBuild(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await readFile(currentFile(indexDir), 'utf8')).trim();
    return /^[\w.-]+$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What an index of another format version says about its vectors: enough for the next build to
 * reuse them (index/embedding-cache.ts) when only other files changed format.
 */
const vectorsInfoSchema = z.object({ model: manifestSchema.shape.model, vectorStore: z.string() });
export type VectorsInfo = z.infer<typeof vectorsInfoSchema>;

export type ManifestRead =
  | { status: 'missing' }
  | { status: 'outdated'; formatVersion: unknown; vectors?: VectorsInfo }
  | { status: 'corrupt'; reason: string }
  | { status: 'ok'; manifest: Manifest };

/** The current build's manifest, or why there is none usable. */
export async function readManifest(indexDir: string): Promise<ManifestRead> {
  const name = await currentBuild(indexDir);
  if (!name) return { status: 'missing' };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(indexDir, BUILDS, name, 'manifest.json'), 'utf8'));
  } catch (err) {
    return { status: 'corrupt', reason: `manifest of build ${name} is unreadable (${(err as Error).message})` };
  }
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (formatVersion !== FORMAT_VERSION) {
    const vectors = vectorsInfoSchema.safeParse(json);
    return { status: 'outdated', formatVersion, ...(vectors.success ? { vectors: vectors.data } : {}) };
  }
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? { status: 'ok', manifest: parsed.data } : { status: 'corrupt', reason: `manifest of build ${name} is invalid` };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary folders left by crashed builds (not those of a build still running). */
export async function removeAbandonedTemps(indexDir: string): Promise<void> {
  for (const entry of await readdir(indexDir).catch(() => [] as string[])) {
    const m = /^\.tmp-(\d+)-/.exec(entry);
    if (m && !pidAlive(Number(m[1]))) await rm(path.join(indexDir, entry), { recursive: true, force: true });
  }
}

/**
 * A build in progress: a temporary folder under the index folder, made current by `commit`.
 * Until then nothing a reader looks at has changed.
 */
export class PendingBuild {
  private constructor(
    private readonly indexDir: string,
    readonly name: string,
    /** Temporary folder the build writes into. */
    readonly dir: string,
  ) {}

  static async begin(indexDir: string): Promise<PendingBuild> {
    await mkdir(path.join(indexDir, BUILDS), { recursive: true });
    await removeAbandonedTemps(indexDir);
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const dir = path.join(indexDir, `.tmp-${process.pid}-${name}`);
    await mkdir(dir, { recursive: true });
    return new PendingBuild(indexDir, name, dir);
  }

  get chunkVectorDir(): string {
    return path.join(this.dir, 'vectors', 'chunks');
  }

  get sentenceVectorDir(): string {
    return path.join(this.dir, 'vectors', 'sentences');
  }

  /** Writes the remaining files, renames the folder into place and points CURRENT at it. */
  async commit(build: BuildArtifacts): Promise<string> {
    const docIndex = new Map(build.manifest.documents.map((d, i) => [d.id, i]));
    await writeFile(path.join(this.dir, SPANS_FILE), spansToBytes(build.sentences, build.chunks.map((c) => ({ ...c, doc: docIndex.get(c.document)! }))));
    await writeFile(path.join(this.dir, LEXICAL_FILE), build.lexical.toBytes());
    await writeFile(path.join(this.dir, 'summaries.json'), JSON.stringify(build.summaries));
    await writeFile(path.join(this.dir, 'texts.json'), JSON.stringify(build.texts));
    await writeFile(path.join(this.dir, 'paragraphs.json'), JSON.stringify(build.paragraphs));
    // The manifest goes last: a folder without one is never a valid build.
    await writeFile(path.join(this.dir, 'manifest.json'), JSON.stringify(build.manifest, null, 1));
    const final = path.join(this.indexDir, BUILDS, this.name);
    await rename(this.dir, final);
    const pointerTmp = path.join(this.indexDir, `.${CURRENT}.${process.pid}`);
    await writeFile(pointerTmp, `${this.name}\n`);
    await rename(pointerTmp, currentFile(this.indexDir));
    // Old builds are only deleted once the new one is current.
    for (const old of await readdir(path.join(this.indexDir, BUILDS))) {
      if (old !== this.name) await rm(path.join(this.indexDir, BUILDS, old), { recursive: true, force: true }).catch(() => {});
    }
    return final;
  }

  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Loads the current build; throws CorruptIndexError when any part is missing or inconsistent. */
export async function loadIndex(indexDir: string, manifest: Manifest): Promise<IndexData> {
  const name = await currentBuild(indexDir);
  if (!name) throw new CorruptIndexError(`${currentFile(indexDir)} is missing`);
  const dir = path.join(indexDir, BUILDS, name);
  const { counts, model } = manifest;
  let spans: { chunks: Chunk[]; sentences: Omit<StoredSentence, 'chunk'>[] };
  let lexical: Bm25Index;
  let summaries: StoredSummaries[];
  let texts: string[];
  let paragraphs: ParagraphInfo[][];
  try {
    spans = spansFromBytes(await readFile(path.join(dir, SPANS_FILE)), manifest);
    lexical = Bm25Index.fromBytes(await readFile(path.join(dir, LEXICAL_FILE)));
    summaries = summariesSchema.parse(JSON.parse(await readFile(path.join(dir, 'summaries.json'), 'utf8')));
    texts = textsSchema.parse(JSON.parse(await readFile(path.join(dir, 'texts.json'), 'utf8')));
    paragraphs = paragraphsSchema.parse(JSON.parse(await readFile(path.join(dir, 'paragraphs.json'), 'utf8'))) as ParagraphInfo[][];
  } catch (err) {
    throw new CorruptIndexError(`index files in ${dir} are unreadable (${(err as Error).message.split('\n')[0]})`);
  }
  const outOfRange = summaries.some((s) => [...s.short, ...s.medium, ...s.long].some((id) => id >= counts.sentences));
  if (
    spans.sentences.length !== counts.sentences ||
    spans.chunks.length !== counts.chunks ||
    lexical.count !== counts.sentences ||
    summaries.length !== manifest.documents.length ||
    texts.length !== manifest.documents.length ||
    paragraphs.length !== manifest.documents.length ||
    outOfRange
  ) {
    throw new CorruptIndexError(`index files in ${dir} disagree with its manifest`);
  }
  const { chunks, sentences } = spans;
  if (chunks.some((c) => !c.document || c.lastSentence >= sentences.length)) throw new CorruptIndexError(`a chunk in ${dir} points outside the index`);
  if (sentences.some((s) => s.paragraph > (paragraphs[s.doc]?.length ?? 0))) throw new CorruptIndexError(`a sentence in ${dir} points outside its document's blocks`);
  if (sentences.some((s) => s.doc >= texts.length || s.end > texts[s.doc]!.length)) throw new CorruptIndexError(`a sentence in ${dir} points outside its document`);
  const keys = indexKeys(manifest, sentences, chunks);
  const store = vectorStore(manifest.vectorStore);
  const [chunkVectors, sentenceVectors] = await Promise.all([
    store.open({ dir: path.join(dir, 'vectors', 'chunks'), dimension: model.dimension, ids: keys.chunkKeys }),
    // Sentence vectors are only fetched by id, a few dozen per question: they may stay on disk.
    store.open({ dir: path.join(dir, 'vectors', 'sentences'), dimension: model.dimension, ids: keys.sentenceKeys, access: 'by-id' }),
  ]);
  return assembleIndex({ manifest, texts, paragraphs, sentences, chunks, lexical, summaries }, chunkVectors, sentenceVectors, dir, keys);
}

/** Stable keys of every sentence and chunk, in position order. */
export function indexKeys(
  manifest: Pick<Manifest, 'documents'>,
  sentences: readonly Pick<StoredSentence, 'doc'>[],
  chunks: readonly Pick<Chunk, 'document'>[],
): { sentenceKeys: string[]; chunkKeys: string[] } {
  const seen = new Map<string, number>();
  const next = (docId: string) => {
    const n = seen.get(docId) ?? 0;
    seen.set(docId, n + 1);
    return n;
  };
  const sentenceKeys = sentences.map((s) => {
    const id = manifest.documents[s.doc]!.id;
    return sentenceKey(id, next(`s:${id}`));
  });
  const chunkKeys = chunks.map((c) => chunkKey(c.document, next(`c:${c.document}`)));
  return { sentenceKeys, chunkKeys };
}

/** The served index from a build's parts, whether just built in memory or read from disk. */
export function assembleIndex(
  build: Omit<BuildArtifacts, 'lexical'> & { lexical: LexicalSearch },
  chunkVectors: VectorStore,
  sentenceVectors: VectorStore,
  dir: string,
  /** `indexKeys` of these sentences and chunks, when the caller already has them. */
  keys?: { sentenceKeys: string[]; chunkKeys: string[] },
): IndexData {
  // An object literal, not `{ ...s }`: spreading 137k sentences cost ~0.15 s of a 50k cold start.
  const sentences: StoredSentence[] = build.sentences.map((s) => ({ doc: s.doc, paragraph: s.paragraph, start: s.start, end: s.end, contextStart: s.contextStart, chunk: -1 }));
  for (const c of build.chunks) {
    for (let s = c.firstSentence; s <= c.lastSentence; s++) if (sentences[s]!.chunk < 0) sentences[s]!.chunk = c.id;
  }
  const { manifest, texts, paragraphs, chunks, lexical, summaries } = build;
  const { sentenceKeys, chunkKeys } = keys ?? indexKeys(manifest, sentences, chunks);
  return {
    manifest,
    texts,
    paragraphs,
    sentences,
    chunks,
    sentenceKeys,
    chunkKeys,
    sentencePosition: new Map(sentenceKeys.map((k, i) => [k, i])),
    chunkPosition: new Map(chunkKeys.map((k, i) => [k, i])),
    chunkVectors,
    sentenceVectors,
    lexical,
    summaries,
    dir,
  };
}

/** Chunks and sentences from their compact stored rows (the same rows on disk and in Postgres). */
export function spansFromRows(spans: z.infer<typeof spansSchema>, manifest: Manifest): { chunks: Chunk[]; sentences: Omit<StoredSentence, 'chunk'>[] } {
  const chunks: Chunk[] = spans.chunks.map(([doc, paragraph, start, end, firstSentence, lastSentence], id) => ({
    id,
    document: manifest.documents[doc]?.id ?? '',
    paragraph,
    start,
    end,
    firstSentence,
    lastSentence,
  }));
  const sentences = spans.sentences.map(([doc, paragraph, start, end, contextStart]) => ({ doc, paragraph, start, end, contextStart }));
  return { chunks, sentences };
}

/** "DQSP" + format 1 of the spans file, NUL-padded. */
const SPANS_MAGIC = Buffer.from('DQSP\x00\x00\x00\x01', 'latin1');
const SENTENCE_FIELDS = 5;
const CHUNK_FIELDS = 6;

/**
 * Spans as int32 LE rows, the same rows as `spansSchema` (which Postgres keeps): MAGIC; uint32
 * sentence count; uint32 chunk count; then per sentence [document index, paragraph, start, end,
 * context start] and per chunk [document index, paragraph, start, end, first sentence, last
 * sentence]. Read back with one readFile and a typed-array view instead of parsing ~1M JSON numbers.
 */
export function spansToBytes(
  sentences: readonly Omit<StoredSentence, 'chunk'>[],
  chunks: readonly (Pick<Chunk, 'paragraph' | 'start' | 'end' | 'firstSentence' | 'lastSentence'> & { doc: number })[],
): Buffer {
  const rows = new Int32Array(sentences.length * SENTENCE_FIELDS + chunks.length * CHUNK_FIELDS);
  let i = 0;
  for (const s of sentences) for (const v of [s.doc, s.paragraph, s.start, s.end, s.contextStart]) rows[i++] = v;
  for (const c of chunks) for (const v of [c.doc, c.paragraph, c.start, c.end, c.firstSentence, c.lastSentence]) rows[i++] = v;
  const header = Buffer.alloc(SPANS_MAGIC.length + 8);
  SPANS_MAGIC.copy(header);
  header.writeUInt32LE(sentences.length, SPANS_MAGIC.length);
  header.writeUInt32LE(chunks.length, SPANS_MAGIC.length + 4);
  const body = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  if (endianness() !== 'LE') body.swap32();
  return Buffer.concat([header, body]);
}

/** Chunks and sentences from `spansToBytes`'s form; throws when the bytes are not one (the caller reports a corrupt index). */
export function spansFromBytes(bytes: Buffer, manifest: Manifest): { chunks: Chunk[]; sentences: Omit<StoredSentence, 'chunk'>[] } {
  const start = SPANS_MAGIC.length + 8;
  if (bytes.length < start || !bytes.subarray(0, SPANS_MAGIC.length).equals(SPANS_MAGIC)) throw new Error('spans file is not of this version');
  const nSentences = bytes.readUInt32LE(SPANS_MAGIC.length);
  const nChunks = bytes.readUInt32LE(SPANS_MAGIC.length + 4);
  const words = nSentences * SENTENCE_FIELDS + nChunks * CHUNK_FIELDS;
  if (bytes.length !== start + words * 4) throw new Error(`spans file is ${bytes.length} bytes, expected ${start + words * 4}`);
  let body = bytes.subarray(start);
  // Int32Array needs 4-byte alignment (small files come from Node's pool at any offset), and host byte order.
  if (body.byteOffset % 4 !== 0 || endianness() !== 'LE') body = Buffer.from(Uint8Array.from(body));
  if (endianness() !== 'LE') body.swap32();
  const rows = new Int32Array(body.buffer, body.byteOffset, words);
  const sentences: Omit<StoredSentence, 'chunk'>[] = new Array(nSentences);
  for (let i = 0, at = 0; i < nSentences; i++, at += SENTENCE_FIELDS) {
    sentences[i] = { doc: rows[at]!, paragraph: rows[at + 1]!, start: rows[at + 2]!, end: rows[at + 3]!, contextStart: rows[at + 4]! };
  }
  const chunks: Chunk[] = new Array(nChunks);
  for (let i = 0, at = nSentences * SENTENCE_FIELDS; i < nChunks; i++, at += CHUNK_FIELDS) {
    chunks[i] = {
      id: i,
      document: manifest.documents[rows[at]!]?.id ?? '',
      paragraph: rows[at + 1]!,
      start: rows[at + 2]!,
      end: rows[at + 3]!,
      firstSentence: rows[at + 4]!,
      lastSentence: rows[at + 5]!,
    };
  }
  return { chunks, sentences };
}
