/**
 * How a citation's location reads, the same in the CLI and on Discord: "Title › Section, p. 12"
 * for what it is, "file.md:120–124" for where it is.
 */
import type { CitationLocation } from './types.js';

/** Joins a heading path, as shown to users ("Server Options › server.port"). */
export const SECTION_SEPARATOR = ' › ';

export interface Located extends CitationLocation {
  document: string;
  title: string;
}

/** The location fields that are known, and only those: JSON output and stored records stay small and stable. */
export function knownLocation({ section, page, lines }: CitationLocation): Pick<CitationLocation, 'section' | 'page' | 'lines'> {
  return { ...(section !== undefined ? { section } : {}), ...(page !== undefined ? { page } : {}), ...(lines !== undefined ? { lines } : {}) };
}

export function hasLocation(c: CitationLocation): boolean {
  return c.section !== undefined || c.page !== undefined || c.lines !== undefined;
}

/** "Title › Section, p. 12" (section and page when known). */
export function citationHeading(c: Located): string {
  const path = c.section ? c.section.split(SECTION_SEPARATOR) : [];
  // A page's top heading is usually its title: "Guide › Guide › Port" says it twice.
  if (path[0] === c.title) path.shift();
  const base = [c.title, ...path].join(SECTION_SEPARATOR);
  return c.page !== undefined ? `${base}, p. ${c.page}` : base;
}

/** "file.md:120–124" (or ":120" for one line), else the file name. */
export function citationRef(c: Located): string {
  if (!c.lines) return c.document;
  const [a, b] = c.lines;
  return `${c.document}:${a === b ? a : `${a}–${b}`}`;
}

/** "3", or "3–4" for a quote that runs over two paragraphs. */
export function paragraphLabel(c: { paragraph: number; lastParagraph?: number }): string {
  return c.lastParagraph !== undefined && c.lastParagraph !== c.paragraph ? `${c.paragraph}–${c.lastParagraph}` : String(c.paragraph);
}

/** What is shown of a quote: simplified markup when the engine gave one, else the quote itself. */
export function shownQuote(c: { quote: string; display?: string; kind?: string }): string {
  return c.display ?? c.quote;
}
