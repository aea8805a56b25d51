/**
 * Which reader reads which file, by extension: one line per reader. Every file in a corpus
 * folder is accounted for: either a reader takes it, or `skipReason` says why not.
 */
import path from 'node:path';
import { csvReader } from './csv.js';
import { docxReader } from './docx.js';
import { htmlReader } from './html.js';
import { markdownReader } from './markdown.js';
import { pdfReader } from './pdf.js';
import { textReader } from './text.js';
import type { Reader } from './types.js';

export const READERS: readonly Reader[] = [textReader, markdownReader, htmlReader, pdfReader, docxReader, csvReader];

/** Formats that are recognised but not read, with what to do instead. */
const NOT_READ: Record<string, string> = {
  '.rst': 'reStructuredText is not read: convert it to Markdown (e.g. `pandoc -f rst -t gfm`) and add the .md',
  '.doc': 'old Word .doc files are not read: save it as .docx',
  '.odt': 'OpenDocument text is not read: save it as .docx or PDF',
  '.rtf': 'RTF is not read: save it as .docx or PDF',
  '.xlsx': 'spreadsheets are not read: export the sheet as CSV',
  '.xls': 'spreadsheets are not read: export the sheet as CSV',
  '.pptx': 'presentations are not read: export it as PDF',
};

export function extensionOf(fileName: string): string {
  return path.extname(fileName).toLowerCase();
}

export function supportedExtensions(): string[] {
  return READERS.flatMap((r) => r.extensions);
}

export function readerFor(fileName: string): Reader | undefined {
  const ext = extensionOf(fileName);
  return READERS.find((r) => r.extensions.includes(ext));
}

/** Why a file is not read, or undefined when a reader takes it. */
export function skipReason(fileName: string): string | undefined {
  if (readerFor(fileName)) return undefined;
  const ext = extensionOf(fileName);
  const supported = `supported are ${supportedExtensions().join(' ')}`;
  if (NOT_READ[ext]) return `${NOT_READ[ext]} (${supported})`;
  return `unsupported file type ${ext || '(no extension)'}: ${supported}`;
}
