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
import { documentsFromBytes, documentsToBytes } from './documents-file.js';
import type { LexicalSearch } from '../lexical/types.js';
import type { IdPositions, VectorStore } from '../stores/types.js';
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
 * 10: document texts and blocks in one binary file (`documents.bin`, see documents-file.ts)
 *    instead of `texts.json` and `paragraphs.json` (~0.4 s of parsing and zod at 50k chunks).
 */
export const FORMAT_VERSION = 10;

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
const blockKind = z.enum(['heading', 'paragraph', 'list-item', 'table-row', 'code', 'quote', 'note']);
/** Per document, per paragraph (quotable block): kind and location (Postgres keeps them as JSON; on disk see documents-file.ts). */
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
  sentencePosition: KeyPositions;
  chunkPosition: KeyPositions;
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
/** Document texts and blocks (see documents-file.ts). */
const DOCUMENTS_FILE = 'documents.bin';
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
    await writeFile(path.join(this.dir, DOCUMENTS_FILE), documentsToBytes(build.texts, build.paragraphs));
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
  let spans: { chunks: Chunk[]; sentences: StoredSentence[] };
  let lexical: Bm25Index;
  let summaries: StoredSummaries[];
  let texts: string[];
  let paragraphs: ParagraphInfo[][];
  try {
    // Read together: the reads wait on the disk (or page cache) while earlier files are decoded.
    const [spansBytes, lexicalBytes, summariesText, documentsBytes] = await Promise.all([
      readFile(path.join(dir, SPANS_FILE)),
      readFile(path.join(dir, LEXICAL_FILE)),
      readFile(path.join(dir, 'summaries.json'), 'utf8'),
      readFile(path.join(dir, DOCUMENTS_FILE)),
    ]);
    spans = spansFromBytes(spansBytes, manifest);
    lexical = Bm25Index.fromBytes(lexicalBytes);
    summaries = summariesFromJson(JSON.parse(summariesText), counts.sentences);
    ({ texts, paragraphs } = documentsFromBytes(documentsBytes, { documents: manifest.documents.length, blocksOf: (d) => manifest.documents[d]!.paragraphs }));
  } catch (err) {
    throw new CorruptIndexError(`index files in ${dir} are unreadable (${(err as Error).message.split('\n')[0]})`);
  }
  if (
    spans.sentences.length !== counts.sentences ||
    spans.chunks.length !== counts.chunks ||
    lexical.count !== counts.sentences ||
    summaries.length !== manifest.documents.length ||
    texts.length !== manifest.documents.length ||
    paragraphs.length !== manifest.documents.length
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
    store.open({ dir: path.join(dir, 'vectors', 'chunks'), dimension: model.dimension, ids: keys.chunkKeys, positions: keys.chunkPosition }),
    // Sentence vectors are only fetched by id, a few dozen per question: they may stay on disk.
    store.open({ dir: path.join(dir, 'vectors', 'sentences'), dimension: model.dimension, ids: keys.sentenceKeys, positions: keys.sentencePosition, access: 'by-id' }),
  ]);
  return assembleIndex({ manifest, texts, paragraphs, sentences, chunks, lexical, summaries }, chunkVectors, sentenceVectors, dir, keys);
}

/** Position of a stable key, as a Map from key to position would give it (undefined: no such key). */
export type KeyPositions = IdPositions;

/**
 * Positions of keys `<document id>#<letter><ordinal>` whose positions run document by document:
 * the position is the document's first position plus the ordinal, so nothing is stored per key
 * (a Map of 187k keys at 50k chunks cost ~0.1 s at every start).
 */
class ContiguousKeyPositions implements KeyPositions {
  constructor(
    private readonly keys: readonly string[],
    private readonly letter: string,
    /** Per document id, the position of its first key. */
    private readonly first: ReadonlyMap<string, number>,
  ) {}

  get(key: string): number | undefined {
    const hash = key.lastIndexOf('#');
    if (hash < 0 || key[hash + 1] !== this.letter) return undefined;
    const first = this.first.get(key.slice(0, hash));
    if (first === undefined) return undefined;
    const position = first + Number(key.slice(hash + 2));
    // Confirms the key (and rejects forms such as "s01" or "s1.0" that Number also reads).
    return this.keys[position] === key ? position : undefined;
  }
}

/**
 * Our own summaries.json, checked by hand (the same rules as `summariesSchema`, which Postgres
 * uses): zod over ~10k arrays of ids cost ~30 ms of every start. Throws when anything is off.
 */
function summariesFromJson(json: unknown, sentences: number): StoredSummaries[] {
  const ids = (v: unknown) => Array.isArray(v) && v.every((id) => Number.isInteger(id) && id >= 0 && id < sentences);
  if (!Array.isArray(json)) throw new Error('summaries are not a list');
  for (const s of json as unknown[]) {
    const { short, medium, long } = (s ?? {}) as Record<string, unknown>;
    if (!ids(short) || !ids(medium) || !ids(long)) throw new Error('a summary holds something other than sentence ids of this index');
  }
  return json as StoredSummaries[];
}

/** Stable keys of every sentence and chunk in position order, and the position of each key. */
export function indexKeys(
  manifest: Pick<Manifest, 'documents'>,
  sentences: readonly Pick<StoredSentence, 'doc'>[],
  chunks: readonly Pick<Chunk, 'document'>[],
): { sentenceKeys: string[]; chunkKeys: string[]; sentencePosition: KeyPositions; chunkPosition: KeyPositions } {
  const numbered = <T>(items: readonly T[], docOf: (item: T) => string, key: (docId: string, n: number) => string, letter: string) => {
    const next = new Map<string, number>();
    const first = new Map<string, number>();
    let contiguous = true;
    const keys = items.map((item, position) => {
      const docId = docOf(item);
      const n = next.get(docId) ?? 0;
      next.set(docId, n + 1);
      if (n === 0) first.set(docId, position);
      else if (first.get(docId)! + n !== position) contiguous = false;
      return key(docId, n);
    });
    const positions: KeyPositions = contiguous ? new ContiguousKeyPositions(keys, letter, first) : new Map(keys.map((k, i) => [k, i]));
    return { keys, positions };
  };
  const s = numbered(sentences, (x) => manifest.documents[x.doc]!.id, sentenceKey, 's');
  const c = numbered(chunks, (x) => x.document, chunkKey, 'c');
  return { sentenceKeys: s.keys, chunkKeys: c.keys, sentencePosition: s.positions, chunkPosition: c.positions };
}

/** The served index from a build's parts, whether just built in memory or read from disk. */
export function assembleIndex(
  build: Omit<BuildArtifacts, 'lexical'> & { lexical: LexicalSearch },
  chunkVectors: VectorStore,
  sentenceVectors: VectorStore,
  dir: string,
  /** `indexKeys` of these sentences and chunks, when the caller already has them. */
  keys?: ReturnType<typeof indexKeys>,
): IndexData {
  // Sentences read from disk come with their `chunk` field (-1) and are completed in place; the
  // others are copied as object literals, not `{ ...s }` (spreading 137k cost ~0.15 s at 50k).
  const sentences: StoredSentence[] = build.sentences.map((s) =>
    'chunk' in s && s.chunk === -1 ? (s as StoredSentence) : { doc: s.doc, paragraph: s.paragraph, start: s.start, end: s.end, contextStart: s.contextStart, chunk: -1 },
  );
  for (const c of build.chunks) {
    for (let s = c.firstSentence; s <= c.lastSentence; s++) if (sentences[s]!.chunk < 0) sentences[s]!.chunk = c.id;
  }
  const { manifest, texts, paragraphs, chunks, lexical, summaries } = build;
  const { sentenceKeys, chunkKeys, sentencePosition, chunkPosition } = keys ?? indexKeys(manifest, sentences, chunks);
  return {
    manifest,
    texts,
    paragraphs,
    sentences,
    chunks,
    sentenceKeys,
    chunkKeys,
    sentencePosition,
    chunkPosition,
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
export function spansFromBytes(bytes: Buffer, manifest: Manifest): { chunks: Chunk[]; sentences: StoredSentence[] } {
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
  const sentences: StoredSentence[] = new Array(nSentences);
  for (let i = 0, at = 0; i < nSentences; i++, at += SENTENCE_FIELDS) {
    // `chunk` is filled in by assembleIndex, on these same objects.
    sentences[i] = { doc: rows[at]!, paragraph: rows[at + 1]!, start: rows[at + 2]!, end: rows[at + 3]!, contextStart: rows[at + 4]!, chunk: -1 };
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
