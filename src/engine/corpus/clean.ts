/**
 * Separates an article's prose from the site chrome that scraped pages carry (ads, share
 * widgets, teasers, photo credits, newsletter blurbs, trailing "more stories" blocks).
 *
 * Nothing is rewritten: the result is a list of spans into the original text, so every quote
 * taken from a paragraph is an exact substring of the file. The rules are about the *shape*
 * of web chrome (short navigation-like lines, widget phrases, teaser blocks after the article's
 * end), not about the particular files in corpus/.
 */
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

function normalizePhrase(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** Classifies one unit of text (a line, or a hard-wrapped paragraph) by its shape. */
export function classifyUnit(text: string): UnitKind {
  const t = text.trim();
  const phrase = normalizePhrase(t);
  if (!/[\p{L}\p{N}]/u.test(t)) return 'widget';
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

/**
 * Groups lines into units: normally one unit per line (scraped articles put one paragraph per
 * line), but a block of hard-wrapped prose lines (Gutenberg-style text) becomes one unit so
 * that its short last line or a mid-sentence break is not mistaken for a heading.
 */
function toUnits(text: string, lines: Line[]): Span[] {
  const units: Span[] = [];
  let block: Line[] = [];
  const flush = () => {
    if (block.length === 0) return;
    const body = block.slice(0, -1);
    const width = (l: Line) => l.end - l.start;
    const wrapped =
      block.length >= 2 &&
      body.every((l) => width(l) >= 30 && width(l) <= 100) &&
      body.filter((l) => !TERMINAL.test(text.slice(l.start, l.end))).length >= body.length / 2;
    if (wrapped) units.push({ start: block[0]!.start, end: block[block.length - 1]!.end });
    else for (const l of block) units.push({ start: l.start, end: l.end });
    block = [];
  };
  for (const line of lines) {
    if (line.blank) flush();
    else block.push(line);
  }
  flush();
  return units;
}

/** Marks Markdown front matter and fenced code as markup; returns the front-matter title if any. */
function markMarkdown(text: string, units: Unit[]): string | undefined {
  let title: string | undefined;
  let i = 0;
  if (units[0] && text.slice(units[0].start, units[0].end) === '---') {
    units[0].kind = 'markup';
    for (i = 1; i < units.length; i++) {
      const u = units[i]!;
      const line = text.slice(u.start, u.end);
      u.kind = 'markup';
      const m = /^title\s*:\s*["']?(.+?)["']?\s*$/i.exec(line);
      if (m) title = m[1];
      if (line === '---') break;
    }
  }
  let inFence = false;
  for (const u of units) {
    const line = text.slice(u.start, u.end);
    if (/^(```|~~~)/.test(line)) {
      inFence = !inFence;
      u.kind = 'markup';
    } else if (inFence) u.kind = 'markup';
    else if (/^#{1,6}\s/.test(line)) u.kind = 'heading';
  }
  return title;
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
  const units: Unit[] = toUnits(text, lines).map((s) => ({ ...s, kind: classifyUnit(text.slice(s.start, s.end)) }));
  const frontMatterTitle = opts.markdown ? markMarkdown(text, units) : undefined;

  dropRepeats(text, units);
  dropTrailingTeasers(text, units);
  dropAfterSectionStart(units, text.length);

  let title = frontMatterTitle;
  let titleSpan: Span | undefined;
  const first = units.find((u) => (u.kind === 'heading' || u.kind === 'prose') && !u.dropped);
  if (!title && first) {
    const firstText = text.slice(first.start, first.end);
    const md = opts.markdown ? /^#{1,6}\s+(.*)$/.exec(firstText) : null;
    if (first.kind === 'heading') {
      title = md ? md[1]!.trim() : firstText.trim();
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
