/**
 * Plain-text reader (.txt). Scraped news pages are the common case, so the news-chrome rules of
 * corpus/clean.ts decide what is chrome (widgets, teasers, credits, promos, trailing "more
 * stories"): those are skipped with the reason. What changed from the old cleaner is what
 * happens to short lines without final punctuation: they were all "headings" and never quoted.
 * Now a short line is a heading only when it demonstrably is one (the document's first line,
 * ALL CAPS, Title Case followed by prose, a `#` line); list items and short paragraphs inside
 * the article are blocks like any other, and a short prose first paragraph stays quotable.
 */
import { classifyUnit, cleanDocument, type Unit, type UnitKind } from '../chunking/clean.js';
import { decodeTextFile, lineIndex, titleFromFileName } from './common.js';
import type { Block, BlockKind, ReadDocument, Reader, ReaderInput, SkippedBlock } from './types.js';

const LIST_ITEM = /^([-*+•‣◦▪–]|\d+[.)]|[a-z][.)])\s+\S/;
const HASH_HEADING = /^#{1,6}\s+\S/;

const CHROME_REASONS: Partial<Record<UnitKind, string>> = {
  widget: 'site widget (share, print, text size, comments, advertisement)',
  teaser: 'link to another article ("Read also: …")',
  credit: 'photo caption or credit',
  promo: 'newsletter or subscription promotion',
  label: 'section label ("Analysis | …")',
  'end-marker': 'teaser end marker ("Keep reading")',
  'section-start': 'start of related-articles section',
  markup: 'markup without text',
};

const DROPPED_REASONS: Record<NonNullable<Unit['dropped']>, string> = {
  duplicate: 'repeated paragraph (paywall preview)',
  preview: 'truncated preview of a later paragraph',
  'trailing-teaser': 'teaser for another article after the end of this one',
  'after-section-end': 'after a "Related articles"-style section start',
};

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

function allCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** A headline's "Kicker: Rest of headline" shape, as news templates write linked headlines. */
const HEADLINE_KICKER = /^[^:]{2,60}:\s+[\p{Lu}\p{N}‘“'"]/u;

/** ALL CAPS, a headline with a kicker, or most longer words capitalised ("Why Talks Matter Now"). */
function looksLikeTitle(line: string): boolean {
  if (allCaps(line) || HEADLINE_KICKER.test(line)) return true;
  const long = words(line).filter((w) => /^\p{L}{4,}/u.test(w));
  if (long.length < 2) return false;
  return long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length >= 0.75;
}

export function readPlainText(text: string, fileName: string): ReadDocument {
  const cleaned = cleanDocument(text, { fallbackTitle: titleFromFileName(fileName) });
  const lineOf = lineIndex(text);
  const units = cleaned.units;
  const isArticleProse = (u: Unit) => u.kind === 'prose' && !u.dropped;
  const firstProse = units.findIndex(isArticleProse);
  let lastProse = -1;
  units.forEach((u, i) => {
    if (isArticleProse(u) || (u.kind === 'heading' && !u.dropped && classifyUnit(text.slice(u.start, u.end)) === 'prose')) lastProse = i;
  });

  const blocks: Block[] = [];
  const skipped: SkippedBlock[] = [];
  let section: string | undefined;
  let headline: string | undefined;
  const path = () => [headline, section].filter((p): p is string => p !== undefined);

  units.forEach((u, i) => {
    const line = text.slice(u.start, u.end);
    const skip = (reason: string) => skipped.push({ start: u.start, end: u.end, reason });
    const add = (kind: BlockKind) => blocks.push({ kind, start: u.start, end: u.end, headingPath: path(), lines: [lineOf(u.start), lineOf(u.end - 1)] });
    if (u.dropped) return skip(DROPPED_REASONS[u.dropped]);
    const chrome = CHROME_REASONS[u.kind];
    if (chrome) return skip(chrome);
    // cleanDocument turns a short prose first paragraph into the title; it is prose all the same.
    const own = u.kind === 'heading' ? classifyUnit(line) : u.kind;
    if (own === 'prose') return add(LIST_ITEM.test(line) ? 'list-item' : 'paragraph');
    if (LIST_ITEM.test(line)) return i > lastProse && lastProse >= 0 ? skip('short line after the end of the article') : add('list-item');
    const first = blocks.length === 0 && (firstProse < 0 || i < firstProse);
    const followedByProse = units.slice(i + 1).find((n) => !n.dropped && !CHROME_REASONS[n.kind]);
    const marked = HASH_HEADING.test(line) || allCaps(line);
    const heading = first || marked || (looksLikeTitle(line) && followedByProse !== undefined && followedByProse.kind === 'prose');
    if (heading && (i <= lastProse || first)) {
      add('heading');
      const name = line.replace(/^#{1,6}\s+/, '').trim();
      if (first) headline = name;
      // Only explicitly marked headings open a section: scraped pages put linked headlines of
      // other stories between paragraphs, and those must not label the paragraphs that follow.
      else if (marked) section = name;
      return;
    }
    // Inside the article, a short unpunctuated line is a short paragraph; before it or after it, page furniture.
    if (i > firstProse && i < lastProse) return add('paragraph');
    if (i < firstProse && words(line).length >= 6) return add('paragraph');
    return skip(i < firstProse ? 'short line before the article (byline, navigation)' : 'short line after the end of the article');
  });
  return { text, title: cleaned.title, blocks, skipped };
}

export const textReader: Reader = {
  name: 'text',
  extensions: ['.txt', '.text'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    return readPlainText(decodeTextFile(bytes, fileName), fileName);
  },
};
