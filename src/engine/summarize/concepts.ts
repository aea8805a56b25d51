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
 * Concepts a sentence mentions: numbers ("#1990"), names (capitalised words not opening the
 * sentence, "@obama") and other content words (stems). Keys are prefixed so a number and a word
 * never collide.
 */
export function conceptsOf(sentence: string): string[] {
  const out: string[] = [];
  const tokens = sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
  tokens.forEach((raw, i) => {
    const tok = raw.replace(/['’]s$/, '');
    if (/^\p{N}/u.test(tok)) {
      out.push(`#${tok.replace(/[,.]$/, '')}`);
      return;
    }
    const lower = tok.toLowerCase();
    if (STOPWORDS.has(lower) || lower.length < 3) return;
    if (i > 0 && /^\p{Lu}/u.test(tok)) out.push(`@${stemmer(lower)}`);
    else out.push(stemmer(lower));
  });
  return out;
}
