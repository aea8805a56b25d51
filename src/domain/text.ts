/**
 * The one text normaliser. Everything that compares text a person typed with text of a document
 * (eval answer phrases, pasted claims, document names, chrome phrases, keyword terms) folds both
 * sides through `foldText` / `foldChar`, so "the same words" means the same thing everywhere.
 */

/** Typographic quotes and dashes and their plain forms. */
const CHAR_FOLD: Record<string, string> = {
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  '–': '-', '—': '-',
};

/** One character as comparisons see it: plain quotes and dashes, lower case. */
export function foldChar(ch: string): string {
  return (CHAR_FOLD[ch] ?? ch).toLowerCase();
}

export interface FoldOptions {
  /** Strip diacritics ("café" → "cafe"): for names and keywords, not for quotes. */
  accents?: boolean;
  /** Drop apostrophes ("don't" → "dont"), for matching names typed without them. */
  dropApostrophes?: boolean;
  /** Turn punctuation (anything but letters, digits, apostrophes) into spaces. */
  punctuationToSpace?: boolean;
}

const FOLDABLE = /[“”„‟″‘’‚‛′–—]/g;

/** Lower case, plain quotes and dashes, whitespace collapsed and trimmed; options fold further. */
export function foldText(s: string, opts: FoldOptions = {}): string {
  let out = s.replace(FOLDABLE, (ch) => CHAR_FOLD[ch]!).toLowerCase();
  if (opts.accents) out = out.normalize('NFKD').replace(/\p{M}/gu, '');
  if (opts.dropApostrophes) out = out.replace(/'/g, '');
  if (opts.punctuationToSpace) out = out.replace(/[^\p{L}\p{N}' ]+/gu, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

/** Words separated by whitespace. */
export function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}
