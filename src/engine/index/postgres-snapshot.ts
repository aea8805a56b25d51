/**
 * The index in Postgres (DATABASE_URL): the same snapshot as the embedded one, in tables.
 *
 * A build is published under a fresh build id: its vectors go to their own collections
 * (`vec_chunks_<id>` with HNSW, `vec_sentences_<id>` read by id only), its sentences to their own
 * keyword collection, and then ONE transaction writes the manifest, spans, summaries and
 * canonical texts and points `current` at the build. Readers read `current` and everything it
 * names in one repeatable-read transaction, so they see the old index or the new one, never a
 * mix. The previous build is kept (processes still serving it keep working until they reload);
 * older ones are dropped.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CorruptIndexError } from '../../errors.js';
import { PostgresLexicalSearch } from '../lexical/postgres.js';
import { PgVectorStore } from '../stores/pgvector.js';
import type { Database } from '../stores/postgres/database.js';
import {
  assembleIndex,
  FORMAT_VERSION,
  manifestSchema,
  paragraphsSchema,
  spansFromRows,
  spansSchema,
  summariesSchema,
  type IndexData,
  type Manifest,
  type ManifestRead,
} from './snapshot.js';
import type { ParagraphInfo } from '../chunking/document.js';

/** The vector store a published index names in its manifest (its build ran on the memory store). */
export const PG_VECTOR_STORE = 'pgvector';

const currentSchema = z.object({ build: z.string().regex(/^[a-z0-9]{8}$/), previous: z.string().optional() });

const collections = (build: string) => ({ chunks: `chunks_${build}`, sentences: `sentences_${build}`, lexical: `sentences_${build}` });

interface StoredState {
  current: z.infer<typeof currentSchema>;
  manifest: unknown;
  spans: unknown;
  summaries: unknown;
  paragraphs: unknown;
}

async function readState(db: Database): Promise<{ state?: StoredState; texts: Map<string, string> }> {
  return db.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const rows = await client.query<{ key: string; value: unknown }>(
      `SELECT key, value FROM ${db.table('index_state')} WHERE key IN ('current', 'manifest', 'spans', 'summaries', 'paragraphs')`,
    );
    const byKey = new Map(rows.rows.map((r) => [r.key, r.value]));
    const current = currentSchema.safeParse(byKey.get('current'));
    if (!current.success) return { texts: new Map() };
    const docs = await client.query<{ id: string; text: string }>(`SELECT id, text FROM ${db.table('documents')}`);
    return {
      state: { current: current.data, manifest: byKey.get('manifest'), spans: byKey.get('spans'), summaries: byKey.get('summaries'), paragraphs: byKey.get('paragraphs') },
      texts: new Map(docs.rows.map((r) => [r.id, r.text])),
    };
  });
}

/**
 * Index formats whose state in Postgres is the same as the current format's: format 10 changed
 * only the embedded index's files on disk (snapshot.ts), so an index published as format 9 is
 * served as it is rather than synced again (which, from Postgres, re-embeds every text).
 */
const SAME_POSTGRES_STATE: ReadonlySet<unknown> = new Set([9, FORMAT_VERSION]);

/** The published index's manifest, or why there is none usable (same answers as the embedded index). */
export async function readPgManifest(db: Database): Promise<ManifestRead> {
  const r = await db.query<{ value: unknown }>(`SELECT value FROM ${db.table('index_state')} WHERE key = 'manifest'`);
  const json = r.rows[0]?.value;
  if (json === undefined) return { status: 'missing' };
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (!SAME_POSTGRES_STATE.has(formatVersion)) return { status: 'outdated', formatVersion };
  const parsed = manifestSchema.safeParse({ ...(json as object), formatVersion: FORMAT_VERSION });
  return parsed.success ? { status: 'ok', manifest: parsed.data } : { status: 'corrupt', reason: 'the manifest in Postgres is invalid' };
}

/** Writes a freshly built index (served from memory) to Postgres and makes it current. */
export async function publishIndex(db: Database, index: IndexData): Promise<void> {
  const build = randomBytes(4).toString('hex');
  const names = collections(build);
  const dimension = index.manifest.model.dimension;
  const chunks = await PgVectorStore.open(db, names.chunks, dimension);
  const sentences = await PgVectorStore.open(db, names.sentences, dimension, { index: 'none' });
  const lexical = PostgresLexicalSearch.open(db, names.lexical);
  const vectors = async (from: IndexData['chunkVectors'], keys: string[]) =>
    (await from.get(keys)).map((vector, i) => {
      if (!vector) throw new Error(`the built index has no vector for ${keys[i]}`);
      return { id: keys[i]!, vector };
    });
  await chunks.bulkLoad(async () => chunks.add(await vectors(index.chunkVectors, index.chunkKeys)));
  await sentences.add(await vectors(index.sentenceVectors, index.sentenceKeys));
  await lexical.add(index.sentences.map((s, i) => ({ id: index.sentenceKeys[i]!, text: index.texts[s.doc]!.slice(s.contextStart, s.end) })));
  await lexical.optimize();

  const docIndex = new Map(index.manifest.documents.map((d, i) => [d.id, i]));
  const spans = {
    sentences: index.sentences.map((s) => [s.doc, s.paragraph, s.start, s.end, s.contextStart]),
    chunks: index.chunks.map((c) => [docIndex.get(c.document)!, c.paragraph, c.start, c.end, c.firstSentence, c.lastSentence]),
  };
  const stale = await db.transaction(async (client) => {
    const state = db.table('index_state');
    const prior = currentSchema.safeParse(
      (await client.query<{ value: unknown }>(`SELECT value FROM ${state} WHERE key = 'current' FOR UPDATE`)).rows[0]?.value,
    );
    const previous = prior.success ? prior.data.build : undefined;
    const put = (key: string, value: unknown) =>
      client.query(
        `INSERT INTO ${state} (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    await put('spans', spans);
    await put('summaries', index.summaries);
    await put('paragraphs', index.paragraphs);
    await put('manifest', { ...index.manifest, vectorStore: PG_VECTOR_STORE });
    await client.query(`DELETE FROM ${db.table('documents')}`);
    await client.query(
      `INSERT INTO ${db.table('documents')} (id, title, hash, text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [index.manifest.documents.map((d) => d.id), index.manifest.documents.map((d) => d.title), index.manifest.documents.map((d) => d.hash), index.texts],
    );
    await put('current', { build, ...(previous ? { previous } : {}) });
    // Builds older than the previous one: nobody can still be serving them after a reload.
    const keep = new Set([build, previous].filter(Boolean));
    const known = await client.query<{ name: string }>(`SELECT name FROM ${db.table('vector_collections')} WHERE name ~ '^(chunks|sentences)_[a-z0-9]{8}$'`);
    return [...new Set(known.rows.map((r) => r.name.slice(-8)))].filter((b) => !keep.has(b));
  });
  for (const old of stale) await dropBuild(db, old);
}

async function dropBuild(db: Database, build: string): Promise<void> {
  const names = collections(build);
  await db.transaction(async (client) => {
    for (const name of [names.chunks, names.sentences]) {
      await client.query(`DROP TABLE IF EXISTS ${db.table(`vec_${name}`)}`);
      await client.query(`DELETE FROM ${db.table('vector_collections')} WHERE name = $1`, [name]);
    }
    for (const table of ['lexical', 'lexical_postings', 'lexical_df', 'lexical_size']) await client.query(`DELETE FROM ${db.table(table)} WHERE collection = $1`, [names.lexical]);
  });
}

/** Opens the current index in Postgres; throws CorruptIndexError when its parts disagree. */
export async function loadPgIndex(db: Database): Promise<IndexData> {
  const { state, texts: textById } = await readState(db);
  if (!state) throw new CorruptIndexError('Postgres holds no current index');
  const published = (state.manifest as { formatVersion?: unknown } | null)?.formatVersion;
  const parsedManifest = manifestSchema.safeParse(SAME_POSTGRES_STATE.has(published) ? { ...(state.manifest as object), formatVersion: FORMAT_VERSION } : state.manifest);
  const spans = spansSchema.safeParse(state.spans);
  const summaries = summariesSchema.safeParse(state.summaries);
  const paragraphs = paragraphsSchema.safeParse(state.paragraphs);
  if (!parsedManifest.success || !spans.success || !summaries.success || !paragraphs.success) throw new CorruptIndexError('the index in Postgres is unreadable');
  const manifest: Manifest = parsedManifest.data;
  const texts = manifest.documents.map((d) => textById.get(d.id));
  if (
    texts.some((t) => t === undefined) ||
    spans.data.sentences.length !== manifest.counts.sentences ||
    spans.data.chunks.length !== manifest.counts.chunks ||
    summaries.data.length !== manifest.documents.length ||
    paragraphs.data.length !== manifest.documents.length
  ) {
    throw new CorruptIndexError('the index in Postgres disagrees with its manifest');
  }
  const names = collections(state.current.build);
  const dimension = manifest.model.dimension;
  const [chunkVectors, sentenceVectors] = await Promise.all([
    PgVectorStore.open(db, names.chunks, dimension),
    PgVectorStore.open(db, names.sentences, dimension, { index: 'none' }),
  ]);
  const lexical = PostgresLexicalSearch.open(db, names.lexical);
  const { chunks, sentences } = spansFromRows(spans.data, manifest);
  if (chunks.some((c) => !c.document || c.lastSentence >= sentences.length)) throw new CorruptIndexError('a chunk in Postgres points outside the index');
  return assembleIndex(
    { manifest, texts: texts as string[], paragraphs: paragraphs.data as ParagraphInfo[][], sentences, chunks, lexical, summaries: summaries.data },
    chunkVectors,
    sentenceVectors,
    `postgres:${db.schema}/${state.current.build}`,
  );
}
