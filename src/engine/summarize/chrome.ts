/**
 * Page chrome at the top of a news article, which a summary quote should not spend words on:
 *
 * - the head: a byline ("By . Daily Mail Reporter . PUBLISHED: 12:31 EST, 3 October 2013 | .
 *   UPDATED: …"), a dateline ("LONDON, England (CNN) -- ", "(CNN)"), in the document's first
 *   characters only;
 * - a photo caption glued, without a full stop, in front of one of the first sentences:
 *   "Accused: Dr Ram Manohar, 38, has denied four counts of sexual assault A senior doctor facing
 *   …". The caption is cut only when it demonstrably is one: it carries a caption's label
 *   ("Accused: "), says "pictured", or restates the sentence it is glued to (most of its content
 *   words come back in it), and the sentence after the cut opens as sentences do ("A senior", "The
 *   amount"; a name only when the caption restates it).
 *
 * A quote then starts where the content does: still an exact substring of the document, shorter.
 * Units wholly inside the head are no summary candidates. Only the start of a document is read,
 * so documentation (which has neither bylines nor glued captions) keeps every word
 * (tests/unit/engine/summarize/chrome.test.ts).
 */
import { conceptsAt } from './concepts.js';

interface Unit {
  start: number;
  end: number;
  contextStart: number;
}

/** "By . Daily Mail Reporter . ": the opening of a scraped Daily Mail byline, with its author line. */
const BYLINE = /^By \.\s+(?:[A-Z][^.|\n]{0,60}? \.\s+)?/;
/** "PUBLISHED: . 12:01 EST, 3 October 2013 . | . " and its UPDATED twin. */
const STAMP = /^(?:PUBLISHED|UPDATED):\s*\.?\s*\d{1,2}:\d{2}(?:\s*[AP]M)?\s+[A-Z]{2,4},?\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*\.?\s*(?:\|\s*\.?\s*)?/;
/** "Last updated at 4:36 PM on 12th January 2012 . " */
const LAST_UPDATED = /^Last updated at \d{1,2}:\d{2}\s*[AP]M on \d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\s*\.?\s*/;
/** "(CNN)", "Kathmandu, Nepal (CNN)", "LONDON, England (CNN) -- ", "WASHINGTON (AP) -- ". */
const DATELINE = /^(?:[A-Z][A-Za-z.'’-]*(?:,? [A-Z][A-Za-z.'’-]*){0,4}\s+)?\((?:CNN|AP|Reuters|AFP)\)\s*(?:--\s*)?/;

/** Where the document's chrome head ends (`from` when it has none): byline parts, then a dateline. */
export function headEnd(text: string, from: number): number {
  let pos = from;
  const at = (re: RegExp) => {
    const m = re.exec(text.slice(pos, pos + 300));
    if (!m || m[0].length === 0) return false;
    pos += m[0].length;
    return true;
  };
  if (at(BYLINE)) while (at(STAMP) || at(LAST_UPDATED));
  at(DATELINE);
  // Nothing but chrome: keep the text (there is no content to start at).
  return /\S/.test(text.slice(pos, pos + 1)) ? pos : from;
}

/** How many of a document's first sentences a glued caption may lead (captions sit at the top). */
const CAPTION_SENTENCES = 3;
/** "Accused: ", "Sleepy kid: ": a caption's label. */
const CAPTION_LABEL = /^[A-Z][A-Za-z'’-]*(?: [A-Za-z'’-]+){0,3}: /;
const PICTURED = /\bpictured\b/i;
/** A sentence start right after a word, with no punctuation between: "assault A senior", "Liverpool The amount". */
const ARTICLE_START = /(?<=[A-Za-z0-9%’'")\]])\s+(?=(?:A|An|The)\s[a-z])/g;
/** "tax cut David Cameron will say…": a name after a lower-case word (trusted only with a restating caption). */
const NAME_START = /(?<=[a-z0-9%’'")\]])\s+(?=[A-Z][a-z]+\s)/g;
/** Words after which "A"/"The"/a name continue the sentence ("plan A", "told The Times", "said David"). */
const BINDING = new Set(
  'a an the of in on at to for from by with and or but as than that which who is are was were be been said says told plan type group vitamin grade category class exhibit'.split(' '),
);
/** A caption is at least this long, and the sentence after it too. */
const MIN_CAPTION_WORDS = 4;
const MIN_SENTENCE_WORDS = 8;
/** Share of the caption's content words the sentence repeats for the caption to restate it. */
const RESTATES = 0.3;
const RESTATES_NAME = 0.5;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Where the sentence `text.slice(start, end)` starts after a caption glued in front of it (`start` when none). */
export function afterCaption(text: string, start: number, end: number): number {
  const t = text.slice(start, end);
  let concepts: { at: number; concept: string }[] | undefined;
  /** Whether the caption (before `cut`) speaks of what the sentence says: `min` of its content words come back, and `share` of them. */
  const restates = (cut: number, min: number, share: number) => {
    concepts ??= conceptsAt(t);
    const own = new Set(concepts.filter((c) => c.at < cut).map((c) => c.concept));
    const there = new Set(concepts.filter((c) => c.at >= cut).map((c) => c.concept));
    const shared = [...own].filter((c) => there.has(c)).length;
    return shared >= min && shared / Math.max(1, own.size) >= share;
  };
  for (const [re, share] of [[ARTICLE_START, RESTATES], [NAME_START, RESTATES_NAME]] as const) {
    for (const m of t.matchAll(re)) {
      const caption = t.slice(0, m.index);
      const cut = m.index + m[0].length;
      const previous = /(\S+)$/.exec(caption)?.[1]?.toLowerCase().replace(/[^a-z0-9]/g, '') ?? '';
      if (BINDING.has(previous) || words(caption) < MIN_CAPTION_WORDS || words(t.slice(cut)) < MIN_SENTENCE_WORDS) continue;
      // A labelled or "pictured" caption still shows the same story ("Options: The following keys…" in a manual does not).
      const marked = re === ARTICLE_START && (CAPTION_LABEL.test(caption) || PICTURED.test(caption));
      if ((marked && restates(cut, 1, 0)) || restates(cut, 2, share)) return start + cut;
    }
  }
  return start;
}

/**
 * The units as a summary quotes them: starts moved past the chrome head and past glued captions
 * of the first sentences (a quote with context follows its context sentence), and which units
 * are chrome through and through.
 */
export function withoutChrome<U extends Unit>(text: string, units: readonly U[]): { units: U[]; chrome: boolean[] } {
  if (units.length === 0) return { units: [], chrome: [] };
  const head = headEnd(text, units[0]!.start);
  const moved = new Map<number, number>();
  let content = 0;
  const chrome = units.map((u) => u.end <= head);
  const starts = units.map((u, i) => {
    if (chrome[i]) {
      // A sentence leaning on chrome ("By . Sam Webb .") has nothing to lean on: it starts itself.
      // The chrome keeps its span (a summarizer that picks it anyway quotes it whole).
      moved.set(u.start, -1);
      return u.start;
    }
    let s = Math.max(u.start, head);
    if (content++ < CAPTION_SENTENCES) s = afterCaption(text, s, u.end);
    if (s !== u.start) moved.set(u.start, s);
    return s;
  });
  return {
    units: units.map((u, i) => ({
      ...u,
      start: starts[i]!,
      contextStart: u.contextStart === u.start || moved.get(u.contextStart) === -1 ? starts[i]! : (moved.get(u.contextStart) ?? u.contextStart),
    })),
    chrome,
  };
}
