/**
 * Adding and removing corpus files from outside the folder (Discord uploads): a safe file name,
 * the bytes checked by the reader BEFORE anything is written, and an atomic save (temporary
 * hidden file, then link/rename), so the corpus never holds a half-written or unreadable upload.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { sourceDocument } from '../chunking/document.js';
import { readerFor, supportedExtensions } from '../readers/registry.js';
import { UnreadableFileError, type ReadDocument } from '../readers/types.js';

/** Longest file name kept (most file systems allow 255 bytes; leave room for the temporary prefix). */
const MAX_NAME = 120;

export class DocumentFileError extends UserError {
  override name = 'DocumentFileError';
}

/**
 * The name an uploaded file is saved under: its last path segment only (no folders, so no path
 * traversal), characters outside letters, digits, `.`, `_`, `-` replaced, no leading dot (hidden
 * files are ignored), extension lower-cased. Throws DocumentFileError when nothing usable is left
 * or no reader handles the extension.
 */
export function safeFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // Not path.extname: it sees no extension in ".md", which must be refused as a name, not as a type.
  const ext = (/\.[^.]+$/.exec(last)?.[0] ?? '').toLowerCase();
  const stem = last
    .slice(0, last.length - ext.length)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, MAX_NAME - ext.length);
  if (!readerFor(`x${ext}`)) {
    throw new DocumentFileError(`${last || 'this file'}: unsupported type${ext ? ` (${ext})` : ''}; supported are ${supportedExtensions().join(', ')}`);
  }
  if (!stem) throw new DocumentFileError(`"${last}" is not a usable file name: rename the file and upload it again`);
  return `${stem}${ext}`;
}

export interface CheckedFile {
  name: string;
  read: ReadDocument;
  /** Quotable paragraphs and sentences found. */
  paragraphs: number;
  sentences: number;
}

/** Reads the bytes as the index build will; throws DocumentFileError with the reason when they are not a document. */
export async function checkDocumentBytes(name: string, bytes: Uint8Array): Promise<CheckedFile> {
  const reader = readerFor(name);
  if (!reader) throw new DocumentFileError(`${name}: unsupported type; supported are ${supportedExtensions().join(', ')}`);
  let read: ReadDocument;
  try {
    read = await reader.read({ bytes, fileName: name });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new DocumentFileError(`${name} cannot be indexed: ${err.message}`);
    // A parser choking on a malformed file is the file's problem, not a bug of ours.
    throw new DocumentFileError(`${name} cannot be indexed: it looks damaged (${(err as Error).message.split('\n')[0]})`);
  }
  const doc = sourceDocument(name, read, { hash: '', bytes: bytes.length, modifiedAt: '' });
  if (doc.sentences.length === 0) throw new DocumentFileError(`${name} cannot be indexed: no quotable text found in it`);
  return { name, read, paragraphs: doc.paragraphs.length, sentences: doc.sentences.length };
}

/** What a save replaced, so a failed index update can put it back. */
export interface SavedFile {
  path: string;
  previous: Buffer | undefined;
  undo(): Promise<void>;
}

/** Writes `bytes` as `corpusDir/name` atomically; refuses to overwrite unless `replace`. */
export async function saveCorpusFile(corpusDir: string, name: string, bytes: Uint8Array, replace: boolean): Promise<SavedFile> {
  const final = path.join(corpusDir, name);
  if (path.dirname(final) !== path.resolve(corpusDir)) throw new DocumentFileError(`"${name}" is not a plain file name`);
  const previous = await readFile(final).catch(() => undefined);
  if (previous && !replace) throw new DocumentFileError(`${name} already exists: upload it again with replace:true to replace it`);
  const tmp = path.join(corpusDir, `.upload-${randomBytes(4).toString('hex')}-${name}`);
  await writeFile(tmp, bytes);
  try {
    if (replace) await rename(tmp, final);
    else {
      // link() fails if the name appeared meanwhile: never overwrite without replace.
      await link(tmp, final).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new DocumentFileError(`${name} already exists: upload it again with replace:true to replace it`) : err;
      });
      await unlink(tmp);
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return {
    path: final,
    previous,
    undo: async () => {
      if (previous) await writeFile(final, previous);
      else await rm(final, { force: true });
    },
  };
}
