/**
 * Sentence spans inside a paragraph. ICU's sentence segmenter (Intl.Segmenter) does the heavy
 * lifting; it only needs help with titles and initials ("Rep. Pramila Jayapal", "Gen. Mark A.
 * Milley"), circa dates ("c. 1455"), parentheticals ("(c. EUR 23 800)"), dot files (".RData") and
 * a lone "?" naming itself, which it treats as sentence ends.
 */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations that are nearly always followed by a name or number, never a sentence end. */
const NON_TERMINAL = new Set(
  [
    'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'rep', 'reps', 'sen', 'sens', 'gov', 'gen', 'lt', 'col', 'maj', 'capt',
    'cmdr', 'adm', 'sgt', 'cpl', 'pvt', 'rev', 'hon', 'pres', 'amb', 'supt', 'det', 'insp', 'st', 'mt', 'ft',
    'no', 'nos', 'vol', 'vols', 'pp', 'fig', 'figs', 'art', 'sec', 'ch', 'op', 'cf', 'vs', 'v', 'e.g', 'i.e', 'approx',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    // circa and floruit: "built c. 1150", "(fl. 1500s)", "ca. 2 million".
    'c', 'ca', 'fl',
  ],
);

/**
 * Lowercase abbreviations of reference works ("(b. 1950)", "(d. 1560)", "(r. 843–877)"): only
 * abbreviations right after an opening parenthesis, where a sentence cannot end.
 */
const IN_PARENTHESIS = /\(\s*[a-z]{1,3}\.\s*$/;

/** Whether `segment` leaves a parenthesis open that `next` closes before any sentence could end. */
function insideParenthesis(segment: string, next: string): boolean {
  if (segment.lastIndexOf('(') <= segment.lastIndexOf(')')) return false;
  const close = next.indexOf(')');
  return close >= 0 && !/[.!?]\s/.test(next.slice(0, close)) && next.lastIndexOf('(', close) < 0;
}

/** Words that commonly open a sentence; after "U.N." they mean a real sentence break. */
export const SENTENCE_OPENERS = new Set(
  ('the a an he she it they we i you his her its their our this that these those there here but and or so yet then ' +
    'in on at for with as if when while after before since although though however meanwhile still also now some many most ' +
    'what who why how where which one no not').split(' '),
);

/**
 * Where ICU ends a sentence but the text does not: inside a token ("a file called .RData in", "the
 * .NET runtime": no space after the mark), or after a mark standing alone as a word ("type help ?
 * to get a menu"), which names the symbol, when the text goes on in lower case.
 */
function notASentenceEnd(segment: string, next: string): boolean {
  const lone = /(^|\s)[.!?](\s*)$/.exec(segment);
  if (!lone) return false;
  return lone[2] === '' ? /^[\p{L}\p{N}_]/u.test(next) : /^\p{Ll}/u.test(next);
}

function endsWithNonTerminal(segment: string, next: string): boolean {
  if (notASentenceEnd(segment, next)) return true;
  // "Jacques Lefevre (c. 1455–1536)": a parenthetical is never cut in the middle.
  if (IN_PARENTHESIS.test(segment) || insideParenthesis(segment, next)) return true;
  const m = /(?:^|[\s(“"‘'])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(segment);
  if (!m) return false;
  const word = m[1]!;
  // A single capital letter is an initial ("Mark A. Milley").
  if (/^[A-Z]$/.test(word)) return true;
  // A dotted acronym ("U.N.") ends a sentence only if an ordinary opener follows ("U.N. General Assembly").
  if (/^([A-Z]\.)+[A-Z]$/.test(word)) {
    const nextWord = /^\s*["“‘']?([A-Za-z]+)/.exec(next)?.[1];
    return nextWord !== undefined && /^[A-Z]/.test(nextWord) && !SENTENCE_OPENERS.has(nextWord.toLowerCase());
  }
  return NON_TERMINAL.has(word.toLowerCase());
}

/**
 * ICU ends a sentence at every "?" or "!" followed by a space, even when the next word is in lower case: a mark
 * that is part of a name ("the ? operator", "the dbg! macro") or a quoted question ("“Why?” he asked"). A
 * sentence does not start in lower case, so such a break is none.
 */
function continuesAfterMark(segment: string, next: string): boolean {
  return /[?!][\s"”’')\]]*$/.test(segment) && /^[a-z]/.test(next.trimStart());
}

/**
 * Splits `text.slice(start, end)` into sentence spans (absolute offsets into `text`), each
 * trimmed of surrounding whitespace. Spans never overlap and always lie inside [start, end).
 */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  // ICU ends a sentence at every line break; inside a paragraph a line break is only wrapping.
  // Same length, so offsets still point into `text`.
  const slice = text.slice(start, end).replace(/[\r\n]/g, ' ');
  const raw: Span[] = [];
  for (const seg of segmenter.segment(slice)) {
    const s = start + seg.index;
    const e = s + seg.segment.length;
    const prev = raw[raw.length - 1];
    if (prev && (endsWithNonTerminal(text.slice(prev.start, prev.end), seg.segment) || continuesAfterMark(text.slice(prev.start, prev.end), seg.segment))) prev.end = e;
    else raw.push({ start: s, end: e });
  }
  const out: Span[] = [];
  for (const span of raw) {
    const trimmed = trimSpan(text, span);
    if (trimmed.end > trimmed.start) out.push(trimmed);
  }
  return out;
}

export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
