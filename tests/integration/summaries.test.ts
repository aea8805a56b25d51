import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnknownDocumentError } from '../../src/engine/documents.js';
import type { Engine } from '../../src/engine/engine.js';
import { SUMMARY_SENTENCES, type Summary } from '../../src/domain/types.js';
import { chromeIn } from '../helpers/chrome.js';
import { CORPUS_DIR, openTestEngine } from '../helpers/engine.js';

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

/** Central actors and events of each article, written from reading them. */
const EXPECTED: Record<string, RegExp[]> = {
  '000_124aa0ee5495cb11.txt': [/Russia/, /United States|U\.S\./, /diplomacy|communicat|talk/i],
  '001_d7e03db3c3fe0fbc.txt': [/Putin/, /Biden|Lavrov|Zelensky/, /negotiat|communicat|talk/i],
  '002_2e59d69fb2242484.txt': [/Blinken/, /Lavrov|Russian/, /engage|meeting|diplomac/i],
  '003_e3ec1e54c157f832.txt': [/Austin|Shoigu/, /Biden|Putin/, /arms control|talk|dialogue|speaking/i],
  '004_fa67cc9842d54d9a.txt': [/Track[ -](II|1\.5)/, /former U\.S\. (government )?officials|NBC/, /cease-fire|negotiat/i],
};

/**
 * The facts a reader of each article would expect a medium summary to carry (who met whom, what
 * happened, the article's argument), written from reading them. A medium summary (5 sentences,
 * ≤ 130 words) cannot hold them all; it should hold at least three.
 */
const KEY_FACTS: Record<string, RegExp[]> = {
  '000_124aa0ee5495cb11.txt': [
    /catastrophic conflict|direct (military )?(conflict|war)/i, // the aim: avoid a US-Russia war
    /not ripe for a diplomatic settlement|no middle ground/i, // no Ukraine settlement yet
    /Putin/, // Putin signals he wants dialogue
    /dirty bomb/i, // the dirty-bomb accusations
    /Atomic Energy Agency|Grassi/, // the IAEA investigation
    /security assurances|Cuban Missile Crisis/i, // the Cuban Missile Crisis parallel
    /deterrence/i,
  ],
  '001_d7e03db3c3fe0fbc.txt': [
    /Cuban missile crisis/i,
    /Embalo|Guinea/, // Putin's message through Guinea-Bissau's president
    /G20/, // the offer to meet at the G20
    /Biden/, // Biden will not meet Putin
    /letter/, // the House Democrats' letter
    /Austin|Shoigu/, // the defence chiefs' calls
    /Milley|Gerasim/, // the generals' call
  ],
  '002_2e59d69fb2242484.txt': [
    /Blinken/,
    /Lavrov/,
    /Indonesia|Bali|G-20|20 biggest economies/, // where they avoided each other
    /mistake|channels of communication/i, // veteran diplomats' criticism
    /Griner|Whelan|detainees/, // what the U.S. wants from Moscow
    /Shannon|Shapiro/, // the critics quoted
  ],
  '003_e3ec1e54c157f832.txt': [
    /Austin/,
    /Shoigu/,
    /Biden|Putin/, // the presidents have not talked
    /arms control|strategic stability/i, // talks suspended
    /Kissinger|Dobrynin/, // the Cold War precedent
    /prudent|necessary|gift to the other side/i, // the argument
  ],
  '004_fa67cc9842d54d9a.txt': [
    /NBC/, // the report
    /Haass|Graham|Kupchan/, // who met
    /Lavrov/, // whom they met
    /Track (II|1\.5)|Track-II/, // the kind of diplomacy
    /cease-fire/i, // negotiations are not a cease-fire
    /Iran/, // the book on the Iran deal
    /intelligence|intel/i, // what Track II is for
  ],
};

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

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
