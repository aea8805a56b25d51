/**
 * What a block looks like in a reply. The citation's offsets always point at the exact source;
 * only the shown text is simplified: Markdown syntax Discord cannot render (relative links,
 * images, HTML/JSX tags, heading anchors, "> " of continued quote lines) goes, and a table row
 * is shown as "header: value". Code is shown verbatim (the caller wraps it in a code fence).
 */
import { isTableRow, tableRowDisplay } from './common.js';
import type { Block, ReadDocument } from './types.js';

/** Simplifies Markdown source for display; links stay clickable only when absolute. */
export function simplifyMarkdown(src: string): string {
  return src
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images first: badges nest them inside links
    .replace(/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) => (/^https?:\/\//.test(url) ? `[${label}](${url})` : label))
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\s*\{#[\w-]+\}\s*$/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export function displayText(doc: ReadDocument, block: Block, opts: { markdown: boolean }): string {
  if (isTableRow(block)) return tableRowDisplay(block);
  const src = doc.text.slice(block.start, block.end);
  if (block.kind === 'code' || !opts.markdown) return src;
  return simplifyMarkdown(src);
}
