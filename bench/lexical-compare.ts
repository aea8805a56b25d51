/**
 * How Postgres full-text search ranks sentences compared with the embedded BM25 (MiniSearch):
 * keyword search alone, no vectors, on the questions that have answers. A question counts as
 * found at k when one of the first k sentences contains an answer phrase (the eval's matching).
 *
 *   PG_URL=postgres://… npx tsx bench/lexical-compare.ts [--corpus DIR --questions FILE] [--split validation|all] [--json]
 *
 * Without PG_URL it starts PGlite (slower, same SQL). SQuAD is split by article: `validation`
 * keeps the questions of every other article in name order (nothing here is fitted, but numbers
 * reported for the project come from the held-out half).
 */
import { Command } from 'commander';
import pg from 'pg';
import { readCorpus, readDocuments } from '../src/engine/index/corpus.js';
import { normalizeForMatch, readQuestions } from '../src/engine/evaluate.js';
import { Bm25Index } from '../src/engine/lexical/bm25.js';
import { PostgresLexicalSearch, type PostgresLexicalMode, type PostgresLexicalRanking } from '../src/engine/lexical/postgres.js';
import { Database } from '../src/engine/stores/postgres/database.js';
import { startTestPostgres } from '../tests/helpers/pglite.js';

const program = new Command()
  .option('--corpus <dir>', 'corpus folder', 'corpus')
  .option('--questions <file>', 'questions (jsonl)', '../shared/eval/dev-questions.jsonl')
  .option('--split <which>', 'validation (every other document) or all', 'all')
  .option('--json', 'one JSON object on stdout')
  .parse();
const opts = program.opts<{ corpus: string; questions: string; split: 'validation' | 'all'; json?: boolean }>();

const K = [1, 5, 20] as const;

const corpus = await readCorpus(opts.corpus);
const { documents } = await readDocuments(corpus);
const sentences = documents.flatMap((d) => d.sentences.map((s, i) => ({ id: `${d.id}#${i}`, doc: d.id, text: d.text.slice(s.contextStart, s.end) })));
const textById = new Map(sentences.map((s) => [s.id, s.text]));
const docNames = documents.map((d) => d.id).sort();
const validationDocs = new Set(docNames.filter((_, i) => i % 2 === 1));
const questions = (await readQuestions(opts.questions)).filter(
  (q) => q.answers.length > 0 && (opts.split === 'all' || (q.document !== undefined && validationDocs.has(q.document))),
);

type Ranker = (q: string) => Promise<string[]>;

async function score(name: string, rank: Ranker) {
  const found = Object.fromEntries(K.map((k) => [k, 0])) as Record<number, number>;
  let rr = 0;
  let ms = 0;
  const lists: string[][] = [];
  for (const q of questions) {
    const t = performance.now();
    const ids = await rank(q.question);
    ms += performance.now() - t;
    lists.push(ids);
    const wanted = q.answers.map(normalizeForMatch);
    const at = ids.findIndex((id) => wanted.some((w) => normalizeForMatch(textById.get(id)!).includes(w)));
    for (const k of K) if (at >= 0 && at < k) found[k]!++;
    if (at >= 0) rr += 1 / (at + 1);
  }
  const n = questions.length;
  return {
    name,
    lists,
    row: {
      ...Object.fromEntries(K.map((k) => [`hit@${k}`, +(found[k]! / n).toFixed(3)])),
      mrr20: +(rr / n).toFixed(3),
      msPerQuery: +(ms / n).toFixed(1),
    },
  };
}

const external = process.env.PG_URL;
const local = external ? undefined : await startTestPostgres();
const url = external ?? local!.url;
// A fresh schema each run: leftovers of another corpus would count as results.
const reset = new pg.Client({ connectionString: url });
await reset.connect();
await reset.query('DROP SCHEMA IF EXISTS lexical_compare CASCADE');
await reset.end();
const db = await Database.open(url, { schema: 'lexical_compare', poolSize: 2 });
try {
  const bm25 = Bm25Index.create();
  await bm25.add(sentences);
  const results = [await score('bm25 (MiniSearch, embedded)', async (q) => (await bm25.search(q, 20)).map((h) => h.id))];
  const variants: [PostgresLexicalMode, PostgresLexicalRanking][] = [
    ['engine', 'bm25'],
    ['engine', 'ts_rank_cd'],
    ['english', 'bm25'],
    ['english', 'ts_rank_cd'],
    ['english-and', 'ts_rank_cd'],
  ];
  for (const [mode, ranking] of variants) {
    const search = PostgresLexicalSearch.open(db, `cmp_${mode.replace('-', '_')}_${ranking}`, { mode, ranking });
    await search.add(sentences);
    results.push(await score(`postgres ${ranking}, ${mode} terms`, async (q) => (await search.search(q, 20)).map((h) => h.id)));
  }
  // How much of BM25's top 10 each ranking shares.
  const base = results[0]!.lists;
  const table = results.map((r) => ({
    ranking: r.name,
    ...r.row,
    overlapTop10WithBm25: +(
      r.lists.reduce((a, l, i) => a + l.slice(0, 10).filter((id) => base[i]!.slice(0, 10).includes(id)).length / Math.max(1, Math.min(10, base[i]!.length)), 0) /
      questions.length
    ).toFixed(3),
  }));
  const summary = { corpus: opts.corpus, questions: opts.questions, split: opts.split, answerable: questions.length, sentences: sentences.length, server: external ? 'external' : 'pglite', results: table };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    console.log(`${summary.answerable} answerable questions, ${summary.sentences} sentences (${summary.split}, ${summary.server})`);
    console.table(table);
  }
} finally {
  await db.close();
  await local?.stop();
}
