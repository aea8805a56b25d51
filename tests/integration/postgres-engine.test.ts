/**
 * The whole engine on Postgres (real pgvector: PGlite over the wire) against the embedded
 * default, same corpus and embedder: every dev question gets the same quotes from both. The fake
 * embedder keeps this fast; it exercises the same stores, keyword search and scoring as the
 * model does (the real model's comparison is an eval run, see README "Postgres").
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import type { Answer } from '../../src/domain/types.js';
import { Engine } from '../../src/engine/engine.js';
import { copyCorpus, testConfig } from '../helpers/engine.js';
import { usePostgres } from '../helpers/use-postgres.js';

const MODEL = 'fake/hashed-bow';
const questions = readFileSync(path.join(PROJECT_ROOT, '../shared/eval/dev-questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { question: string }).question);

const postgres = usePostgres({ connections: 0 });
let embedded: Engine;
let onPostgres: Engine;
/** The Postgres engine's corpus: a copy (identical to the embedded one's until the reindex test edits it). */
let corpusCopy: string;

beforeAll(async () => {
  corpusCopy = copyCorpus();
  [embedded, onPostgres] = await Promise.all([
    Engine.open(testConfig({ EMBEDDING_MODEL: MODEL })),
    Engine.open(testConfig({ EMBEDDING_MODEL: MODEL, DATABASE_URL: postgres.pg.url, CORPUS_DIR: corpusCopy })),
  ]);
});

afterAll(async () => {
  await embedded?.close();
  await onPostgres?.close();
});

const shown = (a: Answer) => ({
  answered: a.answered,
  citations: a.citations.map((c) => ({ quote: c.quote, document: c.document, paragraph: c.paragraph })),
});

describe('engine on Postgres', () => {
  it('syncs the corpus into Postgres on first open', async () => {
    expect(onPostgres.status.rebuilt).toBe('missing');
    expect(onPostgres.status.documents).toBe(embedded.status.documents);
    expect(onPostgres.status.sentences).toBe(embedded.status.sentences);
    const rows = await postgres.pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docbot.documents`);
    expect(rows.rows[0]!.n).toBe(embedded.status.documents);
  });

  it('answers every dev question with the same quotes as the embedded index', async () => {
    expect(questions.length).toBeGreaterThan(10);
    for (const q of questions) {
      const [a, b] = await Promise.all([embedded.ask(q, { limit: 5 }), onPostgres.ask(q, { limit: 5 })]);
      expect(shown(b), q).toEqual(shown(a));
    }
    const claim = 'talks between Washington and Moscow';
    expect(shown(await onPostgres.cite(claim))).toEqual(shown(await embedded.cite(claim)));
  });

  it('a second process on the same database serves the synced index without rebuilding', async () => {
    const second = await Engine.open(testConfig({ EMBEDDING_MODEL: MODEL, DATABASE_URL: postgres.pg.url, CORPUS_DIR: corpusCopy }));
    try {
      expect(second.status.rebuilt).toBeUndefined();
      expect(shown(await second.ask(questions[0]!))).toEqual(shown(await embedded.ask(questions[0]!)));
    } finally {
      await second.close();
    }
  });

  it('reindex syncs only a changed corpus, embeds only the changed texts, and keeps only the previous build', async () => {
    const builtAt = onPostgres.status.builtAt;
    const unchanged = await onPostgres.reindex();
    expect(unchanged.changed).toEqual([]);
    expect(onPostgres.status.builtAt).toBe(builtAt);

    // A file of our own: news pages end in chrome that the reader drops, so appending there would change nothing indexed.
    const file = 'harbour-notes.md';
    const added = ['The harbour committee approved the lighthouse repairs on Tuesday.', 'The ferry timetable changes in spring.'];
    for (const [i, sentence] of added.entries()) {
      appendFileSync(path.join(corpusCopy, file), `${sentence}\n\n`);
      const report = await onPostgres.reindex();
      expect(i === 0 ? report.added : report.changed).toEqual([file]);
      // Vectors of the untouched texts come from the index served before.
      expect(report.embedded).toBeGreaterThan(0);
      expect(report.embedded).toBeLessThan(report.reused);
    }
    const builds = await postgres.pg.db.query<{ name: string }>(`SELECT name FROM docbot.vector_collections ORDER BY name`);
    expect(builds.rows).toHaveLength(4); // chunks + sentences, current and previous build
    const answer = await onPostgres.ask('When did the harbour committee approve the lighthouse repairs?');
    // The added sentence is served (its quote may run on into the next one-sentence paragraph).
    expect(answer.citations[0]!.quote).toContain(added[0]);
    expect(shown(await onPostgres.ask(questions[1]!))).toEqual(shown(await embedded.ask(questions[1]!)));
  });

  it('serves an index published as format 9 without a sync (format 10 changed only files on disk), and syncs an older one', async () => {
    const setFormat = (v: number) =>
      postgres.pg.db.query(`UPDATE docbot.index_state SET value = jsonb_set(value::jsonb, '{formatVersion}', $1::jsonb) WHERE key = 'manifest'`, [JSON.stringify(v)]);
    const open = () => Engine.open(testConfig({ EMBEDDING_MODEL: MODEL, DATABASE_URL: postgres.pg.url, CORPUS_DIR: corpusCopy }));
    await setFormat(9);
    const reopened = await open();
    try {
      expect(reopened.status.rebuilt).toBeUndefined();
      expect(shown(await reopened.ask(questions[0]!))).toEqual(shown(await embedded.ask(questions[0]!)));
    } finally {
      await reopened.close();
    }
    await setFormat(8);
    const synced = await open();
    try {
      expect(synced.status.rebuilt).toBe('stale');
    } finally {
      await synced.close();
    }
  });
});
