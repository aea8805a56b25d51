/**
 * Photo captions and inline video prompts glued into news sentences.
 *
 * Scraped articles (Daily Mail above all) interleave captions with the story without a full stop:
 * "…the $500million art heist from 1990 A security guard at the museum stands outside the room…".
 * The sentence segmenter sees one run-on sentence, which restates the lead and looks central to any
 * centrality measure. We split such units where a new sentence visibly starts with no punctuation
 * before it, and mark caption-like pieces so summaries leave them out. Nothing is rewritten: every
 * piece is a span of the original text.
 *
 * The rules are deliberately narrow: proper prose (Wikipedia, documentation) never has a lower-case
 * word followed by "They went" or "The man" in the middle of a sentence, so they fire on glued text
 * only. tests/unit/engine/chunking/captions.test.ts checks that on the documentation corpus.
 */
import type { Span } from './sentences.js';

/** "Scroll down for video", "Scroll down to see the video": a prompt, never content. */
const VIDEO_PROMPT = /\bScroll down (?:for|to (?:see|watch)) (?:the )?videos?\b/g;

/** Openers that start a sentence whatever follows ("heist This FBI sketch shows…"). */
const STRONG_OPENERS = 'He|She|They|We|His|Her|Their|This|These|Those|There|However|Meanwhile|Now|But';
/**
 * Openers that also begin titles ("told The Associated Press", "starred in The Hunger Games"):
 * a sentence start only when a lower-case word follows ("The man", "It was").
 */
const WEAK_OPENERS = 'The|It|In|On|At|For|With|As|If|When|While|After|Before|Since|Although|Some|Many|Most';

/**
 * A glued boundary: a word ending in a lower-case letter, digit or closing bracket, whitespace, then
 * a sentence opener. The lookbehind keeps the split point at the whitespace.
 */
const GLUED_BOUNDARY = new RegExp(`(?<=[a-z0-9)\\]’'"”])\\s+(?=(?:(?:${STRONG_OPENERS})\\s+\\S|(?:${WEAK_OPENERS})\\s+[a-z]))`, 'g');

/** Words after which a capitalised opener can still be part of the same sentence ("of The…", "and It"). */
const BINDING_WORDS = new Set(
  ('a an the of in on at to for from by with and or but as than that which who whom whose what is are was were be been ' +
    'said says told tell asked called named titled dubbed film book song show album novel series magazine newspaper ' +
    'mr mrs ms dr').split(' '),
);

/** A piece must be at least this long to be split off: short runs are more likely real phrasing. */
const MIN_PIECE_WORDS = 4;

/** Sentence-final punctuation, possibly followed by quotes, brackets or a "[citation needed]" note. */
const TERMINAL = /[.!?…]["'”’)\]»]*(?:\[[^\]]*\])?$/;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Splits a sentence span into pieces at video prompts and glued caption boundaries. Returns the
 * span itself when nothing is glued (always for ordinary prose).
 */
export function splitGlued(text: string, span: Span): Span[] {
  const slice = text.slice(span.start, span.end);
  const cuts = new Set<number>();
  for (const m of slice.matchAll(VIDEO_PROMPT)) {
    cuts.add(m.index);
    cuts.add(m.index + m[0].length);
  }
  for (const m of slice.matchAll(GLUED_BOUNDARY)) {
    const before = slice.slice(0, m.index);
    const prevRaw = /(\S+)$/.exec(before)?.[1]?.replace(/[^A-Za-z]/g, '') ?? '';
    // After a capitalised word the opener may continue a name or title ("Bob Dylan's "The Times They Are…").
    if (BINDING_WORDS.has(prevRaw.toLowerCase()) || /^[A-Z]/.test(prevRaw)) continue;
    cuts.add(m.index);
  }
  if (cuts.size === 0) return [span];
  const points = [0, ...[...cuts].filter((c) => c > 0 && c < slice.length).sort((a, b) => a - b), slice.length];
  const pieces: Span[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    let s = span.start + points[i]!;
    let e = span.start + points[i + 1]!;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e <= s) continue;
    const prev = pieces[pieces.length - 1];
    const piece = text.slice(s, e);
    // Too short to stand as a piece (and not a video prompt): keep it with its neighbour.
    if (prev && words(piece) < MIN_PIECE_WORDS && !isVideoPrompt(piece) && !isVideoPrompt(text.slice(prev.start, prev.end))) prev.end = e;
    else if (prev && words(text.slice(prev.start, prev.end)) < MIN_PIECE_WORDS && !isVideoPrompt(text.slice(prev.start, prev.end)) && !isVideoPrompt(piece)) prev.end = e;
    else pieces.push({ start: s, end: e });
  }
  return pieces;
}

const isVideoPrompt = (s: string) => new RegExp(`^${VIDEO_PROMPT.source}$`).test(s.trim());

/** "(pictured)", "(left)", "(file photo)", "pictured with…": the vocabulary of photo captions. */
const CAPTION_WORDS = new RegExp(
  [
    String.raw`\((?:pictured|picture)\b[^)]*\)`,
    String.raw`\((?:(?:second |far )?(?:left|right)|centre|center|top|bottom|above|below|inset|file photo|file picture|stock photo|stock image|library image|library picture)(?:,? (?:and )?(?:left|right|centre|center|top|bottom|above|below))*\)`,
    String.raw`\b[Pp]ictured\b`,
  ].join('|'),
);

/** "SHOCK: …", "Skin spa: …": a caption's short label before a colon (one to four words). */
const CAPTION_LABEL = /^(?:[A-Z][A-Za-z'’-]*)(?: [A-Za-z'’-]+){0,3}: [A-Z]/;
const ALL_CAPS_LABEL = /^[A-Z][A-Z0-9 '’&-]{2,}: /;

/**
 * Whether a unit is a caption or a video prompt rather than story text. `glued` says whether the
 * unit was split off a longer run (no punctuation of its own separated it from the next sentence).
 * Units of ordinary prose ending with a full stop are captions only when they say "(pictured)".
 */
export function isCaptionLike(unit: string, glued: boolean): boolean {
  const t = unit.trim();
  if (isVideoPrompt(t)) return true;
  const terminal = TERMINAL.test(t);
  // "NOTE: Run the build first." in documentation ends with a full stop; a caption label does not.
  if (ALL_CAPS_LABEL.test(t) && !terminal) return true;
  if (CAPTION_WORDS.test(t)) return true;
  if (!terminal && glued) return true;
  return !terminal && CAPTION_LABEL.test(t);
}
