/**
 * Reads a corpus folder into documents: text, title, cleaned paragraphs and sentences.
 * Bad files (empty, binary, not UTF-8, nothing but chrome) are skipped with a warning that
 * names the file; one bad file never stops the rest.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { cleanDocument } from './clean.js';
import { splitGlued } from '../chunking/captions.js';
import { splitSentences, type Span } from './sentences.js';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;

/** Longer "sentences" (tables, run-on text without punctuation) are cut so quotes stay readable. */
export const MAX_SENTENCE_CHARS = 600;

export interface Sentence extends Span {
  /** 1-based paragraph number within the document. */
  paragraph: number;
  /**
   * Where a quote of this sentence starts: the sentence itself, or the previous sentence of
   * the paragraph when this one cannot stand alone ("That is Kyiv’s prerogative.").
   */
  contextStart: number;
}

/** Sentences that lean on the previous one for their meaning. */
export const DEPENDENT_START =
  /^["“‘']?(he|she|they|it|its|this|that|these|those|there|then|but|and|so|yet|still|however|instead|such|also|both|meanwhile|as a result)\b/i;
const MIN_STANDALONE_WORDS = 8;
/** Short sentences pointing back with a pronoun or demonstrative ("…crucial to that end."). */
const SHORT_SENTENCE_WORDS = 12;
const ANAPHOR = /\b(it|they|them|he|him|she|her|this|that|these|those|such)\b/i;

/** A quotation with no speaker in it ("“We see no signs…”") … */
const BARE_QUOTATION = /^["“][^"”]*["”]$/;
/** … takes its speaker from the previous sentence when that one attributes it. */
const ATTRIBUTION = /\b(said|says|told|tells|stated|states|asked|wrote|writes|added|adds|explained|argued|according to)\b/i;

function needsContext(sentence: string, previous: string): boolean {
  const words = sentence.split(/\s+/).length;
  if (DEPENDENT_START.test(sentence) || words < MIN_STANDALONE_WORDS) return true;
  if (words < SHORT_SENTENCE_WORDS && ANAPHOR.test(sentence)) return true;
  return BARE_QUOTATION.test(sentence) && ATTRIBUTION.test(previous);
}

export interface SourceDocument {
  /** File path relative to the corpus folder, with forward slashes: the citation id. */
  id: string;
  title: string;
  text: string;
  /** sha256 of the file's bytes. */
  hash: string;
  bytes: number;
  modifiedAt: string;
  paragraphs: Span[];
  sentences: Sentence[];
}

export interface CorpusWarning {
  file: string;
  reason: string;
}

/** A readable text file of the corpus, before cleaning. */
export interface CorpusFile {
  id: string;
  text: string;
  hash: string;
  bytes: number;
  modifiedAt: string;
}

/**
 * The corpus as read from disk. Cleaning (the costly part) is left to `prepareDocuments`, which
 * only an index build needs: an up-to-date index is recognised by `hash` alone.
 */
export interface Corpus {
  dir: string;
  files: CorpusFile[];
  /** Files that could not be read as text. */
  warnings: CorpusWarning[];
  /** Hash over every file's id and content hash: changes whenever the corpus does. */
  hash: string;
}

export class CorpusError extends UserError {
  override name = 'CorpusError';
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, relPath)));
    else if (e.isFile() && SUPPORTED_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x))) out.push(relPath);
  }
  return out.sort();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Returns the decoded text, or why the bytes are not a text document. */
export function decodeText(bytes: Buffer): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'file is empty' };
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return { reason: 'file looks binary (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: 'file is not valid UTF-8 (re-save it as UTF-8)' };
  }
  // eslint-disable-next-line no-control-regex
  const control = (text.slice(0, 8192).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (control > 8) return { reason: 'file looks binary (control characters)' };
  if (text.trim() === '') return { reason: 'file is empty (only whitespace)' };
  return { text };
}

/** Cuts an overlong sentence at word boundaries, preferring clause punctuation. */
function boundSentence(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let { start } = span;
  while (span.end - start > MAX_SENTENCE_CHARS) {
    const window = text.slice(start, start + MAX_SENTENCE_CHARS);
    let cut = Math.max(window.lastIndexOf('; '), window.lastIndexOf(', '), window.lastIndexOf(' — '));
    if (cut < MAX_SENTENCE_CHARS / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = MAX_SENTENCE_CHARS;
    else cut += 1; // keep the punctuation with the first piece
    out.push({ start, end: start + cut });
    start += cut;
    while (start < span.end && /\s/.test(text[start]!)) start++;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out.map((s) => {
    let end = s.end;
    while (end > s.start && /\s/.test(text[end - 1]!)) end--;
    return { start: s.start, end };
  });
}

export function buildDocument(id: string, text: string, meta: { hash: string; bytes: number; modifiedAt: string }): SourceDocument {
  const markdown = /\.(md|markdown)$/i.test(id);
  const fallbackTitle = path.basename(id).replace(/\.[^.]+$/, '');
  const cleaned = cleanDocument(text, { markdown, fallbackTitle });
  const sentences: Sentence[] = [];
  cleaned.paragraphs.forEach((p, i) => {
    let prev: Span | undefined;
    // Photo captions glued into a sentence without a full stop become sentences of their own.
    for (const s of splitSentences(text, p.start, p.end).flatMap((span) => splitGlued(text, span))) {
      for (const piece of boundSentence(text, s)) {
        const contextStart =
          prev && needsContext(text.slice(piece.start, piece.end), text.slice(prev.start, prev.end)) ? prev.start : piece.start;
        sentences.push({ ...piece, paragraph: i + 1, contextStart });
        prev = piece;
      }
    }
  });
  return { id, title: cleaned.title, text, paragraphs: cleaned.paragraphs, sentences, ...meta };
}

export async function readCorpus(dir: string): Promise<Corpus> {
  let names: string[];
  try {
    names = await listFiles(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusError(`corpus folder ${dir} not found: create it and add .txt or .md files, or set CORPUS_DIR`);
    throw new CorpusError(`corpus folder ${dir} cannot be read (${(err as Error).message})`);
  }
  const files: CorpusFile[] = [];
  const warnings: CorpusWarning[] = [];
  for (const id of names) {
    const full = path.join(dir, id);
    try {
      const [bytes, info] = await Promise.all([readFile(full), stat(full)]);
      const decoded = decodeText(bytes);
      if ('reason' in decoded) {
        warnings.push({ file: id, reason: decoded.reason });
        continue;
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      files.push({ id, text: decoded.text, hash, bytes: bytes.length, modifiedAt: info.mtime.toISOString() });
    } catch (err) {
      warnings.push({ file: id, reason: `cannot be read (${(err as Error).message})` });
    }
  }
  return { dir, files, warnings, hash: corpusHash(files) };
}

/** Cleans every file into a document; files with no article text left are reported, not indexed. */
export function prepareDocuments(corpus: Corpus): { documents: SourceDocument[]; warnings: CorpusWarning[] } {
  const documents: SourceDocument[] = [];
  const warnings: CorpusWarning[] = [];
  for (const f of corpus.files) {
    const doc = buildDocument(f.id, f.text, { hash: f.hash, bytes: f.bytes, modifiedAt: f.modifiedAt });
    if (doc.sentences.length === 0) warnings.push({ file: f.id, reason: 'no article text found (only headings or site chrome)' });
    else documents.push(doc);
  }
  return { documents, warnings };
}

export function corpusHash(documents: readonly Pick<SourceDocument, 'id' | 'hash'>[]): string {
  const h = createHash('sha256');
  for (const d of documents) h.update(`${d.id}\0${d.hash}\n`);
  return h.digest('hex');
}
