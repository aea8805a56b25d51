/**
 * The on-disk index: every build is a complete folder under `index/builds/`, and the file
 * `index/CURRENT` names the one in use. A build is written into a temporary folder, renamed
 * into place, and only then is CURRENT replaced (write + atomic rename). A crash or Ctrl-C at
 * any point leaves either the previous index or the new one, never a half-written one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Chunk } from './chunker.js';
import { LexicalIndex } from './lexical.js';
import type { VectorStore } from './store/vector-store.js';
import { CorruptIndexError, loadVectraStore } from './store/vectra-store.js';

export const FORMAT_VERSION = 4;

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
  /** Summarizer version and profile hash the stored summaries were made with. */
  summarizer: z.string(),
  model: z.object({ id: z.string(), dimension: z.number().int().positive(), maxTokens: z.number().int().positive() }),
  corpusHash: z.string(),
  /** Files read but left out because cleaning found no article text in them. */
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
const spansSchema = z.object({ sentences: z.array(sentenceRow), chunks: z.array(chunkRow) });
const sentenceIds = z.array(z.number().int().nonnegative());
/** Per document, global sentence ids of its summary at each length, in document order. */
const summariesSchema = z.array(z.object({ short: sentenceIds, medium: sentenceIds, long: sentenceIds }));
export type StoredSummaries = z.infer<typeof summariesSchema>[number];

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

export interface IndexData {
  manifest: Manifest;
  sentences: StoredSentence[];
  chunks: Chunk[];
  chunkVectors: VectorStore;
  sentenceVectors: VectorStore;
  lexical: LexicalIndex;
  /** Per document: summary sentence ids per length, in document order (see summarize/salient.ts). */
  summaries: StoredSummaries[];
  /** The build folder. */
  dir: string;
}

export interface BuildArtifacts {
  manifest: Manifest;
  sentences: Omit<StoredSentence, 'chunk'>[];
  chunks: Chunk[];
  lexical: LexicalIndex;
  summaries: StoredSummaries[];
}

const CURRENT = 'CURRENT';
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

export type ManifestRead =
  | { status: 'missing' }
  | { status: 'outdated'; formatVersion: unknown }
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
  if (formatVersion !== FORMAT_VERSION) return { status: 'outdated', formatVersion };
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
async function removeAbandonedTemps(indexDir: string): Promise<void> {
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
    const spans = {
      sentences: build.sentences.map((s) => [s.doc, s.paragraph, s.start, s.end, s.contextStart]),
      chunks: build.chunks.map((c) => [docIndex.get(c.document)!, c.paragraph, c.start, c.end, c.firstSentence, c.lastSentence]),
    };
    await writeFile(path.join(this.dir, 'spans.json'), JSON.stringify(spans));
    await writeFile(path.join(this.dir, 'lexical.json'), build.lexical.toJSON());
    await writeFile(path.join(this.dir, 'summaries.json'), JSON.stringify(build.summaries));
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
  let spans: z.infer<typeof spansSchema>;
  let lexical: LexicalIndex;
  let summaries: StoredSummaries[];
  try {
    spans = spansSchema.parse(JSON.parse(await readFile(path.join(dir, 'spans.json'), 'utf8')));
    lexical = LexicalIndex.fromJSON(await readFile(path.join(dir, 'lexical.json'), 'utf8'));
    summaries = summariesSchema.parse(JSON.parse(await readFile(path.join(dir, 'summaries.json'), 'utf8')));
  } catch (err) {
    throw new CorruptIndexError(`index files in ${dir} are unreadable (${(err as Error).message.split('\n')[0]})`);
  }
  const outOfRange = summaries.some((s) => [...s.short, ...s.medium, ...s.long].some((id) => id >= counts.sentences));
  if (
    spans.sentences.length !== counts.sentences ||
    spans.chunks.length !== counts.chunks ||
    lexical.size !== counts.sentences ||
    summaries.length !== manifest.documents.length ||
    outOfRange
  ) {
    throw new CorruptIndexError(`index files in ${dir} disagree with its manifest`);
  }
  const [chunkVectors, sentenceVectors] = await Promise.all([
    loadVectraStore(path.join(dir, 'vectors', 'chunks'), model.dimension, counts.chunks),
    loadVectraStore(path.join(dir, 'vectors', 'sentences'), model.dimension, counts.sentences),
  ]);
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
  if (chunks.some((c) => !c.document || c.lastSentence >= sentences.length)) throw new CorruptIndexError(`a chunk in ${dir} points outside the index`);
  return assembleIndex({ manifest, sentences, chunks, lexical, summaries }, chunkVectors, sentenceVectors, dir);
}

/** The served index from a build's parts, whether just built in memory or read from disk. */
export function assembleIndex(build: BuildArtifacts, chunkVectors: VectorStore, sentenceVectors: VectorStore, dir: string): IndexData {
  const sentences: StoredSentence[] = build.sentences.map((s) => ({ ...s, chunk: -1 }));
  for (const c of build.chunks) {
    for (let s = c.firstSentence; s <= c.lastSentence; s++) if (sentences[s]!.chunk < 0) sentences[s]!.chunk = c.id;
  }
  const { manifest, chunks, lexical, summaries } = build;
  return { manifest, sentences, chunks, chunkVectors, sentenceVectors, lexical, summaries, dir };
}
