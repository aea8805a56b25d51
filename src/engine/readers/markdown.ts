/**
 * Markdown reader on `mdast-util-from-markdown` (the parser behind remark/unified, CommonMark
 * compliant, maintained by the unified collective) with the GFM table and front-matter
 * extensions. It was chosen over markdown-it because every mdast node carries exact source
 * offsets, so blocks point straight into the file: a quote is a substring of the file without
 * any searching back. VitePress `::: tip` containers and GitHub `> [!NOTE]` alerts are not
 * CommonMark; they are recognised on top of the tree (marker lines skipped, content kind 'note').
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Nodes, Parents, Root, RootContent, TableRow } from 'mdast';
import { decodeTextFile, lineIndex, titleFromFileName, trimSpan, type TableRowBlock } from './common.js';
import type { Block, BlockKind, ReadDocument, Reader, ReaderInput, SkippedBlock } from './types.js';

/** `::: tip Title` opens a container, a bare `:::` closes it (markdown-it-container syntax). */
const CONTAINER_OPEN = /^\s*:{3,}\s*([\w-]+)/;
const CONTAINER_CLOSE = /^\s*:{3,}\s*$/;
const ALERT = /^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION|INFO|DANGER)\]\s*$/i;
/** Custom heading anchors (`## Title {#id}`) are markup, not title text. */
const HEADING_ANCHOR = /\s*\{#[^}]*\}\s*$/;
const RAW_HTML_ONLY = /^\s*<(script|style)\b/i;
/** VitePress directives that render generated content: a table of contents, an imported code file. */
const DIRECTIVE = /^\s*(\[\[toc\]\]|<<<\s+\S+.*)\s*$/i;

/** Text a reader would see: link text yes, image and HTML markup no. */
function plain(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
    case 'html':
    case 'definition':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(plain).join('') : '';
  }
}

const hasText = (s: string) => /[\p{L}\p{N}]/u.test(s);

function htmlText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
}

function frontMatterTitle(value: string): string | undefined {
  const m = /^title\s*[:=]\s*["']?(.+?)["']?\s*$/im.exec(value);
  return m?.[1];
}

export function readMarkdownText(text: string, fileName: string): ReadDocument {
  const tree: Root = fromMarkdown(text, {
    extensions: [gfmTable(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [gfmTableFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml'])],
  });
  const lineOf = lineIndex(text);
  const blocks: Block[] = [];
  const skipped: SkippedBlock[] = [];
  const path: string[] = []; // heading titles by depth - 1
  let title: string | undefined;
  let containers = 0; // open ::: containers

  const offsets = (n: Nodes) => ({ start: n.position!.start.offset!, end: n.position!.end.offset! });
  const headingPath = () => path.filter((p) => p !== undefined && p !== '');

  const emit = (kind: BlockKind, start: number, end: number, extra: Record<string, unknown> = {}) => {
    const span = trimSpan(text, start, end);
    if (span.end <= span.start) return;
    blocks.push({ kind, ...span, headingPath: headingPath(), lines: [lineOf(span.start), lineOf(span.end - 1)], ...extra } as Block);
  };
  const skip = (start: number, end: number, reason: string) => {
    const span = trimSpan(text, start, end);
    if (span.end > span.start) skipped.push({ ...span, reason });
  };

  /**
   * A paragraph's lines, with container marker lines taken out (they may share a paragraph with
   * the text when there is no blank line between them).
   */
  const paragraph = (start: number, end: number, kind: BlockKind) => {
    const lines = text.slice(start, end).split('\n');
    let runStart = start;
    let pos = start;
    const flush = (upTo: number) => emit(containers > 0 && kind === 'paragraph' ? 'note' : kind, runStart, upTo);
    for (const line of lines) {
      const lineEnd = pos + line.length;
      const open = CONTAINER_OPEN.exec(line);
      if (open || CONTAINER_CLOSE.test(line)) {
        flush(pos);
        // A callout's own title ("::: warning Does not work with SSR") is content: it opens the note.
        const marker = open && hasText(line.slice(open[0].length)) ? open[0].length + /^\s*/.exec(line.slice(open[0].length))![0].length : line.length;
        skip(pos, pos + marker, open ? 'callout marker (::: container)' : 'callout end marker');
        containers = open ? containers + 1 : Math.max(0, containers - 1);
        runStart = pos + marker;
        if (marker === line.length) runStart = lineEnd + 1;
      }
      pos = lineEnd + 1;
    }
    flush(end);
  };

  /** Code content without its fences: what a reader copies. */
  const code = (start: number, end: number) => {
    const src = text.slice(start, end);
    const fence = /^(\s*)(`{3,}|~{3,})[^\n]*\n?/.exec(src);
    if (!fence) return emit('code', start, end);
    let bodyEnd = end;
    const close = /\n\s*(`{3,}|~{3,})\s*$/.exec(src);
    if (close && src.length > fence[0].length) bodyEnd = start + close.index;
    const bodyStart = start + fence[0].length;
    if (bodyEnd <= bodyStart || text.slice(bodyStart, bodyEnd).trim() === '') return skip(start, end, 'empty code block');
    // Keep indentation: trimSpan would cut the first line's leading spaces, which are code.
    let s = bodyStart;
    while (s < bodyEnd && text[s] === '\n') s++;
    let e = bodyEnd;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    blocks.push({ kind: 'code', start: s, end: e, headingPath: headingPath(), lines: [lineOf(s), lineOf(e - 1)] });
  };

  const table = (rows: TableRow[]) => {
    const cells = (r: TableRow) => r.children.map((c) => plain(c).trim());
    const header = rows[0] ? cells(rows[0]) : undefined;
    rows.forEach((row, i) => {
      const { start, end } = offsets(row);
      const extra: Partial<TableRowBlock> = { cells: cells(row) };
      if (i > 0 && header) extra.header = header;
      if (!hasText(extra.cells!.join(' '))) return skip(start, end, 'empty table row');
      emit('table-row', start, end, extra);
    });
  };

  const visit = (node: RootContent, ctx: { inQuote: boolean; inNote: boolean; inItem: boolean }) => {
    const { start, end } = offsets(node);
    // mdast's types know YAML front matter only; the extension also yields TOML ('+++').
    if (node.type === 'yaml' || (node.type as string) === 'toml') {
      title ??= frontMatterTitle((node as { value: string }).value);
      return skip(start, end, 'front matter');
    }
    switch (node.type) {
      case 'heading': {
        const name = plain(node).replace(HEADING_ANCHOR, '').trim();
        if (node.depth === 1 && name) title ??= name;
        const first = node.children[0];
        const last = node.children[node.children.length - 1];
        if (!first || !last || !hasText(name)) return skip(start, end, 'heading without text');
        path.length = node.depth - 1;
        emit('heading', offsets(first).start, offsets(last).end);
        path[node.depth - 1] = name;
        return;
      }
      case 'paragraph': {
        const src = text.slice(start, end);
        if (!hasText(plain(node)) && !CONTAINER_OPEN.test(src) && !CONTAINER_CLOSE.test(src)) {
          return skip(start, end, node.children.some((c) => c.type === 'html') ? 'HTML/component markup without text' : 'image or badge markup without text');
        }
        if (DIRECTIVE.test(src)) return skip(start, end, 'VitePress directive ([[toc]] or <<< code import)');
        const kind: BlockKind = ctx.inNote ? 'note' : ctx.inItem ? 'list-item' : ctx.inQuote ? 'quote' : 'paragraph';
        return paragraph(start, end, kind);
      }
      case 'code':
        return code(start, end);
      case 'html': {
        const src = node.value;
        if (RAW_HTML_ONLY.test(src)) return skip(start, end, 'script/style block');
        if (!hasText(htmlText(src))) return skip(start, end, 'HTML/component markup without text');
        return emit(ctx.inNote ? 'note' : 'paragraph', start, end);
      }
      case 'table':
        return table(node.children);
      case 'definition':
        return skip(start, end, 'link reference definition');
      case 'thematicBreak':
        return skip(start, end, 'horizontal rule');
      case 'blockquote': {
        const firstPara = node.children[0];
        let note = ctx.inNote;
        if (firstPara?.type === 'paragraph') {
          const p = offsets(firstPara);
          const firstLine = text.slice(p.start, p.end).split('\n')[0]!;
          if (ALERT.test(firstLine)) {
            note = true;
            skip(p.start, p.start + firstLine.length, 'callout marker ([!NOTE] alert)');
            // The text starts after the marker line and the next line's "> ".
            let rest = p.start + firstLine.length + 1;
            rest += /^[ \t]*>?[ \t]*/.exec(text.slice(rest, p.end))![0].length;
            if (rest < p.end) paragraph(rest, p.end, 'note');
            for (const child of node.children.slice(1)) visit(child, { ...ctx, inQuote: true, inNote: note });
            return;
          }
        }
        for (const child of node.children) visit(child, { ...ctx, inQuote: true, inNote: note });
        return;
      }
      case 'list':
        for (const item of node.children) visit(item, ctx);
        return;
      case 'listItem':
        for (const child of node.children) visit(child, { ...ctx, inItem: child.type !== 'list' });
        return;
      default:
        if ('children' in node) for (const child of (node as Parents).children as RootContent[]) visit(child, ctx);
    }
  };

  for (const node of tree.children) visit(node, { inQuote: false, inNote: false, inItem: false });
  return { text, title: title ?? titleFromFileName(fileName), blocks, skipped };
}

export const markdownReader: Reader = {
  name: 'markdown',
  extensions: ['.md', '.markdown'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return readMarkdownText(decodeTextFile(bytes, fileName), fileName);
  },
};
