import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnknownDocumentError } from '../../src/engine/documents.js';
import type { Engine } from '../../src/engine/engine.js';
import { SUMMARY_SENTENCES, type Summary } from '../../src/domain/types.js';
import { chromeIn } from '../helpers/chrome.js';
import { CORPUS_DIR, openTestEngine } from '../helpers/engine.js';
import { EXPECTED, KEY_FACTS } from '../helpers/seed-key-facts.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openTestEngine();
});

const text = (doc: string) => readFileSync(path.join(CORPUS_DIR, doc), 'utf8');

function expectWellFormed(s: Summary) {
  for (const c of s.citations) {
    expect(text(c.document).slice(c.start, c.end)).toBe(c.quote);
    expect(chromeIn(c.quote), c.quote).toEqual([]);
  }
  const quotes = s.citations.map((c) => c.quote);
  expect(new Set(quotes).size).toBe(quotes.length);
  // No two citations overlap (the same sentence shown twice).
  for (const a of s.citations)
    for (const b of s.citations) if (a !== b && a.document === b.document) expect(a.start < b.end && b.start < a.end).toBe(false);
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** A first line carrying a section or site label ("Opinion | …") is the page's headline: never a summary sentence. */
function expectNoLabelledHeadline(s: Summary) {
  for (const c of s.citations) {
    const firstLine = text(c.document).split('\n')[0]!;
    if (/\S \| \S/.test(firstLine)) expect(c.start, c.quote).toBeGreaterThanOrEqual(firstLine.length);
  }
}

describe('document summaries', () => {
  it.each(Object.keys(EXPECTED))('%s: medium summary is verbatim, distinct, in document order, and names the central actors', (doc) => {
    const s = engine.summarizeDocument(doc, 'medium');
    expect(s.kind).toBe('document');
    expect(s.citations.length).toBeGreaterThanOrEqual(3);
    expect(s.citations.length).toBeLessThanOrEqual(SUMMARY_SENTENCES.medium);
    expectWellFormed(s);
    const starts = s.citations.map((c) => c.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const all = s.citations.map((c) => c.quote).join(' ');
    for (const re of EXPECTED[doc]!) expect(all).toMatch(re);
    expect(words(all)).toBeLessThanOrEqual(130);
    const covered = KEY_FACTS[doc]!.filter((re) => re.test(all));
    expect(covered.length, `covered ${covered.join(' ')} in: ${all}`).toBeGreaterThanOrEqual(3);
  });

  it('respects the length limits, in sentences and in words', () => {
    const maxWords = { short: 75, medium: 130, long: Infinity };
    for (const doc of Object.keys(EXPECTED)) {
      for (const length of ['short', 'medium', 'long'] as const) {
        const s = engine.summarizeDocument(doc, length);
        expect(s.citations.length).toBeLessThanOrEqual(SUMMARY_SENTENCES[length]);
        expect(words(s.citations.map((c) => c.quote).join(' '))).toBeLessThanOrEqual(maxWords[length]);
        expectWellFormed(s);
        expectNoLabelledHeadline(s);
      }
      expect(engine.summarizeDocument(doc, 'long').citations.length).toBeGreaterThan(engine.summarizeDocument(doc, 'short').citations.length);
    }
  });

  it('accepts unambiguous prefixes and title words, and lists the documents for unknown names', () => {
    expect(engine.summarizeDocument('004').title).toMatch(/Former US officials/);
    expect(engine.summarizeDocument('talking to each other').title).toBe('America and Russia are finally talking to each other again');
    const err = (() => {
      try {
        engine.summarizeDocument('no-such-file.txt');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownDocumentError);
    expect((err as Error).message).toMatch(/no document matches "no-such-file.txt"/);
    expect((err as Error).message).toContain('000_124aa0ee5495cb11.txt');
    expect(() => engine.summarizeDocument('00')).toThrow(/matches 5 documents/);
  });
});

describe('corpus overview and topic summaries', () => {
  it('gives one representative sentence per document: the lead-most sentence of its short summary', () => {
    const s = engine.overview();
    expect(s.kind).toBe('corpus');
    expect(s.citations.map((c) => c.document)).toEqual(engine.documents().map((d) => d.id));
    expectWellFormed(s);
    expectNoLabelledHeadline(s);
    for (const c of s.citations) expect(c.start).toBe(engine.summarizeDocument(c.document, 'short').citations[0]!.start);
  });

  it('draws a topic summary from several documents, each sentence cited', async () => {
    const s = await engine.summarizeTopic('contacts between US and Russian defense officials');
    expect(s.kind).toBe('topic');
    expectWellFormed(s);
    expect(s.citations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(s.citations.map((c) => c.document)).size).toBeGreaterThanOrEqual(2);
    expect(s.citations.map((c) => c.quote).join(' ')).toMatch(/Austin|Shoigu|Milley|Gerasim/);
  });

  it('says so when the documents do not cover a topic', async () => {
    const s = await engine.summarizeTopic('sourdough baking techniques');
    expect(s.citations).toEqual([]);
    expect(s.message).toMatch(/do not seem to cover/);
  });
});

describe('citing a claim', () => {
  it('resolves a misspelled, partial quote to the true sentence', async () => {
    const a = await engine.cite('the lack of contact is a mistake given the United States wide set of intrests');
    expect(a.answered).toBe(true);
    expect(a.citations[0]!.quote).toBe(
      'Some veteran diplomats say the lack of contact is a mistake given the United States’ wide set of interests involving Moscow.',
    );
    expect(a.citations[0]!.document).toBe('002_2e59d69fb2242484.txt');
  });

  it('finds exact wording regardless of quote style and case, widened to the whole sentence', async () => {
    const a = await engine.cite('"COMMUNICATION ISN\'T A GIFT TO THE OTHER SIDE"');
    expect(a.citations[0]!.quote).toBe('The point is this: communication isn’t a gift to the other side.');
    expect(a.citations[0]!.score).toBe(1);
  });

  it('finds the passages behind a paraphrased claim', async () => {
    const a = await engine.cite('Blinken avoided meeting Lavrov in Bali');
    expect(a.answered).toBe(true);
    expect(a.citations.map((c) => c.quote).join(' ')).toMatch(/chose not to meet him on the resort island of Bali/);
    for (const c of a.citations) expect(text(c.document).slice(c.start, c.end)).toBe(c.quote);
  });

  it('reports a claim unrelated to the documents as unsupported', async () => {
    for (const claim of ['The moon is made of green cheese', 'Apple released a new iPhone with a better camera', 'Penguins can fly long distances']) {
      const a = await engine.cite(claim);
      expect(a.answered, claim).toBe(false);
      expect(a.citations).toEqual([]);
      expect(a.message).toMatch(/Nothing in the documents supports/);
    }
  });

  it('never cites site chrome, even when the claim copies it', async () => {
    const a = await engine.cite('Stay informed by joining TruthRow');
    for (const c of a.citations) expect(chromeIn(c.quote)).toEqual([]);
  });
});
