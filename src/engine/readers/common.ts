/**
 * Helpers every reader shares: telling what a file really is from its first bytes, decoding
 * text files, line numbers for offsets, and trimming spans without changing what they point at.
 */
import path from 'node:path';
import { UnreadableFileError, type Block, type BlockKind } from './types.js';

/** What a file's first bytes say it is, when that is not text (so no "re-save as UTF-8" advice for a PDF). */
export function sniffBinary(bytes: Uint8Array): { what: string; ext: string } | undefined {
  const head = Buffer.from(bytes.subarray(0, 8));
  const ascii = head.toString('latin1');
  if (ascii.startsWith('%PDF')) return { what: 'a PDF document', ext: '.pdf' };
  if (ascii.startsWith('PK\u0003\u0004')) {
    // OOXML packages name their parts near the start of the archive.
    const sample = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1');
    if (sample.includes('word/')) return { what: 'a Word document', ext: '.docx' };
    if (sample.includes('xl/')) return { what: 'an Excel workbook', ext: '.xlsx' };
    if (sample.includes('ppt/')) return { what: 'a PowerPoint presentation', ext: '.pptx' };
    return { what: 'a ZIP archive', ext: '.zip' };
  }
  if (ascii.startsWith('\u00d0\u00cf\u0011\u00e0')) return { what: 'an old Office document (.doc/.xls)', ext: '.doc' };
  if (ascii.startsWith('\u0089PNG')) return { what: 'a PNG image', ext: '.png' };
  if (ascii.startsWith('\u00ff\u00d8\u00ff')) return { what: 'a JPEG image', ext: '.jpg' };
  if (ascii.startsWith('GIF8')) return { what: 'a GIF image', ext: '.gif' };
  if (ascii.startsWith('\u001f\u008b')) return { what: 'a gzip archive', ext: '.gz' };
  return undefined;
}

/** Advice for a file whose content is not what its extension says. */
export function misnamedAdvice(fileName: string, found: { what: string; ext: string }): string {
  const readable = ['.pdf', '.docx'].includes(found.ext);
  return readable
    ? `file is ${found.what}, not text: rename it to ${path.basename(fileName).replace(/\.[^.]*$/, '')}${found.ext} so it is read as one`
    : `file is ${found.what}, not a document that can be read: remove it or convert it to text`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a text-format file, or throws why it is not one. A UTF-8 BOM is kept so offsets stay file offsets. */
export function decodeTextFile(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw new UnreadableFileError('file is empty');
  const found = sniffBinary(bytes);
  if (found) throw new UnreadableFileError(misnamedAdvice(fileName, found));
  if (bytes.subarray(0, 8192).includes(0)) throw new UnreadableFileError('file looks binary (contains NUL bytes), not text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new UnreadableFileError('file is not valid UTF-8 text: re-save it as UTF-8');
  }
  if (text.trim() === '') throw new UnreadableFileError('file is empty (only whitespace)');
  return text;
}

export function titleFromFileName(fileName: string): string {
  return path.basename(fileName).replace(/\.[^.]+$/, '');
}

/** 1-based line number of an offset, by binary search over line starts. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The span without surrounding whitespace (empty when it is all whitespace). */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** A table row's block: the row verbatim, plus the header cells so it can be shown as "header: value". */
export interface TableRowBlock extends Block {
  kind: 'table-row';
  /** Cell texts of the row (display), and of the table's header row when there is one. */
  cells: string[];
  header?: string[];
}

/** "header: value" text for a table row (display and embedding), or the cells joined when there is no header. */
export function tableRowDisplay(row: Pick<TableRowBlock, 'cells' | 'header'>): string {
  if (!row.header) return row.cells.join(' | ');
  return row.cells.map((c, i) => (row.header![i] ? `${row.header![i]}: ${c}` : c)).join('; ');
}

export function isTableRow(b: Block): b is TableRowBlock {
  return b.kind === 'table-row' && Array.isArray((b as Partial<TableRowBlock>).cells);
}

/** Builds blocks over a canonical text that is written as it is read (HTML, DOCX, PDF). */
export class TextBuilder {
  text = '';
  readonly blocks: Block[] = [];
  readonly skipped: { start: number; end: number; reason: string }[] = [];

  /** Appends `content` as its own block, separated from what precedes by a blank line. */
  add(content: string, kind: BlockKind, headingPath: string[], extra: Partial<Block> & Record<string, unknown> = {}): Block | undefined {
    const span = this.append(content);
    if (!span) return undefined;
    const block = { kind, ...span, headingPath: [...headingPath], ...extra } as Block;
    this.blocks.push(block);
    return block;
  }

  /** Appends text that is kept in the canonical text but never quoted (chrome), with why. */
  skip(content: string, reason: string): void {
    const span = this.append(content);
    if (span) this.skipped.push({ ...span, reason });
    else this.skipped.push({ start: this.text.length, end: this.text.length, reason });
  }

  private append(content: string): { start: number; end: number } | undefined {
    const t = content.replace(/^\s+|\s+$/g, '');
    if (t === '') return undefined;
    if (this.text !== '') this.text += '\n\n';
    const start = this.text.length;
    this.text += t;
    return { start, end: this.text.length };
  }
}
