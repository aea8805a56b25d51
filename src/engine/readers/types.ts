/**
 * A reader turns a file's bytes into a document: one canonical text plus the blocks of it that
 * can be quoted. Every quote the engine shows is `text.slice(start, end)` of a block (or of a
 * sentence inside one), so readers never rewrite text after choosing offsets.
 *
 * For text formats (.txt, .md) `text` is the file itself, so a quote is a substring of the file.
 * For PDF/HTML/DOCX it is the text the reader extracted; the index stores it.
 */
import { UserError } from '../../errors.js';

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'code' | 'quote' | 'note';

export interface Block {
  kind: BlockKind;
  /** Offsets into `ReadDocument.text`. */
  start: number;
  end: number;
  /** Titles of the enclosing sections, outermost first (a heading's own title is not included). */
  headingPath: string[];
  /** 1-based page (PDF). */
  page?: number;
  /** 1-based first and last line in the source file (text formats). */
  lines?: [number, number];
}

/** Text left out on purpose (site chrome, front matter), with why: every skip can be listed. */
export interface SkippedBlock {
  start: number;
  end: number;
  reason: string;
}

export interface ReadDocument {
  /** Canonical text; every block's offsets point into it. */
  text: string;
  title: string;
  /** Content in document order. Headings are blocks too; the engine decides what it quotes. */
  blocks: Block[];
  skipped: SkippedBlock[];
  /** Number of pages, for paged formats. */
  pages?: number;
}

export interface ReaderInput {
  bytes: Uint8Array;
  /** Path relative to the corpus folder, forward slashes (the document id). */
  fileName: string;
}

export interface Reader {
  /** Short name for logs and `/sources` ("text", "markdown", "pdf"…). */
  readonly name: string;
  /** Lower-case extensions with the dot, e.g. ['.md', '.markdown']. */
  readonly extensions: readonly string[];
  /** Throws UnreadableFileError with a reason a user can act on. */
  read(input: ReaderInput): Promise<ReadDocument>;
}

/** A file that cannot be read as a document; the message is the reason shown to users. */
export class UnreadableFileError extends UserError {
  override name = 'UnreadableFileError';
}
