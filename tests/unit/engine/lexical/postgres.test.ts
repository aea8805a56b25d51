/**
 * Keyword search in Postgres full-text search, against a real Postgres (PGlite over the wire).
 * Document frequencies are checked against the embedded BM25 index built from the same texts:
 * both backends must weigh a question's terms the same.
 */
import { describe, expect, it } from 'vitest';
import { Bm25Index, terms } from '../../../../src/engine/lexical/bm25.js';
import { PostgresLexicalSearch, tsvectorLiteral, type PostgresLexicalOptions } from '../../../../src/engine/lexical/postgres.js';
import { migrate } from '../../../../src/engine/stores/postgres/migrations.js';
import { usePostgres } from '../../../helpers/use-postgres.js';

const postgres = usePostgres({ schema: 'lexical_test' });

async function embeddedBm25(sentences: readonly { id: string; text: string }[]): Promise<Bm25Index> {
  const index = Bm25Index.create();
  await index.add(sentences);
  return index;
}

const SENTENCES = [
  { id: 'talks.txt#s0', text: 'Washington and Moscow should keep talking during the war.' },
  { id: 'talks.txt#s1', text: 'The talks in Geneva ended without an agreement on Ukraine.' },
  { id: 'talks.txt#s2', text: 'Diplomats said the US delegation talked to Russian officials twice.' },
  { id: 'grain.md#s0', text: 'Grain exports through the Black Sea resumed in August.' },
  { id: 'grain.md#s1', text: "O'Neill's report \\ said exports fell by half: 'a crisis'." },
  // Words repeated: BM25's term frequency and length normalisation both matter here.
  { id: 'wheat.md#s0', text: 'Wheat, wheat and again wheat: the harvest of wheat fed millions.' },
];

let collection = 0;
async function filled(opts: PostgresLexicalOptions = {}): Promise<PostgresLexicalSearch> {
  const search = PostgresLexicalSearch.open(postgres.db, `c${collection++}`, opts);
  await search.add(SENTENCES);
  return search;
}

describe('Postgres full-text LexicalSearch (engine terms)', () => {
  it('counts what it holds and ranks the sentences holding the question’s terms first', async () => {
    const search = await filled();
    expect(await search.size()).toBe(SENTENCES.length);
    const hits = await search.search('Were there talks in Geneva about Ukraine?', 10);
    expect(hits[0]).toMatchObject({ id: 'talks.txt#s1' });
    expect(hits[0]!.matched.sort()).toEqual(terms('talks Geneva Ukraine').sort());
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    // Stems match across forms ("talking", "talked"): every sentence about talks is found.
    expect(hits.map((h) => h.id).sort()).toEqual(['talks.txt#s0', 'talks.txt#s1', 'talks.txt#s2']);
    expect(await search.search('Geneva', 1)).toHaveLength(1);
    expect(await search.search('the of and', 10)).toEqual([]);
    expect(await search.search('Geneva', 0)).toEqual([]);
  });

  it('ranks and scores like the embedded BM25 index over the same sentences', async () => {
    const search = await filled();
    const bm25 = await embeddedBm25(SENTENCES);
    // The last two carry typos the corpus lacks ("Geneeva", "exprts"): both match loosely.
    for (const q of ['Did the talks about Ukraine in Geneva end?', 'grain exports', 'US officials talked with Russian diplomats', 'Geneeva talks', 'grain exprts', 'wheat harvest millions']) {
      const expected = (await bm25.search(q, 10)).map((h) => ({ id: h.id, score: h.score, matched: [...h.matched].sort() }));
      const got = (await search.search(q, 10)).map((h) => ({ ...h, matched: [...h.matched].sort() }));
      expect(got.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      expect(got.length).toBeGreaterThan(0);
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[i]!.score, 9);
        expect(h.matched).toEqual(expected[i]!.matched);
      });
    }
  });

  it('matches a word the corpus lacks loosely, counting it as the query term', async () => {
    const search = await filled();
    const hits = await search.search('exprts', 5);
    expect(hits.map((h) => h.id).sort()).toEqual(['grain.md#s0', 'grain.md#s1']);
    expect(hits[0]!.matched).toEqual(['exprt']);
    expect(await search.search('xyzzyplugh', 5)).toEqual([]);
  });

  it('ranks with ts_rank_cd when asked to', async () => {
    const search = await filled({ ranking: 'ts_rank_cd' });
    const hits = await search.search('Geneva talks', 10);
    expect(hits[0]!.id).toBe('talks.txt#s1');
    expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
  });

  it('gives the same idf as the embedded BM25 index over the same sentences, the retriever’s NUL absent-term probe included', async () => {
    const search = await filled();
    const bm25 = await (await embeddedBm25(SENTENCES)).idf([...terms('talks exports Ukraine Geneva'), 'absentterm', '\u0000absent']);
    const idf = await search.idf([...bm25.keys()]);
    for (const [t, expected] of bm25) expect(idf.get(t)).toBeCloseTo(expected, 10);
  });

  it('replaces a sentence added again and forgets deleted ones, document frequencies included', async () => {
    const search = await filled();
    const before = (await search.idf(terms('Geneva')))!.get(terms('Geneva')[0]!)!;
    await search.add([{ id: 'talks.txt#s1', text: 'A ceasefire in Geneva was discussed; Geneva again.' }]);
    await search.add([{ id: 'new#s0', text: 'Geneva hosted another round.' }]);
    expect(await search.size()).toBe(SENTENCES.length + 1);
    expect((await search.search('Ukraine', 10)).map((h) => h.id)).toEqual([]);
    expect((await search.search('ceasefire', 10)).map((h) => h.id)).toEqual(['talks.txt#s1']);
    const geneva = terms('Geneva')[0]!;
    expect((await search.idf([geneva])).get(geneva)).toBeLessThan(before);
    await search.delete(['talks.txt#s1', 'new#s0', 'never-added']);
    expect(await search.size()).toBe(SENTENCES.length - 1);
    expect(await search.search('Geneva', 10)).toEqual([]);
    const bm25 = await embeddedBm25(SENTENCES.filter((s) => s.id !== 'talks.txt#s1'));
    expect((await search.idf([geneva])).get(geneva)).toBeCloseTo((await bm25.idf([geneva])).get(geneva)!, 10);
  });

  it('stores any text: quotes, apostrophes and backslashes reach the index intact', async () => {
    const search = await filled();
    const hits = await search.search('O’Neill report crisis', 5);
    expect(hits[0]!.id).toBe('grain.md#s1');
    const row = await postgres.pg.db.query<{ body: string }>(`SELECT body FROM lexical_test.lexical WHERE collection = $1 AND id = 'grain.md#s1'`, [search.collection]);
    expect(row.rows[0]!.body).toBe(SENTENCES[4]!.text);
    expect(tsvectorLiteral(["o'neil", 'a\\b', 'x', 'x'])).toBe(`'o''neil':1 'a\\\\b':2 'x':3,4`);
  });

  it('keeps collections apart', async () => {
    const a = await filled();
    const b = PostgresLexicalSearch.open(postgres.db, `c${collection++}`);
    expect(await b.size()).toBe(0);
    expect(await b.search('Geneva', 5)).toEqual([]);
    expect(await a.size()).toBe(SENTENCES.length);
  });
});

describe('upgrading a database written before the postings table (migration 4)', () => {
  it('fills the postings from the stored tsvectors, so searches rank as before the upgrade', async () => {
    const search = await filled();
    const questions = ['Did the talks about Ukraine in Geneva end?', 'grain exprts', 'wheat harvest millions'];
    const before = await Promise.all(questions.map((q) => search.search(q, 10)));
    // The schema as migration 3 left it: no postings table, version 4 not recorded.
    await postgres.pg.db.exec(`DROP TABLE lexical_test.lexical_postings; DELETE FROM lexical_test.schema_migrations WHERE version = 4`);
    expect(await migrate(postgres.db)).toEqual([4]);
    const after = await Promise.all(questions.map((q) => search.search(q, 10)));
    expect(after).toEqual(before);
    expect(before.every((hits) => hits.length > 0)).toBe(true);
  });
});

describe('Postgres full-text LexicalSearch (english configuration)', () => {
  it('stems with Postgres’s english dictionary and matches any of the question’s words', async () => {
    const search = await filled({ mode: 'english', ranking: 'ts_rank_cd' });
    const hits = await search.search('Russian talk exports', 10);
    expect(hits.map((h) => h.id).sort()).toEqual(['grain.md#s0', 'grain.md#s1', 'talks.txt#s0', 'talks.txt#s1', 'talks.txt#s2']);
    expect(hits[0]!.id).toBe('talks.txt#s2');
    expect(hits[0]!.matched.sort()).toEqual(['russian', 'talk']);
  });
});
