/**
 * Where a quote sits, in words for people (section, page, lines), and what to show of it. The
 * citation's offsets stay the exact reference: only `display` may differ from the quote.
 */
import type { CitationLocation } from '../../domain/types.js';
import { SECTION_SEPARATOR } from '../../domain/citation.js';
import type { IndexData } from '../index/snapshot.js';
import { simplifyMarkdown } from '../readers/display.js';

const MARKDOWN = /\.(md|markdown)$/i;

/** 1-based line of an offset: text formats keep the file as canonical text, so this is the file's line. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where a quote is, for people: section, PDF page, file lines (only what the reader knew). */
export function quotePlace(index: Pick<IndexData, 'paragraphs' | 'texts'>, doc: number, paragraph: number, start: number, end: number): Pick<CitationLocation, 'section' | 'page' | 'lines'> {
  const info = index.paragraphs[doc]?.[paragraph - 1];
  if (!info) return {};
  const text = index.texts[doc]!;
  const out: Pick<CitationLocation, 'section' | 'page' | 'lines'> = {};
  if (info.headingPath.length) out.section = info.headingPath.join(SECTION_SEPARATOR);
  if (info.page !== undefined) out.page = info.page;
  // A block's own range would overstate a quote of one of its sentences: lines come from the quote.
  if (info.lines) out.lines = [lineAt(text, start), lineAt(text, Math.max(start, end - 1))];
  return out;
}

/** The place, the block kind and what to show of an answer's quote. */
export function citationLocation(index: Pick<IndexData, 'paragraphs' | 'texts' | 'manifest'>, doc: number, paragraph: number, start: number, end: number): CitationLocation {
  const info = index.paragraphs[doc]?.[paragraph - 1];
  if (!info) return {};
  const out: CitationLocation = { kind: info.kind, ...quotePlace(index, doc, paragraph, start, end) };
  if (info.kind !== 'code' && MARKDOWN.test(index.manifest.documents[doc]?.id ?? '')) {
    const quote = index.texts[doc]!.slice(start, end);
    const shown = simplifyMarkdown(quote);
    if (shown !== quote && shown !== '') out.display = shown;
  }
  return out;
}
