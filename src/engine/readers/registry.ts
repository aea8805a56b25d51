/**
 * File extension → reader: a new format is one reader file plus one line in READERS. Every file in a corpus
 * folder is accounted for: either a reader takes it, or `skipReason` says why not.
 */
import path from 'node:path';
import { textReader } from './text.js';
import { UnreadableFileError, type ReadDocument, type Reader, type ReaderInput } from './types.js';

/**
 * A reader whose module (and parser library) is imported when it reads its first file: a start
 * with an up-to-date index reads no document, and importing mammoth, unpdf, parse5 and micromark
 * up front cost ~0.4 s of every start. Name and extensions are repeated here (a test checks them).
 */
function onFirstUse(name: string, extensions: readonly string[], load: () => Promise<Reader>): Reader {
  let reader: Promise<Reader> | undefined;
  return {
    name,
    extensions,
    read: async (input) => {
      reader ??= load();
      return (await reader).read(input);
    },
  };
}

export const READERS: readonly Reader[] = [
  textReader,
  onFirstUse('markdown', ['.md', '.markdown'], async () => (await import('./markdown.js')).markdownReader),
  onFirstUse('html', ['.html', '.htm', '.xhtml'], async () => (await import('./html.js')).htmlReader),
  onFirstUse('pdf', ['.pdf'], async () => (await import('./pdf.js')).pdfReader),
  onFirstUse('docx', ['.docx'], async () => (await import('./docx.js')).docxReader),
  onFirstUse('csv', ['.csv', '.tsv'], async () => (await import('./csv.js')).csvReader),
];

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

/** Extensions the corpus reader picks up, for messages ("supported are .txt .md …"). */
export function supportedExtensions(readers: readonly Reader[] = READERS): string[] {
  return readers.flatMap((r) => r.extensions);
}

/** The reader for a file name (by its lower-cased extension), if any reads it. */
export function readerFor(fileName: string, readers: readonly Reader[] = READERS): Reader | undefined {
  const ext = extensionOf(fileName);
  return readers.find((r) => r.extensions.includes(ext));
}

/** Why a file is not read, or undefined when a reader takes it. */
export function skipReason(fileName: string, readers: readonly Reader[] = READERS): string | undefined {
  if (readerFor(fileName, readers)) return undefined;
  const ext = extensionOf(fileName);
  const supported = `supported are ${supportedExtensions(readers).join(' ')}`;
  if (NOT_READ[ext]) return `${NOT_READ[ext]} (${supported})`;
  return `unsupported file type ${ext || '(no extension)'}: ${supported}`;
}

export type ReadOutcome = { ok: true; reader: string; document: ReadDocument } | { ok: false; reason: string };

/**
 * Reads one corpus file with its reader, or says in one line why it is not indexed: unsupported
 * type, empty, unreadable, a PDF without text layer… One bad file never stops the others.
 * Reasons (like every UnreadableFileError message) do not repeat the file name: callers show
 * them next to it ("skipped scan.pdf: PDF has no text layer…").
 */
export async function readDocumentFile(input: ReaderInput): Promise<ReadOutcome> {
  const reader = readerFor(input.fileName);
  if (!reader) return { ok: false, reason: skipReason(input.fileName)! };
  try {
    const document = await reader.read(input);
    if (document.blocks.length === 0) return { ok: false, reason: 'no text to quote (only markup, chrome or empty blocks)' };
    return { ok: true, reader: reader.name, document };
  } catch (err) {
    if (err instanceof UnreadableFileError) return { ok: false, reason: err.message };
    // A parser bug on one odd file must not stop the build; the message still names the file.
    return { ok: false, reason: `could not be read as ${reader.name} (${String((err as Error)?.message ?? err).split('\n')[0]})` };
  }
}
