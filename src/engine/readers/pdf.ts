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
  /**
   * A horizontal gap (or a space glyph as wide) beyond this fraction of the font size separates
   * table columns: a justified line's widest word space stays under it.
   */
  columnGap: 1,
  /** Cells of two table rows start at the same x within this fraction of the font size. */
  columnAlign: 0.25,
  /** A line starting this far (fraction of the font size) right of its paragraph's left edge opens a new paragraph (TeX's indent). */
  indent: 0.8,
  /**
   * After a short line that ends a sentence, a line gap this many times the usual spacing already
   * starts a new paragraph (LaTeX's parskip is often under `paragraphGap`).
   */
  paragraphGapAfterShortLine: 1.15,
  /** A footnote marker is set in type below this fraction of the line's size and raised above its baseline by at least `raised`. */
  markerSize: 0.85,
  raised: 0.15,
};

/** A footnote marker: a number or the symbols TeX and Word use (several separated by commas, "1,2"). */
const MARKER = /^,?([0-9]{1,3}|[*∗†‡§¶]{1,3})(,([0-9]{1,3}|[*∗†‡§¶]{1,3}))*,?$|^,$/u;
/** Placeholders for markers inside a line until the page says whether they are footnote markers. */
const MARK_OPEN = '\u0002';
const MARK_CLOSE = '\u0003';
const MARK_INLINE = /\u0002([^\u0003]*)\u0003/g;

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
/** A numbered section title ("1. INTRODUCTION", "3.1 Subsection Headings", "APPENDIX A. …"), its number's depth in group 1. */
const NUMBERED_TITLE = /^(?:APPENDIX\s+[A-Z]|(\d+(?:\.\d+)*|[A-Z](?:\.\d+)+))\.?\s+\p{Lu}/u;
/** A run-in title is set in another font than the body's: at most this share of its characters in the body font. */
const RUN_IN = { maxBodyShare: 0.2, maxWords: 12, /** Sans titles run a little smaller than the body; footnotes smaller still. */ minSize: 0.88 };

interface Line {
  text: string;
  y: number;
  size: number;
  page: number;
  /** Every item in a monospace font: code. */
  mono: boolean;
  /** Left edge of the line. */
  x: number;
  /** Text between column gaps, with their left edges (one cell for ordinary lines). */
  cells: { text: string; x: number }[];
  /** Right edge of the line. */
  endX: number;
  /** Characters set in each font (pdf.js's font names, one per embedded font). */
  fonts: Map<string, number>;
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
  type Building = { text: string; y: number; size: number; mono: boolean; x: number; endX: number; cells: { text: string; x: number }[]; baseline: number; leadMarker: boolean; fonts: Map<string, number> };
  const count = (b: Building, it: Item) => b.fonts.set(it.fontName, (b.fonts.get(it.fontName) ?? 0) + it.str.trim().length);
  const built: Building[] = [];
  let cur: Building | undefined;
  let eol = false;
  let columnBreak = false;
  for (const it of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = it.transform;
    const size = it.height || Math.hypot(c, d) || 1;
    if (it.str === '') {
      if (it.hasEOL) eol = true;
      continue;
    }
    const marker = MARKER.test(it.str.trim());
    if (!cur || eol || Math.abs(y - cur.y) > LAYOUT.newLine * Math.max(size, cur.size)) {
      if (cur) built.push(cur);
      cur = { text: it.str, y, size, mono: monoFonts.has(it.fontName), x, endX: x + it.width, cells: [{ text: it.str, x }], baseline: y, leadMarker: marker, fonts: new Map() };
      count(cur, it);
      columnBreak = false;
    } else if (/^\s+$/.test(it.str) && it.width > LAYOUT.columnGap * cur.size) {
      // A space glyph as wide as a column gap: the next item starts a new cell.
      columnBreak = true;
      cur.endX = x + it.width;
    } else {
      const gap = x - cur.endX;
      const lead = cur.leadMarker && cur.cells.length === 1 && cur.text === cur.cells[0]!.text;
      if (lead && size > cur.size / LAYOUT.markerSize && y < cur.y - LAYOUT.raised * size) {
        // The line opened with a raised marker in small type: a footnote's own number.
        cur.text = MARK_OPEN + cur.text.trim() + MARK_CLOSE + ' ';
        cur.cells = [{ text: cur.text, x: cur.x }];
        cur.baseline = y;
        cur.leadMarker = false;
      } else if (marker && size < LAYOUT.markerSize * cur.size && y > cur.baseline + LAYOUT.raised * cur.size && !/\s$/.test(cur.text)) {
        // Raised small digits or symbols glued to a word: a footnote marker, if the page has that footnote.
        const m = MARK_OPEN + it.str.trim() + MARK_CLOSE;
        cur.text += m;
        cur.cells[cur.cells.length - 1]!.text += m;
        cur.endX = x + it.width;
        eol = it.hasEOL;
        continue;
      }
      if (!lead) cur.leadMarker = false;
      if (columnBreak || gap > LAYOUT.columnGap * size) {
        cur.cells.push({ text: it.str, x });
        cur.text += ' ' + it.str;
        columnBreak = false;
      } else {
        const needsSpace = gap > LAYOUT.wordGap * size && !/\s$/.test(cur.text) && !/^\s/.test(it.str);
        cur.text += (needsSpace ? ' ' : '') + it.str;
        cur.cells[cur.cells.length - 1]!.text += (needsSpace ? ' ' : '') + it.str;
      }
      cur.size = Math.max(cur.size, size);
      cur.mono &&= monoFonts.has(it.fontName);
      count(cur, it);
      cur.endX = x + it.width;
    }
    eol = it.hasEOL;
  }
  if (cur) built.push(cur);
  // Footnotes on this page: lines that open with a raised marker. Markers in the text that point
  // to one of them are dropped (".RData5 in" -> ".RData in"); any other raised digits stay as set.
  const notes = new Set<string>();
  for (const l of built) {
    const m = /^\u0002([^\u0003]*)\u0003/.exec(l.text);
    if (m) notes.add(m[1]!);
  }
  // Only after a word or punctuation: after a one-letter word, a digit or a sign ("m2", "x2", "m−1") raised digits are an exponent.
  const resolve = (t: string, atStart: boolean) =>
    t.replace(MARK_INLINE, (_, mark: string, offset: number, all: string) => {
      if (atStart && offset === 0) return mark;
      const keys = mark.split(',').filter(Boolean);
      const before = all.slice(0, offset).replace(/\u0002[^\u0003]*\u0003/g, '');
      return keys.every((k) => notes.has(k)) && /(\p{L}{2}|[.,;:!?)\]’”"'])$/u.test(before) ? '' : mark;
    });
  const tidy = (t: string, mono: boolean) => (mono ? t.trimEnd() : composeAccents(t.replace(/\s+/g, ' ').trim()));
  return built
    .map((l) => ({
      text: tidy(resolve(l.text, true), l.mono),
      y: l.y,
      size: l.size,
      page,
      mono: l.mono,
      x: l.x,
      endX: l.endX,
      cells: l.cells.map((c, i) => ({ text: tidy(resolve(c.text, i === 0), l.mono), x: c.x })).filter((c) => c.text !== ''),
      fonts: l.fonts,
    }))
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
  // Left and right pages carry different headers (title on one, authors on the other): count each side apart too.
  const onSide = (p: number, of: Iterable<number>) => [...of].filter((q) => q % 2 === p % 2).length;
  const neededOnSide = (p: number) => Math.max(2, RUNNING.share * (p % 2 === 1 ? Math.ceil(pages / 2) : Math.floor(pages / 2)));
  for (const l of lines) if (TOC_ENTRY.test(l.text)) out.set(l, 'table of contents entry');
  for (const l of tocPageLines(lines, pages)) out.set(l, 'table of contents entry');
  for (const l of folioLines(edges, pages, isHeading)) out.set(l, 'running header or footer (with the page number)');
  for (const l of edges) {
    if (PAGE_NUMBER.test(l.text)) out.set(l, 'page number');
    else if (!out.has(l) && pages >= RUNNING.minPages && (pagesWith.get(key(l))!.size >= needed || onSide(l.page, pagesWith.get(key(l))!) >= neededOnSide(l.page)))
      out.set(l, 'running header or footer (repeated on most pages)');
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

const ENDS_SENTENCE = /[.!?:;]["'’”)\]]?$/;

/**
 * A paragraph goes on over a page break, or from the foot of one column to the head of the next,
 * when its last line ends without closing punctuation and the next body line starts in lower
 * case, as the rest of a sentence does.
 */
function continuesOverBreak(prev: Line, l: Line, kind: BlockKind, lineKind: BlockKind): boolean {
  return (kind === 'paragraph' || kind === 'list-item') && lineKind === 'paragraph' && !ENDS_SENTENCE.test(prev.text) && /^[\p{Ll}(]/u.test(l.text);
}

/**
 * Lines split into cells by column gaps are table rows when another such line near them on the
 * page starts a cell at the same x: a justified line with one wide space has no partner.
 */
function tableRowLines(lines: Line[], pages: number, furniture: ReadonlyMap<Line, string>, isHeading: (l: Line) => boolean): Set<Line> {
  const out = new Set<Line>();
  const NEAR = 6;
  for (let p = 1; p <= pages; p++) {
    const onPage = lines.filter((l) => l.page === p && !furniture.has(l) && !isHeading(l));
    const starts = (l: Line) => l.cells.slice(1).map((c) => c.x);
    onPage.forEach((l, i) => {
      if (l.mono || l.cells.length < 2) return;
      for (let j = Math.max(0, i - NEAR); j <= Math.min(onPage.length - 1, i + NEAR); j++) {
        const o = onPage[j]!;
        if (j === i || o.mono || o.cells.length < 2) continue;
        if (starts(l).some((x) => starts(o).some((ox) => Math.abs(x - ox) <= LAYOUT.columnAlign * l.size))) {
          out.add(l);
          return;
        }
      }
    });
  }
  return out;
}

/**
 * The right edge of the text column a line sits in: where most lines starting near its left edge
 * end (justified lines all end there), else the furthest of them.
 */
function columnRightEdges(lines: Line[], pages: number, furniture: ReadonlyMap<Line, string>): Map<Line, number> {
  const out = new Map<Line, number>();
  for (let p = 1; p <= pages; p++) {
    const onPage = lines.filter((l) => l.page === p && !l.mono && !furniture.has(l));
    for (const l of onPage) {
      const ends = onPage.filter((o) => Math.abs(o.x - l.x) <= 2 * l.size).map((o) => Math.round(o.endX));
      const counts = new Map<number, number>();
      for (const e of ends) counts.set(e, (counts.get(e) ?? 0) + 1);
      const [mode, n] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [l.endX, 0];
      out.set(l, n >= 2 ? mode : Math.max(...ends));
    }
  }
  return out;
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
      // A paper's first page sets its byline (authors, conference number) in sizes no section heading
      // uses: sizes found only on page 1 and above every later heading's are not headings, except
      // the size of the longest such line (the title).
      const laterSizes = lines.filter((l) => l.page > 1 && largeType(l)).map((l) => Math.round(l.size));
      const bylineSizes = new Set<number>();
      if (!titlePage && laterSizes.length > 0) {
        const onlyFirst = firstPage.filter((l) => largeType(l) && Math.round(l.size) > Math.max(...laterSizes));
        const longest = onlyFirst.reduce<Line | undefined>((a, l) => (!a || l.text.length > a.text.length ? l : a), undefined);
        for (const l of onlyFirst) if (Math.round(l.size) !== Math.round(longest!.size)) bylineSizes.add(Math.round(l.size));
      }
      const isHeading = (l: Line) =>
        largeType(l) && !(titlePage && l.page === 1 && Math.round(l.size) < titleSize) && !(l.page === 1 && bylineSizes.has(Math.round(l.size)));
      // Larger type is an outer heading: one level per distinct heading size.
      const headingSizes = [...new Set(lines.filter(isHeading).map((l) => Math.round(l.size)))].sort((a, b) => b - a);

      // Papers set section titles in body size but bold or sans ("1. INTRODUCTION"): a short numbered
      // line in another font than the body's, not ending a sentence, is a heading one level per number part
      // below the size-based ones.
      const fontTotals = new Map<string, number>();
      for (const l of lines) for (const [f, n] of l.fonts) fontTotals.set(f, (fontTotals.get(f) ?? 0) + n);
      const bodyFont = [...fontTotals].sort((a, b) => b[1] - a[1])[0]?.[0];
      const runInDepth = (l: Line): number | undefined => {
        const m = NUMBERED_TITLE.exec(l.text);
        if (!m || l.mono || isHeading(l) || l.size < RUN_IN.minSize * body || /[.!?:;,]$/.test(l.text) || l.text.split(' ').length > RUN_IN.maxWords) return undefined;
        const chars = [...l.fonts.values()].reduce((a, b) => a + b, 0);
        if (chars === 0 || (l.fonts.get(bodyFont ?? '') ?? 0) > RUN_IN.maxBodyShare * chars) return undefined;
        const depth = (m[1] ?? 'A').split('.').length - 1;
        // A top-level title is set in capitals ("1. INTRODUCTION"); "1. Precision" in bold is an enumerated item's lead.
        return depth > 0 || /^(APPENDIX\s|\S+\s+\p{Lu}{2,}\b)/u.test(l.text) ? depth : undefined;
      };
      const furniture = pageFurniture(lines, pdf.numPages, isHeading);
      const tableRows = tableRowLines(lines, pdf.numPages, furniture, isHeading);
      const rightEdge = columnRightEdges(lines, pdf.numPages, furniture);
      /** A line that reaches its column's right edge: the sentence goes on in the next line, whatever that line starts with. */
      const fullLine = (l: Line) => l.endX >= (rightEdge.get(l) ?? l.endX) - LAYOUT.columnGap * l.size;
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
      // Rows of one table share its first row as their header when they have as many cells.
      let tableHeader: string[] | undefined;
      let blocksSinceRow = Infinity;
      const flush = () => {
        if (para.length === 0) return flushFurniture();
        const page = para[0]!.page;
        if (kind === 'table-row') {
          const cells = para[0]!.cells.map((c) => c.text);
          // Lines hanging under the last cell (a definition table's wrapped description) belong to it.
          if (para.length > 1) cells[cells.length - 1] = joinHyphenated([cells[cells.length - 1]!, ...para.slice(1).map((l) => l.text)], compounds).join('\n');
          const sameTable = blocksSinceRow <= 1 && tableHeader !== undefined;
          const header = sameTable && tableHeader!.length === cells.length ? tableHeader : undefined;
          out.add(cells.join(' | '), 'table-row', path.filter(Boolean), { page, cells: cells.map((c) => c.replace(/\n/g, ' ')), ...(header ? { header } : {}) });
          if (!sameTable) tableHeader = cells;
          blocksSinceRow = 0;
          para = [];
          return flushFurniture();
        }
        blocksSinceRow++;
        const text = (kind === 'code' || kind === 'heading' ? para.map((l) => l.text) : joinHyphenated(para.map((l) => l.text), compounds)).join('\n');
        if (kind === 'heading') {
          const depth = runInDepth(para[0]!);
          const level = depth === undefined ? headingSizes.indexOf(Math.round(para[0]!.size)) : headingSizes.length + depth;
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
      lines.forEach((l, i) => {
        const reason = furniture.get(l);
        if (reason) {
          pendingFurniture.push(l);
          return;
        }
        const gap = prev && prev.page === l.page ? prev.y - l.y : Infinity;
        let lineKind: BlockKind = tableRows.has(l)
          ? 'table-row'
          : l.mono
            ? 'code'
            : isHeading(l) || runInDepth(l) !== undefined
              ? 'heading'
              : LIST_ITEM.test(l.text)
                ? 'list-item'
                : 'paragraph';
        const sameColumn = prev !== undefined && prev.page === l.page && gap > 0 && gap <= LAYOUT.paragraphGap * spacing.get(l.page)!;
        const prose = kind === 'paragraph' || kind === 'list-item';
        // "(Case" / "1) [27] and …": a number that opens a line inside a running sentence is not a list item.
        if (lineKind === 'list-item' && prose && sameColumn && !/^[•◦▪‣·●○■□–\-*]/.test(l.text) && !ENDS_SENTENCE.test(prev!.text) && fullLine(prev!)) lineKind = 'paragraph';
        // A word hyphenated at the line end goes on in this line, whatever the indents say.
        const hyphenated = prose && sameColumn && lineKind === 'paragraph' && /\p{Ll}-$/u.test(prev!.text) && /^\p{Ll}/u.test(l.text);
        // The head of the next column (up and to the right on the same page) or of the next page.
        const overBreak =
          prev !== undefined &&
          ((prev.page === l.page && gap < 0 && l.x > prev.x + LAYOUT.columnGap * l.size) || l.page === prev.page + 1) &&
          continuesOverBreak(prev, l, kind, lineKind);
        // TeX indents a paragraph's first line: an indented line after a finished sentence starts a new
        // paragraph, unless it is a one-line lead-in to the example that follows ("For example").
        let j = i + 1;
        while (j < lines.length && furniture.has(lines[j]!)) j++;
        const next = lines[j];
        const leadIn = !/[.!?]["'’”)\]]?$/.test(l.text) && next !== undefined && next.mono && next.page === l.page;
        const indented =
          kind === 'paragraph' && lineKind === 'paragraph' && sameColumn && ENDS_SENTENCE.test(prev!.text) && !leadIn && l.x > Math.min(...para.map((p) => p.x)) + LAYOUT.indent * l.size;
        // A short last line that ends a sentence, then a little more space than between lines: a new paragraph.
        const parted = kind === 'paragraph' && lineKind === 'paragraph' && sameColumn && ENDS_SENTENCE.test(prev!.text) && !leadIn && !fullLine(prev!) && gap > LAYOUT.paragraphGapAfterShortLine * spacing.get(l.page)!;
        const underLastCell =
          kind === 'table-row' && lineKind === 'paragraph' && sameColumn && Math.abs(l.x - para[0]!.cells[para[0]!.cells.length - 1]!.x) <= LAYOUT.columnAlign * l.size;
        const continues =
          underLastCell ||
          (kind !== 'table-row' &&
          lineKind !== 'table-row' &&
          (hyphenated ||
            overBreak ||
            (prev !== undefined &&
              prev.page === l.page &&
              gap > 0 &&
              (gap <= LAYOUT.paragraphGap * spacing.get(l.page)! || (kind === 'code' && lineKind === 'code')) &&
              // A list item goes on over lines indented past its bullet; a line back at the margin is the next
              // paragraph, unless the item wraps flush with its bullet (as generated manuals set "* " items)
              // and its sentence is still running: "… the epoch 1-" (a full line) / "Jan-1970. Earlier …".
              (lineKind === kind ||
                (kind === 'list-item' &&
                  lineKind === 'paragraph' &&
                  (l.x > para[0]!.x + LAYOUT.wordGap * l.size ||
                    ([...para, l].every((o) => Math.abs(o.x - para[0]!.x) <= LAYOUT.columnAlign * l.size) &&
                      !ENDS_SENTENCE.test(prev.text) &&
                      (fullLine(prev) || /^\p{Ll}/u.test(l.text)))))) &&
              !(lineKind === 'list-item' && kind === 'list-item') &&
              !indented &&
              !parted &&
              (kind !== 'heading' || Math.round(prev.size) === Math.round(l.size)))));
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
