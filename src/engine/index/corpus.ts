/**
 * The corpus folder: which files there are (those a reader handles) and their bytes and hashes.
 * Reading them into documents (the costly part) is left to `readDocuments`, which only an index
 * build needs: an up-to-date index is recognised by `hash` alone. Bad files (empty, binary, not
 * UTF-8, nothing but chrome) are skipped with a warning that names the file; one bad file never
 * stops the rest.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { sourceDocument, type FileMeta, type SourceDocument } from '../chunking/document.js';
import { READERS, readerFor, skipReason, supportedExtensions } from '../readers/registry.js';
import { UnreadableFileError, type Reader } from '../readers/types.js';

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
  /** Files not read: unsupported type (with what to do), or unreadable from disk. */
  warnings: CorpusWarning[];
  /** Hash over every file's id and content hash: changes whenever the corpus does. */
  hash: string;
}

export class CorpusError extends UserError {
  override name = 'CorpusError';
}

/** Files a reader takes, and every other file with why it is not read (nothing is ignored silently). */
async function listFiles(dir: string, readers: readonly Reader[], rel = ''): Promise<{ names: string[]; skipped: CorpusWarning[] }> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const names: string[] = [];
  const skipped: CorpusWarning[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const sub = await listFiles(dir, readers, relPath);
      names.push(...sub.names);
      skipped.push(...sub.skipped);
    } else if (e.isFile()) {
      const reason = skipReason(e.name, readers);
      if (reason === undefined) names.push(relPath);
      else skipped.push({ file: relPath, reason });
    }
  }
  return { names: names.sort(), skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)) };
}

export async function readCorpus(dir: string, readers: readonly Reader[] = READERS): Promise<Corpus> {
  let names: string[];
  let unsupported: CorpusWarning[];
  try {
    ({ names, skipped: unsupported } = await listFiles(dir, readers));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusError(`corpus folder ${dir} not found: create it and add .txt or .md files, or set CORPUS_DIR`);
    throw new CorpusError(`corpus folder ${dir} cannot be read (${(err as Error).message})`);
  }
  const files: CorpusFile[] = [];
  const warnings: CorpusWarning[] = [...unsupported];
  for (const id of names) {
    const full = path.join(dir, id);
    try {
      const [bytes, info] = await Promise.all([readFile(full), stat(full)]);
      const hash = createHash('sha256').update(bytes).digest('hex');
      files.push({ id, bytes, hash, size: bytes.length, modifiedAt: info.mtime.toISOString(), reader: readerFor(id, readers)! });
    } catch (err) {
      warnings.push({ file: id, reason: `cannot be read (${(err as Error).message})` });
    }
  }
  return { dir, files, warnings, hash: corpusHash(files) };
}

/** One file's bytes as a document, through the reader for its extension. */
export async function readDocument(id: string, bytes: Uint8Array, meta: FileMeta, readers: readonly Reader[] = READERS): Promise<SourceDocument> {
  const reader = readerFor(id, readers);
  if (!reader) throw new UnreadableFileError(`no reader for ${id} (supported: ${supportedExtensions(readers).join(', ')})`);
  return sourceDocument(id, await reader.read({ bytes, fileName: id }), meta);
}

/**
 * Reads every file into a document; files a reader refuses, or with no quotable text left, are
 * reported, not indexed.
 */
export async function readDocuments(corpus: Corpus): Promise<{ documents: SourceDocument[]; warnings: CorpusWarning[] }> {
  const documents: SourceDocument[] = [];
  const warnings: CorpusWarning[] = [];
  for (const f of corpus.files) {
    let doc: SourceDocument;
    try {
      const read = await f.reader.read({ bytes: f.bytes, fileName: f.id });
      doc = sourceDocument(f.id, read, { hash: f.hash, bytes: f.size, modifiedAt: f.modifiedAt });
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      warnings.push({ file: f.id, reason: err.message });
      continue;
    }
    if (doc.sentences.length === 0) warnings.push({ file: f.id, reason: 'no article text found (only headings or site chrome)' });
    else documents.push(doc);
  }
  return { documents, warnings };
}

export function corpusHash(files: readonly { id: string; hash: string }[]): string {
  const h = createHash('sha256');
  for (const d of files) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}
