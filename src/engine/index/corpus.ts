/**
 * The corpus folder: which files there are (those a reader handles) and their bytes and hashes.
 * Reading them into documents (the costly part) is left to `readDocuments`, which only an index
 * build needs: an up-to-date index is recognised by `hash` alone. Bad files (empty, binary, not
 * UTF-8, nothing but chrome) are skipped with a warning that names the file; one bad file never
 * stops the rest.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { TimeSlicer } from '../../domain/time-slice.js';
import { UserError } from '../../errors.js';
import type { Chunk } from '../chunking/chunker.js';
import { sourceDocument, type FileMeta, type SourceDocument } from '../chunking/document.js';
import { READERS, readerFor, skipReason, supportedExtensions } from '../readers/registry.js';
import { UnreadableFileError, type ReadDocument, type Reader } from '../readers/types.js';

export interface CorpusWarning {
  file: string;
  reason: string;
}

/** A file of the corpus, as bytes. */
export interface CorpusFile {
  id: string;
  bytes: Uint8Array;
  hash: string;
  size: number;
  modifiedAt: string;
  reader: Reader;
}

export interface Corpus {
  dir: string;
  files: CorpusFile[];
  /** Files left out before reading: unsupported types, and files that could not be read from disk. */
  warnings: CorpusWarning[];
  /** Hash over every file's id and content hash: changes whenever the corpus does. */
  hash: string;
}

export class CorpusError extends UserError {
  override name = 'CorpusError';
}

/** Files a reader handles, and every other file with why it is left out (every file is accounted for). */
async function listFiles(
  dir: string,
  readers: readonly Reader[],
  rel = '',
): Promise<{ names: string[]; unsupported: CorpusWarning[] }> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const names: string[] = [];
  const unsupported: CorpusWarning[] = [];
  for (const e of entries) {
    // Hidden files are editors' and tools' (and our own atomic saves'), not documents.
    if (e.name.startsWith('.')) continue;
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const sub = await listFiles(dir, readers, relPath);
      names.push(...sub.names);
      unsupported.push(...sub.unsupported);
    } else if (e.isFile() && readerFor(e.name, readers)) names.push(relPath);
    else if (e.isFile()) {
      unsupported.push({ file: relPath, reason: skipReason(e.name, readers) ?? 'not read' });
    }
  }
  names.sort();
  unsupported.sort((a, b) => a.file.localeCompare(b.file));
  return { names, unsupported };
}

export async function readCorpus(dir: string, readers: readonly Reader[] = READERS): Promise<Corpus> {
  let names: string[];
  let unsupported: CorpusWarning[];
  try {
    ({ names, unsupported } = await listFiles(dir, readers));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusError(`corpus folder ${dir} not found: create it and add .txt or .md files, or set CORPUS_DIR`);
    throw new CorpusError(`corpus folder ${dir} cannot be read (${(err as Error).message})`);
  }
  const read: (CorpusFile | CorpusWarning)[] = [];
  // Synchronous reads in time slices (a running bot keeps answering while it re-reads the corpus):
  // corpus files are small, and one promise-based read (open, stat, read, close on libuv's threads)
  // per file cost 4× the time of a plain read; 3,163 files of the 50k bench corpus took ~0.9 s one at a time.
  const slicer = new TimeSlicer();
  for (const id of names) {
    const full = path.join(dir, id);
    try {
      const bytes = readFileSync(full);
      const info = statSync(full);
      const hash = createHash('sha256').update(bytes).digest('hex');
      read.push({ id, bytes, hash, size: bytes.length, modifiedAt: info.mtime.toISOString(), reader: readerFor(id, readers)! });
    } catch (err) {
      read.push({ file: id, reason: `cannot be read (${(err as Error).message})` });
    }
    await slicer.tick();
  }
  const files = read.filter((r): r is CorpusFile => 'id' in r);
  const warnings: CorpusWarning[] = [...unsupported, ...read.filter((r): r is CorpusWarning => !('id' in r))];
  return { dir, files, warnings, hash: corpusHash(files) };
}

/** One file's bytes as a document, through the reader for its extension. */
export async function readDocument(id: string, bytes: Uint8Array, meta: FileMeta, readers: readonly Reader[] = READERS): Promise<SourceDocument> {
  const reader = readerFor(id, readers);
  if (!reader) throw new UnreadableFileError(`no reader for ${id} (supported: ${supportedExtensions(readers).join(', ')})`);
  return sourceDocument(id, await reader.read({ bytes, fileName: id }), meta);
}

/** What reading one file gave: a document, or why it is left out. */
export type ReadOutcome = { document: SourceDocument } | { warning: CorpusWarning };

/**
 * Files already read, by id and content hash: a running engine updating after one file changed
 * does not parse the other files again (readers are pure functions of the bytes).
 */
export type ReadCache = Map<string, ReadCacheEntry>;

export interface ReadCacheEntry {
  hash: string;
  reader: string;
  outcome: ReadOutcome;
  /**
   * The document's chunks as the last build cut them, numbered from 0 (build.ts shifts them):
   * chunking counts every sentence's tokens, ~10 % of an update of a large corpus. Valid for the
   * same bytes and token budget; the chunker's code cannot change within a process.
   */
  chunks?: { maxTokens: number; chunks: readonly Chunk[] };
}

/**
 * Reads every file into a document; files a reader refuses, or with no quotable text left, are
 * reported, not indexed. `cache` is consulted and refilled (entries of files gone are dropped).
 */
export async function readDocuments(
  corpus: Corpus,
  cache: ReadCache = new Map(),
  slicer: TimeSlicer = new TimeSlicer(),
): Promise<{ documents: SourceDocument[]; warnings: CorpusWarning[] }> {
  const documents: SourceDocument[] = [];
  const warnings: CorpusWarning[] = [];
  const seen = new Set<string>();
  for (const f of corpus.files) {
    seen.add(f.id);
    const cached = cache.get(f.id);
    let outcome: ReadOutcome;
    const same = cached !== undefined && cached.hash === f.hash && cached.reader === f.reader.name;
    if (same) {
      outcome = cached.outcome;
      // Same bytes, maybe touched: keep the file facts current.
      if ('document' in outcome) outcome = { document: { ...outcome.document, modifiedAt: f.modifiedAt } };
    } else {
      outcome = await readOne(f);
    }
    cache.set(f.id, same ? { ...cached, outcome } : { hash: f.hash, reader: f.reader.name, outcome });
    if ('document' in outcome) documents.push(outcome.document);
    else warnings.push(outcome.warning);
    // Readers are synchronous underneath their promises: without this, reading thousands of files never yields.
    await slicer.tick();
  }
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return { documents, warnings };
}

async function readOne(f: CorpusFile): Promise<ReadOutcome> {
  return (await readCorpusFile(f)).outcome;
}

/**
 * One file through its reader: the outcome an index build uses, and what the reader returned
 * (absent when it refused the file), whose skipped blocks `npm run skipped` lists.
 */
export async function readCorpusFile(f: CorpusFile): Promise<{ outcome: ReadOutcome; read?: ReadDocument }> {
  let read: ReadDocument;
  try {
    read = await f.reader.read({ bytes: f.bytes, fileName: f.id });
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    return { outcome: { warning: { file: f.id, reason: err.message } } };
  }
  const doc = sourceDocument(f.id, read, { hash: f.hash, bytes: f.size, modifiedAt: f.modifiedAt });
  if (doc.sentences.length === 0) return { outcome: { warning: { file: f.id, reason: 'no article text found (only headings or site chrome)' } }, read };
  return { outcome: { document: doc }, read };
}

export function corpusHash(files: readonly { id: string; hash: string }[]): string {
  const h = createHash('sha256');
  for (const d of files) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}
