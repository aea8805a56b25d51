import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25Index, terms } from '../../../../src/engine/lexical/bm25.js';
import { LexicalFileError } from '../../../../src/engine/lexical/bm25-file.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../../corpus');

/** The seed corpus cut into sentence-sized pieces: real vocabulary, a few hundred documents. */
function sentences(): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  for (const file of readdirSync(CORPUS).sort()) {
    const pieces = readFileSync(path.join(CORPUS, file), 'utf8')
      .split(/(?<=[.!?])\s+/)
      .filter((p) => /\p{L}{3}/u.test(p));
    pieces.forEach((text, n) => out.push({ id: `${file}#s${n}`, text }));
  }
  return out;
}

/** Queries of several kinds: a sentence's own words, common words, a misspelling (fuzzy), nothing known. */
function queries(items: readonly { text: string }[]): string[] {
  const some = items.filter((_, i) => i % 17 === 0).map((s) => s.text.split(/\s+/).slice(0, 8).join(' '));
  const misspelt = items
    .flatMap((s) => s.text.split(/\s+/))
    .filter((w) => /^\p{L}{8,}$/u.test(w))
    .slice(0, 10)
    .map((w) => w.slice(0, -1));
  return [...some, ...misspelt, 'the of and', 'zyzzogeton quux'];
}

describe('BM25 saved form', () => {
  const items = sentences();

  it('loads into an index that answers exactly as the one it was saved from', async () => {
    const live = Bm25Index.create();
    await live.add(items);
    // Deleted sentences leave postings behind in MiniSearch until it vacuums: saved and loaded as they are.
    await live.delete(items.filter((_, i) => i % 11 === 0).map((s) => s.id));
    const loaded = Bm25Index.fromBytes(live.toBytes());
    expect(items.length).toBeGreaterThan(100);
    expect(loaded.count).toBe(live.count);
    const qs = queries(items);
    let hits = 0;
    for (const q of qs) {
      const expected = live.searchSync(q, 50);
      hits += expected.length;
      expect(loaded.searchSync(q, 50)).toEqual(expected);
      const qTerms = terms(q);
      expect(await loaded.idf(qTerms)).toEqual(await live.idf(qTerms));
    }
    // The comparison would say nothing if nothing were found.
    expect(hits).toBeGreaterThan(qs.length * 5);
  });

  it('saves a loaded index whole, whether or not searches read its postings yet (they are read on first use)', () => {
    const live = Bm25Index.create();
    live.addSync(items);
    const qs = queries(items);
    const searched = Bm25Index.fromBytes(live.toBytes());
    for (const q of qs.slice(0, 5)) searched.searchSync(q, 10);
    for (const resaved of [Bm25Index.fromBytes(live.toBytes()).toBytes(), searched.toBytes()]) {
      const again = Bm25Index.fromBytes(resaved);
      for (const q of qs) expect(again.searchSync(q, 50)).toEqual(live.searchSync(q, 50));
    }
  });

  it('takes more sentences after loading, and they are found', async () => {
    const live = Bm25Index.create();
    await live.add(items.slice(0, 50));
    const loaded = Bm25Index.fromBytes(live.toBytes());
    await loaded.add([{ id: 'new#s0', text: 'Quokkas are small marsupials found on Rottnest Island.' }]);
    expect(loaded.count).toBe(51);
    expect(loaded.searchSync('quokka marsupials', 5).map((h) => h.id)).toEqual(['new#s0']);
  });

  it('refuses bytes that are not a saved index, or are cut short', () => {
    const bytes = (() => {
      const ix = Bm25Index.create();
      ix.addSync(items.slice(0, 20));
      return ix.toBytes();
    })();
    expect(() => Bm25Index.fromBytes(Buffer.from('{"minisearch":{}}'))).toThrow(LexicalFileError);
    expect(() => Bm25Index.fromBytes(bytes.subarray(0, bytes.length - 8))).toThrow(LexicalFileError);
    expect(() => Bm25Index.fromBytes(bytes.subarray(0, 20))).toThrow(LexicalFileError);
  });
});
