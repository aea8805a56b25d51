/**
 * Separates an article's prose from the site chrome that scraped pages carry (ads, share
 * widgets, teasers, photo credits, newsletter blurbs, trailing "more stories" blocks).
 *
 * Nothing is rewritten: the result is a list of spans into the original text, so every quote
 * taken from a paragraph is an exact substring of the file. The rules are about the *shape*
 * of web chrome (short navigation-like lines, widget phrases, teaser blocks after the article's
 * end), not about the particular files in corpus/.
 */
import { foldText, wordCount } from '../../domain/text.js';
import { splitSentences, trimSpan, type Span } from './sentences.js';

export type UnitKind =
  | 'prose'
  | 'heading' // short line without sentence punctuation: headline, teaser title, menu item
  | 'widget' // share/print/text-size controls, "Advertisement", comment-form text
  | 'teaser' // "Read also: …" style links inside the article
  | 'credit' // photo captions and credits
  | 'promo' // newsletter / subscription blurbs
  | 'label' // section labels such as "Analysis | Global Crises"
  | 'end-marker' // "Keep reading", "Read more": closes a teaser
  | 'section-start' // "Related Articles", "More Stories": everything after is not the article
  | 'markup'; // front matter, code fences (Markdown)

export interface Unit extends Span {
  kind: UnitKind;
  /** Why a unit was dropped although it looked like prose (duplicate, trailing teaser block). */
  dropped?: 'duplicate' | 'preview' | 'trailing-teaser' | 'after-section-end';
}

export interface CleanedDocument {
  title: string;
  /** Span of the title line when the document has one (not a paragraph). */
  titleSpan?: Span;
  /** Kept prose paragraphs, in order; citation ¶ numbers are index + 1. */
  paragraphs: Span[];
  /** Every unit with its classification, for diagnostics and tests. */
  units: Unit[];
}

const TERMINAL = /[.!?…;:]["'”’)\]»]*$/;

/** Whole-line phrases that are page furniture in any news or blog template. */
const WIDGET_PHRASES = new Set(
  [
    'advertisement', 'advertisements', 'advertising', 'sponsored', 'sponsored content', 'ad', 'story continues below advertisement',
    'leave a comment', 'leave a reply', 'post a comment', 'add a comment', 'comments', 'comment', 'view comments', 'show comments',
    'share', 'share this', 'share this article', 'share this story', 'share on facebook', 'share on twitter', 'tweet', 'email', 'print',
    'copy link', 'link copied', 'save', 'save article', 'gift this article', 'text', 'text size', 'font size', 'line spacing',
    'small', 'medium', 'large', 'normal', 'back to top', 'back to top button', 'skip to content', 'skip to main content',
    'source link', 'source', 'follow us', 'follow us on social', 'follow us on social media', 'menu', 'search', 'home', 'close',
    'loading', 'listen to this article', 'listen', 'play', 'subscribe', 'subscribe now', 'sign up', 'log in', 'login', 'sign in',
    'register', 'newsletter', 'newsletters', 'donate', 'by admin', 'posted by admin', 'toggle navigation', 'previous', 'next',
    'previous article', 'next article', 'tags', 'filed under', 'categories', 'photo', 'video', 'image', 'getty images',
  ],
);

const SECTION_START_PHRASES = new Set(
  [
    'related', 'related articles', 'related posts', 'related stories', 'related content', 'related news', 'more stories',
    'more news', 'more articles', 'more from this author', 'you may also like', 'you might also like', 'recommended',
    'recommended for you', 'recommended stories', 'latest', 'latest news', 'latest stories', 'most read', 'most popular',
    'trending', 'trending now', 'read next', 'up next', 'what to read next', 'top stories', "editor's picks",
    'popular posts', 'recent posts', 'around the web',
  ],
);

// No trailing \b: templates glue markers together ("keep readingShow less").
const END_MARKER = /^(keep reading|read more|continue reading|show (less|more)|read the full (story|article)|full story)/;
const TEASER_PREFIX =
  /^\s*(lire aussi|à lire aussi|a lire aussi|lire également|voir aussi|read also|also read|see also|read more|related( story| article)?|recommended|must read|don['’]t miss|more on this|watch|siehe auch|lee también|leer también)\s*[:|–—-]/i;
const CREDIT =
  /(\((photo|image|picture|credit|foto)[^)]*\))|\b(photo|image|picture)s?\s*(by|credit|courtesy)\b|\bimage credit\b|\bgetty images\b|\bshutterstock\b|\/\s*(afp|ap|reuters|epa|pool)\b|\bvia (getty|ap|reuters|afp)\b|^\s*credit\s*:|^\s*(photo|image)\s*:/i;
const IMAGE_NAME = /^[\w-]+_\d{5,}$|\.(jpe?g|png|gif|webp|svg)$/i;
const PROMO =
  /\b(subscribe|subscriber|subscribers|subscription|newsletter|sign up|signup|unsubscribe|cancel anytime|stay informed|free trial|unlimited access|in your inbox|download (our|the) app|support our journalism|become a member)\b/i;
const COMMENT_FORM = /email address will not be published|required fields are marked|cookies?\b.*\b(accept|consent|policy)/i;
const LABEL = /^[^|.!?]{1,40}\s\|\s[^|.!?]{1,40}$/;

const normalizePhrase = (s: string) => foldText(s, { punctuationToSpace: true });

/** HTML tags, Markdown images/links and table rules: what is left when they go is the text. */
function withoutMarkup(t: string): string {
  return t
    .replace(/<[^>]*>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // images first: badges nest them inside links
    .replace(/\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ') // link reference definitions
    .replace(/^\|.*\|$/gm, ' ');
}

/** Classifies one unit of text (a line, or a hard-wrapped paragraph) by its shape. */
export function classifyUnit(text: string): UnitKind {
  const t = text.trim();
  const phrase = normalizePhrase(t);
  if (!/[\p{L}\p{N}]/u.test(withoutMarkup(t))) return 'markup';
  if (SECTION_START_PHRASES.has(phrase)) return 'section-start';
  if (WIDGET_PHRASES.has(phrase)) return 'widget';
  const words = wordCount(t);
  if (words <= 6 && END_MARKER.test(phrase)) return 'end-marker';
  if (TEASER_PREFIX.test(t)) return 'teaser';
  if (t.length < 300 && (CREDIT.test(t) || IMAGE_NAME.test(t))) return 'credit';
  if (t.length < 400 && COMMENT_FORM.test(t)) return 'widget';
  if (t.length < 400 && PROMO.test(t)) return 'promo';
  if (LABEL.test(t)) return 'label';
  if (!TERMINAL.test(t) && (words <= 15 || t.length <= 100)) return 'heading';
  return 'prose';
}

interface Line extends Span {
  blank: boolean;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /[^\r\n]*(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0].length > 0) {
    const start = m.index;
    const end = start + m[0].length - m[1]!.length;
    const span = trimSpan(text, { start, end });
    lines.push({ ...span, blank: span.end === span.start });
  }
  return lines;
}

/** A line that starts a list item: it never continues the line before it. */
const LIST_ITEM = /^([-*+•]|\d+[.)])\s+/;

/**
 * Groups lines into units: normally one unit per line (scraped articles put one paragraph per
 * line), but a run of hard-wrapped prose lines (e-books, Markdown) becomes one unit so that its
 * short last line or a mid-sentence break is not mistaken for a heading. `separators` are lines
 * that end a block like a blank line does (Markdown code fences).
 */
function toUnits(text: string, lines: Line[], separators: ReadonlySet<number> = new Set()): Span[] {
  const units: Span[] = [];
  let block: Line[] = [];
  const flush = () => {
    if (block.length === 0) return;
    const body = block.slice(0, -1);
    const width = (l: Line) => l.end - l.start;
    const wrapped =
      block.length >= 2 &&
      body.every((l) => width(l) >= 30) &&
      body.filter((l) => !TERMINAL.test(text.slice(l.start, l.end))).length >= body.length / 2;
    if (wrapped) units.push({ start: block[0]!.start, end: block[block.length - 1]!.end });
    else for (const l of block) units.push({ start: l.start, end: l.end });
    block = [];
  };
  lines.forEach((line, i) => {
    if (line.blank || separators.has(i)) {
      flush();
      if (separators.has(i)) units.push({ start: line.start, end: line.end });
      return;
    }
    if (LIST_ITEM.test(text.slice(line.start, line.end))) flush();
    block.push(line);
  });
  flush();
  return units;
}

/** Line numbers of Markdown front matter and fenced code (never article text). */
function markdownMarkupLines(text: string, lines: Line[]): { markup: Set<number>; title?: string } {
  const markup = new Set<number>();
  let title: string | undefined;
  const line = (i: number) => text.slice(lines[i]!.start, lines[i]!.end);
  let i = 0;
  while (i < lines.length && lines[i]!.blank) i++;
  if (i < lines.length && line(i) === '---') {
    markup.add(i);
    for (i++; i < lines.length; i++) {
      markup.add(i);
      const m = /^title\s*:\s*["']?(.+?)["']?\s*$/i.exec(line(i));
      if (m) title = m[1];
      if (line(i) === '---') break;
    }
  }
  let fence: string | undefined;
  for (let j = i; j < lines.length; j++) {
    const m = /^(```|~~~)/.exec(line(j));
    if (fence || m) markup.add(j);
    if (m) fence = fence ? (line(j).startsWith(fence) ? undefined : fence) : m[1];
  }
  return { markup, title };
}

/** A Markdown heading's text, without the #s and link/emphasis syntax. */
function headingText(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images (badges) say nothing about the document
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\]/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/[*_`]/g, '')
    .trim();
}

const isTitleLike = (k: UnitKind) => k === 'heading' || k === 'credit' || k === 'label';

/**
 * Teasers for other articles trail many pages: [title/credit/label lines] [1–3 prose blurb
 * paragraphs] ["Keep reading"]. Walking back from the last end marker, each such group is
 * dropped until the article's own prose is reached.
 */
function dropTrailingTeasers(text: string, units: Unit[]): void {
  const isChrome = (i: number) => i >= 0 && i < units.length && units[i]!.kind !== 'prose';
  // Teaser titles may end in "?" and so read as prose; a short one boxed in by chrome is a title.
  const isBoxedTitle = (i: number) =>
    units[i]!.kind === 'prose' && wordCount(text.slice(units[i]!.start, units[i]!.end)) <= 15 && isChrome(i - 1) && isChrome(i + 1);
  let e = -1;
  for (let i = units.length - 1; i >= 0; i--) if (units[i]!.kind === 'end-marker') { e = i; break; }
  while (e >= 0) {
    let j = e - 1;
    const blurb: Unit[] = [];
    while (j >= 0 && units[j]!.kind === 'prose' && !isBoxedTitle(j)) blurb.push(units[j--]!);
    const header: Unit[] = [];
    let titled = false;
    while (j >= 0 && units[j]!.kind !== 'end-marker' && (units[j]!.kind !== 'prose' || isBoxedTitle(j))) {
      if (isTitleLike(units[j]!.kind) || units[j]!.kind === 'prose') titled = true;
      header.push(units[j--]!);
    }
    if (blurb.length > 3 || !titled || header.length === 0) return;
    for (const u of [...blurb, ...header]) if (u.kind === 'prose') u.dropped = 'trailing-teaser';
    if (j < 0 || units[j]!.kind !== 'end-marker') return;
    e = j;
  }
}

/** Everything after a "Related Articles"-style heading in the second half of the page is not the article. */
function dropAfterSectionStart(units: Unit[], textLength: number): void {
  let seenProse = false;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.kind === 'prose' && !u.dropped) seenProse = true;
    if (u.kind === 'section-start' && seenProse && u.start > textLength / 2) {
      for (const later of units.slice(i + 1)) if (later.kind === 'prose') later.dropped = 'after-section-end';
      return;
    }
  }
}

/** Paywall previews repeat the opening paragraphs (sometimes cut with "…") before the full text. */
function dropRepeats(text: string, units: Unit[]): void {
  const prose = units.filter((u) => u.kind === 'prose' && !u.dropped);
  const norm = (u: Unit) => text.slice(u.start, u.end).replace(/\s+/g, ' ').trim();
  for (let i = 0; i < prose.length; i++) {
    const a = norm(prose[i]!);
    const cut = /(…|\.\.\.)$/.test(a) ? a.replace(/(…|\.\.\.)$/, '').trim() : undefined;
    for (let j = i + 1; j < prose.length; j++) {
      const b = norm(prose[j]!);
      if (b === a) {
        prose[i]!.dropped = 'duplicate';
        break;
      }
      if (cut && cut.length >= 40 && b.startsWith(cut)) {
        prose[i]!.dropped = 'preview';
        break;
      }
    }
  }
}

function shortTitle(sentence: string, max = 90): string {
  const s = sentence.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[\s,;:—–-]+$/, '')}…`;
}

export function cleanDocument(text: string, opts: { markdown?: boolean; fallbackTitle?: string } = {}): CleanedDocument {
  const lines = splitLines(text);
  const md = opts.markdown ? markdownMarkupLines(text, lines) : { markup: new Set<number>(), title: undefined };
  const markupStarts = new Set([...md.markup].map((i) => lines[i]!.start));
  const units: Unit[] = toUnits(text, lines, md.markup).map((s) => {
    const line = text.slice(s.start, s.end);
    if (markupStarts.has(s.start)) return { ...s, kind: 'markup' };
    if (opts.markdown && /^#{1,6}\s/.test(line)) return { ...s, kind: 'heading' };
    return { ...s, kind: classifyUnit(line) };
  });

  dropRepeats(text, units);
  dropTrailingTeasers(text, units);
  dropAfterSectionStart(units, text.length);

  let title = md.title;
  let titleSpan: Span | undefined;
  const atxHeading = opts.markdown
    ? units.find((u) => u.kind === 'heading' && /^#\s/.test(text.slice(u.start, u.end)) && headingText(text.slice(u.start, u.end)) !== '')
    : undefined;
  const first = atxHeading ?? units.find((u) => (u.kind === 'heading' || u.kind === 'prose') && !u.dropped);
  if (!title && first) {
    const firstText = text.slice(first.start, first.end);
    if (first.kind === 'heading') {
      title = opts.markdown ? headingText(firstText) : firstText.trim();
      titleSpan = { start: first.start, end: first.end };
    } else if (firstText.length <= 120 && splitSentences(firstText).length <= 2) {
      title = firstText.trim();
      titleSpan = { start: first.start, end: first.end };
      first.kind = 'heading';
    } else {
      const [s] = splitSentences(text, first.start, first.end);
      title = shortTitle(s ? text.slice(s.start, s.end) : firstText);
    }
  }
  const paragraphs = units.filter((u) => u.kind === 'prose' && !u.dropped).map(({ start, end }) => ({ start, end }));
  return { title: title || opts.fallbackTitle || 'Untitled', titleSpan, paragraphs, units };
}
