import { describe, expect, it } from 'vitest';
import { Bm25Index, terms } from '../../../../src/engine/lexical/bm25.js';

const SENTENCES = [
  { id: 'a#s0', text: 'The ferry leaves the harbour every morning.' },
  { id: 'a#s1', text: 'Ferries were cancelled during the storms.' },
  { id: 'b#s0', text: 'Sourdough bread rises overnight.' },
  { id: 'b#s1', text: 'The US embassy in Moscow issued a statement.' },
];

async function index() {
  const ix = Bm25Index.create();
  await ix.add(SENTENCES);
  return ix;
}

describe('terms', () => {
  it('drops stop words and possessives, folds accents and stems, keeps acronyms', () => {
    expect(terms("The café's ferries")).toEqual(['cafe', 'ferri']);
    expect(terms('US officials told us')).toEqual(['us', 'offici']);
  });
});

describe('BM25 keyword search', () => {
  it('finds sentences by stemmed terms, best first, with the terms matched', async () => {
    const hits = await (await index()).search('ferry harbour', 10);
    expect(hits.map((h) => h.id)).toEqual(['a#s0', 'a#s1']);
    expect(hits[0]!.matched.sort()).toEqual(['ferri', 'harbour']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('gives rare terms a higher IDF than common ones, and absent terms the most', async () => {
    const idf = await (await index()).idf(['ferri', 'bread', 'zebra']);
    expect(idf.get('bread')!).toBeGreaterThan(idf.get('ferri')!);
    expect(idf.get('zebra')!).toBeGreaterThan(idf.get('bread')!);
  });

  it('forgets deleted sentences and their terms', async () => {
    const ix = await index();
    const before = (await ix.idf(['ferri'])).get('ferri')!;
    await ix.delete(['a#s1', 'unknown']);
    expect(await ix.size()).toBe(3);
    expect((await ix.search('ferry', 10)).map((h) => h.id)).toEqual(['a#s0']);
    expect((await ix.idf(['ferri'])).get('ferri')!).toBeGreaterThan(before);
  });

  it('answers the same after a round trip through its saved form', async () => {
    const ix = await index();
    const back = Bm25Index.fromBytes(ix.toBytes());
    expect(await back.search('embassy statement Moscow', 5)).toEqual(await ix.search('embassy statement Moscow', 5));
    expect(await back.idf(['ferri'])).toEqual(await ix.idf(['ferri']));
  });

  it('matches a misspelled rare word loosely', async () => {
    expect((await (await index()).search('sourdoug', 5)).map((h) => h.id)).toEqual(['b#s0']);
  });
});
