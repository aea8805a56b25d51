/**
 * The whole engine on Postgres (real pgvector: PGlite over the wire) against the embedded
 * default, same corpus and embedder: every dev question gets the same quotes from both. The fake
 * embedder keeps this fast; it exercises the same stores, keyword search and scoring as the
 * model does (the real model's comparison is an eval run, see README "Postgres").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';
import type { Answer } from '../../src/domain/types.js';
import { Engine } from '../../src/engine/engine.js';
import { testConfig } from '../helpers/engine.js';
import { startTestPostgres, type TestPostgres } from '../helpers/pglite.js';

const MODEL = 'fake/hashed-bow';
const questions = readFileSync(path.join(PROJECT_ROOT, '../shared/eval/dev-questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { question: string }).question);

let pg: TestPostgres;
let embedded: Engine;
let onPostgres: Engine;

beforeAll(async () => {
  pg = await startTestPostgres();
  [embedded, onPostgres] = await Promise.all([
    Engine.open(testConfig({ EMBEDDING_MODEL: MODEL })),
    Engine.open(testConfig({ EMBEDDING_MODEL: MODEL, DATABASE_URL: pg.url })),
  ]);
});

afterAll(async () => {
  await embedded?.close();
  await onPostgres?.close();
  await pg?.stop();
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
    const rows = await pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docbot.documents`);
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
    const second = await Engine.open(testConfig({ EMBEDDING_MODEL: MODEL, DATABASE_URL: pg.url }));
    try {
      expect(second.status.rebuilt).toBeUndefined();
      expect(shown(await second.ask(questions[0]!))).toEqual(shown(await embedded.ask(questions[0]!)));
    } finally {
      await second.close();
    }
  });

  it('reindex publishes a new build atomically and keeps only the previous one', async () => {
    await onPostgres.reindex();
    await onPostgres.reindex();
    const builds = await pg.db.query<{ name: string }>(`SELECT name FROM docbot.vector_collections ORDER BY name`);
    expect(builds.rows).toHaveLength(4); // chunks + sentences, current and previous build
    expect(shown(await onPostgres.ask(questions[1]!))).toEqual(shown(await embedded.ask(questions[1]!)));
  });
});
