/**
 * The concepts a sentence mentions (names, numbers, content words), shared by coverage
 * (salient.ts) and the chrome rule (chrome.ts).
 */
import { stemmer } from 'stemmer';

/** Function words carry no content of their own (coverage concepts are content words, names, numbers). */
const STOPWORDS = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out ' +
    'over own said same says she should so some such than that the their theirs them themselves then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'mr mrs ms one two new last first year years told say like get got make made also may might must'
  ).split(' '),
);

/**
 * Stems by word: stemming is most of the cost of reading concepts, and a corpus repeats its
 * words (bounded by its vocabulary; cleared when it grows past STEMS_MAX).
 */
const stems = new Map<string, string>();
const STEMS_MAX = 200_000;
function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= STEMS_MAX) stems.clear();
    stems.set(word, (s = stemmer(word)));
  }
  return s;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** The concept of one token (the `i`-th of its sentence), or undefined for a function word. */
function conceptOf(raw: string, i: number): string | undefined {
  const tok = raw.replace(/['’]s$/, '');
  if (/^\p{N}/u.test(tok)) return `#${tok.replace(/[,.]$/, '')}`;
  const lower = tok.toLowerCase();
  if (STOPWORDS.has(lower) || lower.length < 3) return undefined;
  return i > 0 && /^\p{Lu}/u.test(tok) ? `@${stem(lower)}` : stem(lower);
}

/**
 * Concepts a sentence mentions: numbers ("#1990"), names (capitalised words not opening the
 * sentence, "@obama") and other content words (stems). Keys are prefixed so a number and a word
 * never collide.
 */
export function conceptsOf(sentence: string): string[] {
  return [...sentence.matchAll(TOKEN)].flatMap((m, i) => conceptOf(m[0], i) ?? []);
}

/** Each concept of `text` with the offset of its token, names and words alike (no "@"). */
export function conceptsAt(text: string): { at: number; concept: string }[] {
  return [...text.matchAll(TOKEN)].flatMap((m) => {
    const concept = conceptOf(m[0], 0);
    return concept === undefined ? [] : [{ at: m.index, concept }];
  });
}
