/**
 * HTML reader on `parse5` (the WHATWG-conformant parser used by jsdom and cheerio, already in
 * the tree through vectra): it parses any real-world page the way a browser does. The
 * canonical text is the page's text with one blank line between blocks, written while walking
 * the tree, so every block's offsets are exact. Page furniture (<nav>, <header>, <footer>, and
 * anything outside <main> when the page has one) is kept in the text but skipped with a reason;
 * scripts and styles are not text at all. @mozilla/readability was not added: it needs a full
 * DOM (jsdom) and rewrites the page, and <main>/<article> plus the furniture tags cover the
 * documentation and article pages this bot is given.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { decodeTextFile, titleFromFileName, TextBuilder } from './common.js';
import type { BlockKind, ReadDocument, Reader, ReaderInput } from './types.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const isText = (n: Node): n is DefaultTreeAdapterMap['textNode'] => n.nodeName === '#text';

const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'head', 'select', 'button', 'input', 'textarea']);
const FURNITURE: Record<string, string> = {
  nav: 'navigation (<nav>)',
  header: 'page header (<header>)',
  footer: 'page footer (<footer>)',
  form: 'form (<form>)',
};
const HEADING = /^h([1-6])$/;
const LEAF_BLOCKS = new Set(['p', 'dt', 'dd', 'figcaption', 'caption', 'summary', 'address', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'body', 'html', 'ul', 'ol', 'li', 'blockquote', 'aside', 'dl', 'figure', 'details', 'center', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'pre', 'hr', 'br'].concat([...LEAF_BLOCKS]));
/**
 * Class or id words that templates give page furniture (VitePress, Docusaurus, WordPress, news
 * sites alike). Matched as whole words after splitting camelCase and -/_ so "VPSidebar" and
 * "share-buttons" match and "shared-options" does not. Not "header"/"footer": an article's
 * own header holds its title; the tags cover real page headers.
 */
const FURNITURE_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'sidebar', 'breadcrumb', 'breadcrumbs', 'menu', 'cookie', 'cookies', 'consent', 'newsletter',
  'advert', 'advertisement', 'ads', 'share', 'sharing', 'social', 'related', 'comments', 'promo', 'toc', 'outline', 'skip', 'jump',
  // MediaWiki (Wikipedia and every wiki on its software): link boxes to other articles, the category list, and the
  // "Retrieved from <url>" line its stylesheet shows only on paper.
  'navbox', 'catlinks', 'printfooter',
]);

/**
 * ARIA landmark roles that say what the <nav>, <header>, <footer> and <form> tags say, for templates that put the
 * role on a <div> (MediaWiki's navboxes, older skins' whole page layout).
 */
const FURNITURE_ROLES: Record<string, string> = {
  navigation: 'navigation (role="navigation")',
  banner: 'page header (role="banner")',
  contentinfo: 'page footer (role="contentinfo")',
  search: 'search box (role="search")',
};

/**
 * Classes whose stylesheet rule hides them when the page is printed (MediaWiki's "noprint", Bootstrap's
 * "d-print-none"): the page's authors declare them screen controls, not text ("From Wikipedia, the free
 * encyclopedia", "[citation needed]").
 */
const NOT_PRINTED = new Set(['noprint', 'no-print', 'd-print-none', 'hidden-print', 'print-hidden']);

const classesOf = (el: Element) => (attr(el, 'class') ?? '').split(/\s+/).filter(Boolean);

/** Hidden the way a browser would hide it: the attribute, aria-hidden, or an inline display:none / visibility:hidden. */
function hiddenElement(el: Element): boolean {
  if (attr(el, 'hidden') !== undefined || attr(el, 'aria-hidden') === 'true') return true;
  return /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\s*(;|$)/i.test(attr(el, 'style') ?? '');
}

/**
 * Inline controls inside running text: wiki "[edit]" links beside headings and "^" links back from a note, Sphinx's
 * "¶" permalink anchors, skip links, and
 * footnote reference marks ("[1]", "[a]") — a superscript holding one link to a note on the same page, or an
 * element marked role="doc-noteref". They are links to somewhere else, not words of the sentence.
 */
function inlineControl(el: Element): boolean {
  if (hiddenElement(el) || attr(el, 'role') === 'doc-noteref') return true;
  if (classesOf(el).some((c) => NOT_PRINTED.has(c) || INLINE_CONTROL_CLASSES.has(c))) return true;
  // "Skip to content" / "Jump to navigation" links sit inline among other page text.
  if (el.tagName === 'a' && ['skip', 'jump'].includes(furnitureClass(el) ?? '')) return true;
  if (el.tagName !== 'sup') return false;
  const links = el.childNodes.filter(isElement);
  const onlyLink = links.length === 1 && links[0]!.tagName === 'a' && (attr(links[0]!, 'href') ?? '').startsWith('#');
  return onlyLink && /^\[?[\w*†‡§]{1,8}( \w{1,8})?\]?$/.test(inlineText(el));
}

/** MediaWiki's "[edit]" links and "^" back-links, Sphinx's "¶" permalinks. */
const INLINE_CONTROL_CLASSES = new Set(['mw-editsection', 'mw-cite-backlink', 'headerlink']);

/** Run-together navigation classes of generators such as DocBook XSL ("navheader", "navfooter"). */
const NAV_COMPOUND = /^nav(header|footer|bar|links|menu)$/;

const nameWords = (names: string) =>
  names.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** Why an element outside the main content's ancestors is page furniture, if it is: its tag, role or class. */
function furnitureReason(el: Element): string | undefined {
  const byTag = FURNITURE[el.tagName] ?? FURNITURE_ROLES[attr(el, 'role') ?? ''];
  if (byTag) return byTag;
  if (classesOf(el).some((c) => NOT_PRINTED.has(c))) return 'screen-only control (hidden when printed)';
  const furniture = furnitureClass(el);
  return furniture && `page furniture (${furniture} block)`;
}

function furnitureClass(el: Element): string | undefined {
  const words = nameWords(`${attr(el, 'class') ?? ''} ${idUnlessSlug(el)}`);
  return words.find((w) => FURNITURE_WORDS.has(w)) ?? (words.some((w) => NAV_COMPOUND.test(w)) ? 'nav' : undefined);
}

/**
 * An element's id, unless it is the slug of its own heading: Sphinx, Pandoc and most generators name a section after
 * its title (<section id="file-menu"><h3>File menu</h3>), and a section titled "Menus" or "Related work" is content.
 */
function idUnlessSlug(el: Element): string {
  const id = attr(el, 'id') ?? '';
  if (!id) return '';
  const heading = el.childNodes.find((c): c is Element => isElement(c) && HEADING.test(c.tagName));
  if (!heading) return id;
  const titleWords = new Set(nameWords(inlineText(heading)));
  return nameWords(id).every((w) => titleWords.has(w) || /^\d+$/.test(w)) ? '' : id;
}

/** An element that holds blocks (an <a> or <span> wrapped round paragraphs) is read as a container, not as one line of text. */
function holdsBlocks(el: Element): boolean {
  return el.childNodes.some((c) => isElement(c) && (CONTAINERS.has(c.tagName) || HEADING.test(c.tagName) ? c.tagName !== 'br' : holdsBlocks(c)));
}

/** Cells of a table's rows, in order (rows inside thead/tbody/tfoot included, nested tables not). */
function tableCells(table: Element): Element[] {
  const out: Element[] = [];
  const visit = (n: Element) => {
    for (const c of n.childNodes) if (isElement(c)) {
      if (c.tagName === 'td' || c.tagName === 'th') out.push(c);
      else if (['thead', 'tbody', 'tfoot', 'tr'].includes(c.tagName)) visit(c);
    }
  };
  visit(table);
  return out;
}

/**
 * A table used for layout (DocBook admonitions, old page templates) has at most one cell with
 * text in each row: its cells are read as the blocks they hold, not as table rows.
 */
function isLayoutTable(table: Element): boolean {
  const rows = new Map<Element, number>();
  for (const cell of tableCells(table)) {
    const row = cell.parentNode as Element;
    rows.set(row, (rows.get(row) ?? 0) + (inlineText(cell) === '' ? 0 : 1));
  }
  return rows.size > 0 && [...rows.values()].every((n) => n <= 1);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * XHTML saved as .html (DocBook, Sphinx's XHTML builder, old CMSs) writes empty elements as
 * `<a id="x"/>`. An HTML parser ignores the slash and leaves the <a> open round the rest of the
 * section, so every paragraph and table after it would read as one line. In a document that
 * declares XHTML such tags are closed at once; the text is unchanged.
 */
export function closeXhtmlEmptyTags(html: string, fileName: string): string {
  const head = html.slice(0, 2048);
  const xhtml = /\.xhtml$/i.test(fileName) || /^\s*<\?xml/.test(head) || /xmlns=["']http:\/\/www\.w3\.org\/1999\/xhtml/.test(head);
  if (!xhtml) return html;
  return html.replace(/<([a-zA-Z][\w:-]*)(\s[^<>]*?)?\s*\/>/g, (whole, tag: string, attrs: string | undefined) =>
    VOID.has(tag.toLowerCase()) ? whole : `<${tag}${attrs ?? ''}></${tag}>`,
  );
}

const NOTE_CLASS = /\b(note|tip|warning|caution|important|info|danger|admonition|callout|alert)\b/i;
/** The label a generator sets above an admonition's text (DocBook's "Tip" cell, "Warning:"). */
const ADMONITION_LABEL = /^(note|tip|hint|warning|caution|important|info|danger|attention|error|remark|see also)\s*:?$/i;

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/** Marks where a block element inside inline-read content starts or ends (a line break, however many meet). */
const BLOCK_EDGE = '\u0001';

/**
 * Inline text as a browser shows it: whitespace runs collapse, <br> breaks the line, and so do the
 * edges of block elements inside (a table cell or <dd> of several <p>s, as Word and DocBook write
 * them, reads "first\nsecond", not "firstsecond").
 */
function inlineText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (isText(n)) parts.push(n.value.replace(/[\u200b\u200c\u200d\ufeff\u0001]/g, '').replace(/\s+/g, ' '));
    else if (isElement(n)) {
      if (NOT_TEXT.has(n.tagName)) return;
      if (n !== node && inlineControl(n)) return;
      if (n.tagName === 'br') return void parts.push('\n');
      const block = n !== node && (CONTAINERS.has(n.tagName) || HEADING.test(n.tagName));
      if (block) parts.push(BLOCK_EDGE);
      for (const c of n.childNodes) walk(c);
      if (block) parts.push(BLOCK_EDGE);
    }
  };
  walk(node);
  const text = parts.join('').replace(/[ \u0001]*\u0001[ \u0001]*/g, '\n').replace(/^\n+|\n+$/g, '');
  return text.split('\n').map((l) => l.replace(/^ +| +$/g, '')).join('\n').trim();
}

/**
 * <pre> keeps every space and line break. Lines a code block hides are not shown: mdBook (the Rust books) marks the
 * boilerplate it folds away ("fn main() {") as class "boring".
 */
function rawText(node: Node): string {
  if (isText(node)) return node.value;
  if (isElement(node)) return hiddenElement(node) || classesOf(node).includes('boring') ? '' : node.childNodes.map(rawText).join('');
  return '';
}

function find(node: Node, pred: (e: Element) => boolean): Element | undefined {
  if (isElement(node) && pred(node)) return node;
  if ('childNodes' in node) for (const c of node.childNodes) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The page's <title>, less the site name templates append to it ("Warsaw - Wikipedia", "Guide | Vite"): when the
 * content's first <h1> (or the page's first, even in a skipped header, as Wikipedia's; or the content's first heading of
 * any level, as mdBook's) is the title up to a separator, that heading is the title.
 */
function pageTitleOf(doc: Node, title: Element | undefined, firstH1: string | undefined, firstHeading: string | undefined): string {
  const oneLine = (el: Element | undefined) => (el ? inlineText(el).replace(/\n/g, ' ') : '');
  const full = oneLine(title);
  const h1 = firstH1 ?? oneLine(find(doc, (e) => e.tagName === 'h1'));
  if (!full) return h1;
  const siteSuffix = (heading: string) => heading !== '' && full.startsWith(heading) && /^\s+[-|–—·:]\s+\S/.test(full.slice(heading.length));
  return [h1, firstHeading ?? ''].find(siteSuffix) ?? full;
}

export function readHtmlText(html: string, fileName: string): ReadDocument {
  const doc = parse(closeXhtmlEmptyTags(html, fileName));
  const out = new TextBuilder();
  const path: string[] = [];
  let firstH1: string | undefined;
  let firstHeading: string | undefined;
  const headingPath = () => path.filter(Boolean);

  // Pages with a <main> (or one <article>) say where their content is; the rest is furniture.
  const main = find(doc, (e) => e.tagName === 'main') ?? find(doc, (e) => attr(e, 'role') === 'main') ?? find(doc, (e) => e.tagName === 'article');
  const holdsMain = new Set<Node>();
  for (let n: Node | null | undefined = main; n; n = 'parentNode' in n ? n.parentNode : undefined) holdsMain.add(n);

  const table = (el: Element) => {
    const rows: Element[] = [];
    const collect = (n: Element) => {
      for (const c of n.childNodes) if (isElement(c)) {
        if (c.tagName === 'tr') rows.push(c);
        else if (['thead', 'tbody', 'tfoot'].includes(c.tagName)) collect(c);
      }
    };
    collect(el);
    const cells = (tr: Element) => tr.childNodes.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');
    const first = rows[0];
    const header = first && (cells(first).every((c) => c.tagName === 'th') || rows.length > 1) ? cells(first).map((c) => inlineText(c).replace(/\n/g, ' ')) : undefined;
    rows.forEach((tr, i) => {
      const texts = cells(tr).map((c) => inlineText(c).replace(/\n/g, ' '));
      if (texts.every((t) => t === '')) return;
      out.add(texts.join(' | '), 'table-row', headingPath(), { cells: texts, ...(i > 0 && header ? { header } : {}) });
    });
  };

  // An admonition's label is written at the start of the note's first block ("Tip: …"), not as a one-word note.
  let pendingLabel: string | undefined;
  const add = (content: string, kind: BlockKind, labelOnly = false) => {
    const text = content.trim();
    if (!text && !labelOnly) return;
    const label = pendingLabel;
    pendingLabel = undefined;
    out.add(label && text ? `${label.replace(/\s*:$/, '')}: ${text}` : label ?? text, kind, headingPath());
  };

  // An empty layout element left out skips no text: listing it would only pad `npm run skipped`.
  const skipText = (node: Element, reason: string) => {
    const text = inlineText(node);
    if (text) out.skip(text, reason);
  };

  const walk = (node: Node, kind: BlockKind, inMain: boolean) => {
    if (!isElement(node)) return;
    const tag = node.tagName;
    if (NOT_TEXT.has(tag)) return out.skip('', `${tag} element (not text)`);
    if (hiddenElement(node)) return skipText(node, 'hidden element');
    const here = inMain || node === main || main === undefined;
    if (!here && !holdsMain.has(node)) return skipText(node, FURNITURE[tag] ?? 'outside the page\'s main content');
    const furniture = holdsMain.has(node) ? undefined : furnitureReason(node);
    if (furniture) return skipText(node, furniture);
    const h = HEADING.exec(tag);
    if (h) {
      const level = Number(h[1]);
      const name = inlineText(node).replace(/\n/g, ' ');
      if (!name) return;
      if (level === 1) firstH1 ??= name;
      firstHeading ??= name;
      path.length = level - 1;
      out.add(name, 'heading', headingPath());
      path[level - 1] = name;
      return;
    }
    if (tag === 'pre') return void out.add(rawText(node).replace(/^\n+|\s+$/g, ''), 'code', headingPath());
    if (tag === 'table') {
      if (!isLayoutTable(node)) return table(node);
      for (const cell of tableCells(node)) {
        const label = kind === 'note' ? inlineText(cell) : '';
        if (ADMONITION_LABEL.test(label)) pendingLabel = label;
        else walk(cell, kind, here);
      }
      if (pendingLabel) add('', kind, true);
      return;
    }
    if (LEAF_BLOCKS.has(tag)) return void add(inlineText(node), kind);
    let childKind = kind;
    if (tag === 'li') childKind = 'list-item';
    else if (tag === 'blockquote') childKind = kind === 'note' ? 'note' : 'quote';
    else if (tag === 'aside' || NOTE_CLASS.test(attr(node, 'class') ?? '') || attr(node, 'role') === 'note') childKind = 'note';
    // Inline content between block children (text directly in a <div> or <li>) is a block of its own.
    let inline: Node[] = [];
    const flush = () => {
      if (inline.length === 0) return;
      const wrapper = { nodeName: 'span', tagName: 'span', attrs: [], childNodes: inline } as unknown as Element; // only read by inlineText
      // Loose text beside the main content's ancestors ("Jump to content") is outside it too.
      const text = inlineText(wrapper);
      if (here) add(text, childKind);
      else if (text) out.skip(text, 'outside the page\'s main content');
      inline = [];
    };
    for (const c of node.childNodes) {
      if (isElement(c) && (CONTAINERS.has(c.tagName) || NOT_TEXT.has(c.tagName) || FURNITURE[c.tagName] || HEADING.test(c.tagName) || holdsBlocks(c))) {
        if (c.tagName === 'br') {
          inline.push(c);
          continue;
        }
        flush();
        walk(c, childKind, here);
      } else inline.push(c);
    }
    flush();
  };

  const title = find(doc, (e) => e.tagName === 'title');
  const body = find(doc, (e) => e.tagName === 'body') ?? doc;
  if (isElement(body)) walk(body, 'paragraph', false);
  else for (const c of doc.childNodes) walk(c, 'paragraph', false);
  return { text: out.text, title: pageTitleOf(doc, title, firstH1, firstHeading) || titleFromFileName(fileName), blocks: out.blocks, skipped: out.skipped };
}

/** Saved pages often declare a legacy charset (windows-1252, iso-8859-1, shift_jis): honour the <meta> declaration. */
function decodeHtml(bytes: Uint8Array, fileName: string): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (!declared || declared === 'utf-8' || declared === 'utf8') return decodeTextFile(bytes, fileName);
  try {
    return new TextDecoder(declared).decode(bytes);
  } catch {
    return decodeTextFile(bytes, fileName); // unknown label: read as UTF-8 and say so if that fails
  }
}

export const htmlReader: Reader = {
  name: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return readHtmlText(decodeHtml(bytes, fileName), fileName);
  },
};
