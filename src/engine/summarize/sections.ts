/**
 * A document's major sections, from the headingPath the readers give every block (Markdown and
 * HTML headings, PDF and DOCX headings, a text file's title and subheads), so a page summary can
 * cover its sections rather than its opening only.
 */
import { SECTION_SEPARATOR } from '../../domain/citation.js';

/**
 * Per block (by its headingPath), the major section holding it: the shallowest heading level at
 * which the document splits into at least two sections. A page's single title ("# Guide" over
 * "## Install", "## Configure") is not a section of its own, so the level under it is used; text
 * before the first such heading, and every block of a document with fewer than two sections, has
 * none (undefined).
 */
export function majorSections(paths: readonly (readonly string[])[]): (string | undefined)[] {
  const deepest = Math.max(0, ...paths.map((p) => p.length));
  for (let depth = 1; depth <= deepest; depth++) {
    const keys = paths.map((p) => (p.length >= depth ? p.slice(0, depth).join(SECTION_SEPARATOR) : undefined));
    if (new Set(keys.filter((k) => k !== undefined)).size >= 2) return keys;
  }
  return paths.map(() => undefined);
}
