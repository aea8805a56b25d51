/**
 * PDF reader on `unpdf` (pinned 1.7.0, the last release that supports Node 20): Mozilla's
 * pdf.js built for servers, bundled with no worker, no canvas and no font downloads, so it reads
 * the text layer fully offline. pdfjs-dist itself was not used because its Node builds want
 * a worker file and an optional native canvas. pdf.js gives positioned text items; lines are
 * rebuilt from their y positions, paragraphs from vertical gaps larger than the page's usual
 * line spacing, headings from a font size clearly above the body text.
 */
import { getDocumentProxy } from 'unpdf';
import { sniffBinary, titleFromFileName, TextBuilder } from './common.js';
import { UnreadableFileError, type BlockKind, type ReadDocument, type Reader, type ReaderInput } from './types.js';

/** Layout ratios (relative to font size or typical spacing), not tuned to any corpus. */
const LAYOUT = {
  /** A y move beyond this fraction of the font size starts a new line. */
  newLine: 0.5,
  /** A horizontal gap beyond this fraction of the font size is a space between words. */
  wordGap: 0.2,
  /** A line gap this many times the page's usual line spacing starts a new paragraph. */
  paragraphGap: 1.4,
  /** Text this many times the body size is a heading (when short). */
  headingSize: 1.15,
  headingMaxWords: 15,
};

/**
 * Pages needed before a repeated top/bottom line counts as a running header or footer. A header
 * that carries the page number ("Chapter 2: Vectors 14", "gnuplot 5.4 61") changes with the
 * chapter and alternates between left and right pages, so it is found by its number instead: the
 * printed number is the page's index minus one offset for the whole document (front matter), on
 * at least `folioShare` of the pages.
 */
const RUNNING = { minPages: 3, share: 0.5, edgeLines: 2, folioShare: 0.25 };
const PAGE_NUMBER = /^((page|p\.|seite|página|pagina)?\s*\d{1,4}(\s*(of|\/|von|de)\s*\d{1,4})?|[ivxlc]{1,6})$/i;
/** A number that opens or closes an edge line, as page numbers in running headers do. */
const FOLIO = /^(\d{1,4})\s+\S|\S\s+(\d{1,4})$/;
/** A table-of-contents or index entry: title, dot leaders (TeX sets them spaced, ". . ."), page numbers. */
const TOC_ENTRY = /((\.\s?){4,}|(\s\.){2,})\s*[\divxlc]+(,\s*[\divxlc]+)*$/i;
/**
 * A table of contents without leaders is a page of lines that end in a page number, numbers that
 * rise down the page: at least `minEntries` such lines, `share` of the page's lines, and
 * `ascending` of the consecutive pairs not decreasing.
 */
const TOC_PAGE = { minEntries: 8, share: 0.6, ascending: 0.9 };
const TOC_LINE = /\S\s+(\d{1,4})$/;

/** Page 1 is a title page when fewer than this many of its lines are in body type. */
const TITLE_PAGE = { maxBodyLines: 3 };

const LIST_ITEM = /^([•◦▪‣·●○■□–\-*]|\d+[.)]|[a-z][.)])\s/;

interface Line {
  text: string;
  y: number;
  size: number;
  page: number;
  /** Every item in a monospace font: code. */
  mono: boolean;
  /** Left edge of the line. */
  x: number;
}

interface Item {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
  fontName: string;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) * q)]!;
}

function linesOfPage(items: Item[], page: number, monoFonts: ReadonlySet<string>): Line[] {
  const lines: Line[] = [];
  let cur: (Line & { endX: number }) | undefined;
  let eol = false;
  for (const it of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = it.transform;
    const size = it.height || Math.hypot(c, d) || 1;
    if (it.str === '') {
      if (it.hasEOL) eol = true;
      continue;
    }
    if (!cur || eol || Math.abs(y - cur.y) > LAYOUT.newLine * Math.max(size, cur.size)) {
      if (cur) lines.push(cur);
      cur = { text: it.str, y, size, page, mono: monoFonts.has(it.fontName), x, endX: x + it.width };
    } else {
      const gap = x - cur.endX;
      const needsSpace = gap > LAYOUT.wordGap * size && !/\s$/.test(cur.text) && !/^\s/.test(it.str);
      cur.text += (needsSpace ? ' ' : '') + it.str;
      cur.size = Math.max(cur.size, size);
      cur.mono &&= monoFonts.has(it.fontName);
      cur.endX = x + it.width;
    }
    eol = it.hasEOL;
  }
  if (cur) lines.push(cur);
  return lines
    .map((l) => ({ text: l.mono ? l.text.trimEnd() : composeAccents(l.text.replace(/\s+/g, ' ').trim()), y: l.y, size: l.size, page: l.page, mono: l.mono, x: l.x }))
    .filter((l) => l.text !== '');
}

/** Spacing accents TeX sets as separate glyphs before the letter, and the combining marks they stand for. */
const SPACING_ACCENTS: Record<string, string> = {
  '\u00a8': '\u0308', '\u00b4': '\u0301', '\u02c6': '\u0302', '\u02dc': '\u0303', '\u00b8': '\u0327',
  '\u02da': '\u030a', '\u02c7': '\u030c', '\u02d8': '\u0306', '\u02d9': '\u0307', '\u00af': '\u0304',
};
const SPACING_ACCENT = /([\u00a8\u00b4\u02c6\u02dc\u00b8\u02da\u02c7\u02d8\u02d9\u00af])(\p{L})/gu;

/**
 * "Br¨oker" -> "Bröker", "P´eter" -> "Péter": an accent glyph set before a letter (pdfTeX with
 * Type 1 fonts) is put on the letter, so names read and match as written. Accents elsewhere stay.
 */
export function composeAccents(text: string): string {
  if (!/[\u00a8\u00b4\u02c6\u02dc\u00b8\u02da\u02c7\u02d8\u02d9\u00af]/.test(text)) return text;
  return text.replace(SPACING_ACCENT, (_, accent: string, letter: string) => (letter === '\u0131' ? 'i' : letter) + SPACING_ACCENTS[accent]!).normalize('NFC');
}

/**
 * Running headers, footers and page numbers: lines at a page's top or bottom edge that are a
 * bare page number, that carry the page number at the height where the document prints it, or
 * that repeat (digits aside) at the same height on many pages. Table-of-contents lines too.
 */
function pageFurniture(lines: Line[], pages: number, isHeading: (l: Line) => boolean): Map<Line, string> {
  const out = new Map<Line, string>();
  const edges: Line[] = [];
  for (let p = 1; p <= pages; p++) {
    const onPage = lines.filter((l) => l.page === p).sort((a, b) => b.y - a.y);
    const n = Math.min(RUNNING.edgeLines, Math.floor(onPage.length / 2));
    edges.push(...onPage.slice(0, n), ...onPage.slice(onPage.length - n));
  }
  const key = (l: Line) => `${l.text.replace(/\d+/g, '#').toLowerCase()}@${Math.round(l.y / 2)}`;
  const pagesWith = new Map<string, Set<number>>();
  for (const l of edges) {
    const set = pagesWith.get(key(l)) ?? new Set<number>();
    set.add(l.page);
    pagesWith.set(key(l), set);
  }
  const needed = Math.max(RUNNING.minPages, RUNNING.share * pages);
  for (const l of lines) if (TOC_ENTRY.test(l.text)) out.set(l, 'table of contents entry');
  for (const l of tocPageLines(lines, pages)) out.set(l, 'table of contents entry');
  for (const l of folioLines(edges, pages, isHeading)) out.set(l, 'running header or footer (with the page number)');
  for (const l of edges) {
    if (PAGE_NUMBER.test(l.text)) out.set(l, 'page number');
    else if (pages >= RUNNING.minPages && pagesWith.get(key(l))!.size >= needed) out.set(l, 'running header or footer (repeated on most pages)');
  }
  return out;
}

/** Edge lines whose leading or trailing number is the printed page number, at a height where the document prints one. */
function folioLines(edges: Line[], pages: number, isHeading: (l: Line) => boolean): Line[] {
  const candidates = edges.flatMap((l) => {
    const m = FOLIO.exec(l.text);
    if (!m || isHeading(l)) return [];
    return [{ l, offset: l.page - Number(m[1] ?? m[2]), at: Math.round(l.y / 2) }];
  });
  const pagesBy = (k: (c: (typeof candidates)[number]) => string) => {
    const m = new Map<string, Set<number>>();
    for (const c of candidates) m.set(k(c), (m.get(k(c)) ?? new Set()).add(c.l.page));
    return m;
  };
  const needed = Math.max(RUNNING.minPages, RUNNING.folioShare * pages);
  const byOffset = [...pagesBy((c) => String(c.offset))].sort((a, b) => b[1].size - a[1].size)[0];
  if (!byOffset || byOffset[1].size < needed) return [];
  const offset = Number(byOffset[0]);
  const heights = pagesBy((c) => `${c.offset}@${c.at}`);
  return candidates.filter((c) => c.offset === offset && heights.get(`${offset}@${c.at}`)!.size >= RUNNING.minPages).map((c) => c.l);
}

/** Lines of pages that read as a table of contents without dot leaders (see TOC_PAGE). */
function tocPageLines(lines: Line[], pages: number): Line[] {
  const out: Line[] = [];
  for (let p = 1; p <= pages; p++) {
    const onPage = lines.filter((l) => l.page === p);
    const entries = onPage.filter((l) => !l.mono && TOC_LINE.test(l.text));
    if (entries.length < TOC_PAGE.minEntries || entries.length < TOC_PAGE.share * onPage.length) continue;
    const nums = entries.map((l) => Number(TOC_LINE.exec(l.text)![1]));
    const rising = nums.slice(1).filter((n, i) => n >= nums[i]!).length;
    if (rising >= TOC_PAGE.ascending * (nums.length - 1)) out.push(...entries);
  }
  return out;
}

/**
 * Joins words that typesetting hyphenated across a line break ("pack-" + "ages" -> "packages"
 * on the first line). A compound the document also writes with its hyphen inside a line
 * ("right-hand", "non-numeric") keeps it and its line break; so does a break before a capital
 * ("S-" + "Plus"), after a capital ("X-ray", "DBMS-specific"), or with anything but letters on either side.
 */
export function joinHyphenated(lines: string[], hyphenated: ReadonlySet<string>): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const head = /(^|[^\p{L}-])(\p{L}*\p{Ll})-$/u.exec(out[i]!);
    const tail = /^(\p{Ll}+)([^\s]*)/u.exec(out[i + 1]!);
    if (!head || !tail) continue;
    if (hyphenated.has(`${head[2]}-${tail[1]}`.toLowerCase())) continue;
    out[i] = out[i]!.slice(0, -1) + tail[1]! + tail[2]!;
    out[i + 1] = out[i + 1]!.slice(tail[0].length).trimStart();
    if (out[i + 1] === '') out.splice(i + 1, 1);
  }
  return out;
}

/** Hyphenated compounds written inside a line anywhere in the document, lower-cased. */
function hyphenatedWords(lines: Line[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) for (const m of l.text.matchAll(/\p{L}+-\p{L}+/gu)) out.add(m[0].toLowerCase());
  return out;
}

/**
 * A paragraph goes on over a page break when its last line ends without closing punctuation and
 * the next page's first body line starts in lower case, as the rest of a sentence does.
 */
function continuesOverPage(prev: Line, l: Line, kind: BlockKind, lineKind: BlockKind): boolean {
  return (
    l.page === prev.page + 1 &&
    (kind === 'paragraph' || kind === 'list-item') &&
    lineKind === 'paragraph' &&
    !/[.!?:;]["'’”)\]]?$/.test(prev.text) &&
    /^[\p{Ll}(]/u.test(l.text)
  );
}

function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

export const pdfReader: Reader = {
  name: 'pdf',
  extensions: ['.pdf'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    if (bytes.length === 0) throw new UnreadableFileError('file is empty');
    if (sniffBinary(bytes)?.ext !== '.pdf') throw new UnreadableFileError('not a PDF (it does not start with %PDF): re-export it as PDF');
    // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
    const data = new Uint8Array(bytes);
    let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
    try {
      pdf = await getDocumentProxy(data, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
    } catch (err) {
      if ((err as Error)?.name === 'PasswordException') throw new UnreadableFileError('PDF is password-protected: save a copy without a password and add that');
      throw new UnreadableFileError(`not a readable PDF (${oneLine(err)}): re-export it as PDF`);
    }
    try {
      const lines: Line[] = [];
      for (let p = 1; p <= pdf.numPages; p++) {
        const page = await pdf.getPage(p);
        const content = await page.getTextContent();
        const styles = content.styles as Record<string, { fontFamily?: string }>;
        const mono = new Set(Object.keys(styles).filter((f) => styles[f]!.fontFamily === 'monospace'));
        lines.push(...linesOfPage(content.items.filter((i) => 'str' in i) as Item[], p, mono));
        page.cleanup();
      }
      if (lines.length === 0) {
        throw new UnreadableFileError('PDF has no text layer (scanned?): run OCR (e.g. ocrmypdf) and add the result');
      }
      const body = quantile(lines.map((l) => l.size), 0.5);
      const largeType = (l: Line) => !l.mono && l.size >= LAYOUT.headingSize * body && l.text.split(' ').length <= LAYOUT.headingMaxWords;
      // A title page (page 1 of several, almost no body-size text) sets authors, dates and contacts in
      // large type too: only its largest type is a heading (the document's title); the rest is text.
      const firstPage = lines.filter((l) => l.page === 1);
      const titlePage = pdf.numPages > 1 && firstPage.filter((l) => !largeType(l)).length < TITLE_PAGE.maxBodyLines;
      const titleSize = Math.max(0, ...firstPage.filter(largeType).map((l) => Math.round(l.size)));
      const isHeading = (l: Line) => largeType(l) && !(titlePage && l.page === 1 && Math.round(l.size) < titleSize);
      // Larger type is an outer heading: one level per distinct heading size.
      const headingSizes = [...new Set(lines.filter(isHeading).map((l) => Math.round(l.size)))].sort((a, b) => b - a);

      const furniture = pageFurniture(lines, pdf.numPages, isHeading);
      const compounds = hyphenatedWords(lines);
      const spacing = new Map<number, number>();
      for (let p = 1; p <= pdf.numPages; p++) {
        const ys = lines.filter((l) => l.page === p && !furniture.has(l));
        const gaps = ys.slice(1).map((l, i) => ys[i]!.y - l.y).filter((g) => g > 0);
        // The lower quartile, not the median: on pages of short paragraphs or lists most gaps are paragraph gaps.
        spacing.set(p, quantile(gaps, 0.25) || body * 1.2);
      }

      const out = new TextBuilder();
      const path: string[] = [];
      let firstHeading: string | undefined;
      let para: Line[] = [];
      let kind: BlockKind = 'paragraph';
      const flush = () => {
        if (para.length === 0) return flushFurniture();
        const text = (kind === 'code' || kind === 'heading' ? para.map((l) => l.text) : joinHyphenated(para.map((l) => l.text), compounds)).join('\n');
        const page = para[0]!.page;
        if (kind === 'heading') {
          const level = headingSizes.indexOf(Math.round(para[0]!.size));
          path.length = Math.max(0, level);
          out.add(text, 'heading', path.filter(Boolean), { page });
          path[Math.max(0, level)] = text.replace(/\n/g, ' ');
          firstHeading ??= text.replace(/\n/g, ' ');
        } else out.add(text, kind, path.filter(Boolean), { page });
        para = [];
        flushFurniture();
      };
      // Furniture met inside a paragraph that goes on over a page break is written after it, so the paragraph stays whole.
      let pendingFurniture: Line[] = [];
      const flushFurniture = () => {
        for (const f of pendingFurniture) out.skip(f.text, furniture.get(f)!);
        pendingFurniture = [];
      };
      let prev: Line | undefined;
      lines.forEach((l) => {
        const reason = furniture.get(l);
        if (reason) {
          pendingFurniture.push(l);
          return;
        }
        const gap = prev && prev.page === l.page ? prev.y - l.y : Infinity;
        const lineKind: BlockKind = l.mono ? 'code' : isHeading(l) ? 'heading' : LIST_ITEM.test(l.text) ? 'list-item' : 'paragraph';
        const continues =
          prev !== undefined &&
          (prev.page === l.page || continuesOverPage(prev, l, kind, lineKind)) &&
          (gap > 0 || prev.page !== l.page) &&
          (prev.page !== l.page || gap <= LAYOUT.paragraphGap * spacing.get(l.page)! || (kind === 'code' && lineKind === 'code')) &&
          // A list item goes on over lines indented past its bullet; a line back at the margin is the next paragraph.
          (lineKind === kind || (kind === 'list-item' && lineKind === 'paragraph' && l.x > para[0]!.x + LAYOUT.wordGap * l.size)) &&
          !(lineKind === 'list-item' && kind === 'list-item') &&
          (kind !== 'heading' || Math.round(prev.size) === Math.round(l.size));
        if (!continues) {
          flush();
          kind = lineKind;
        }
        para.push(l);
        prev = l;
      });
      flush();
      const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
      const metaTitle = typeof info?.Title === 'string' ? info.Title.trim() : '';
      return {
        text: out.text,
        title: metaTitle || firstHeading || titleFromFileName(fileName),
        blocks: out.blocks,
        skipped: out.skipped,
        pages: pdf.numPages,
      };
    } catch (err) {
      if (err instanceof UnreadableFileError) throw err;
      throw new UnreadableFileError(`could not be read as PDF (${oneLine(err)}): re-export it as PDF`);
    } finally {
      await pdf.destroy();
    }
  },
};
