/**
 * Context rules: which sentences cannot be quoted alone ("That is Kyiv’s prerogative.") and
 * take the previous sentence with them, and where overlong "sentences" are cut.
 */
import { wordCount } from '../../domain/text.js';
import type { Span } from './sentences.js';

/** Longer "sentences" (tables, run-on text without punctuation) are cut so quotes stay readable. */
export const MAX_SENTENCE_CHARS = 600;

/** Sentences that lean on the previous one for their meaning. */
export const DEPENDENT_START =
  /^["“‘']?(he|she|they|it|its|this|that|these|those|there|then|but|and|so|yet|still|however|instead|such|also|both|meanwhile|as a result)\b/i;
const MIN_STANDALONE_WORDS = 8;
/** Short sentences pointing back with a pronoun or demonstrative ("…crucial to that end."). */
const SHORT_SENTENCE_WORDS = 12;
const ANAPHOR = /\b(it|they|them|he|him|she|her|this|that|these|those|such)\b/i;

/** A quotation with no speaker in it ("“We see no signs…”") … */
const BARE_QUOTATION = /^["“][^"”]*["”]$/;
/** … takes its speaker from the previous sentence when that one attributes it. */
const ATTRIBUTION = /\b(said|says|told|tells|stated|states|asked|wrote|writes|added|adds|explained|argued|according to)\b/i;

export function needsContext(sentence: string, previous: string): boolean {
  // Sentences are trimmed and never empty, so this counts their words.
  const words = wordCount(sentence);
  if (DEPENDENT_START.test(sentence) || words < MIN_STANDALONE_WORDS) return true;
  if (words < SHORT_SENTENCE_WORDS && ANAPHOR.test(sentence)) return true;
  return BARE_QUOTATION.test(sentence) && ATTRIBUTION.test(previous);
}

/** Cuts an overlong sentence at word boundaries, preferring clause punctuation. */
export function boundSentence(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let { start } = span;
  while (span.end - start > MAX_SENTENCE_CHARS) {
    const window = text.slice(start, start + MAX_SENTENCE_CHARS);
    let cut = Math.max(window.lastIndexOf('; '), window.lastIndexOf(', '), window.lastIndexOf(' — '));
    if (cut < MAX_SENTENCE_CHARS / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = MAX_SENTENCE_CHARS;
    else cut += 1; // keep the punctuation with the first piece
    out.push({ start, end: start + cut });
    start += cut;
    while (start < span.end && /\s/.test(text[start]!)) start++;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out.map((s) => {
    let end = s.end;
    while (end > s.start && /\s/.test(text[end - 1]!)) end--;
    return { start: s.start, end };
  });
}
