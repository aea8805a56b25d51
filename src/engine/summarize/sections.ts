/**
 * Sections of a Markdown page, for summaries that cover a page's sections. A stop-gap until the
 * readers (issue 11) give every block its headingPath: then a sentence's section is its block's
 * headingPath and this file goes.
 */
export interface Section {
  /** Offset where the section's heading line starts. */
  start: number;
  title: string;
}

/**
 * The page's major sections: its `##` headings, or its `###` headings when it has no `##` (a
 * page's single `#` is its title). Headings inside fenced code are not headings.
 */
export function markdownSections(text: string): Section[] {
  const byLevel = new Map<number, Section[]>();
  let fence: string | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const f = /^\s*(```|~~~)/.exec(line)?.[1];
    if (f && (fence === undefined || fence === f)) fence = fence ? undefined : f;
    else if (!fence) {
      const m = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
      if (m) {
        const level = m[1]!.length;
        byLevel.set(level, [...(byLevel.get(level) ?? []), { start: offset, title: m[2]! }]);
      }
    }
    offset += line.length + 1;
  }
  return byLevel.get(2) ?? byLevel.get(3) ?? [];
}

/** The title of the section holding `offset`, or undefined before the first one. */
export function sectionAt(sections: readonly Section[], offset: number): string | undefined {
  let title: string | undefined;
  for (const s of sections) {
    if (s.start > offset) break;
    title = s.title;
  }
  return title;
}
