/**
 * The pgvector store against a real Postgres with pgvector (PGlite over the wire, see
 * tests/helpers/pglite.ts): the HNSW index, bulk loads, collections, migrations. The shared
 * VectorStore contract runs in contract.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Database } from '../../../../src/engine/stores/postgres/database.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../../../src/engine/stores/postgres/migrations.js';
import { PgVectorStore } from '../../../../src/engine/stores/pgvector.js';
import { usePostgres } from '../../../helpers/use-postgres.js';
import { randomUnitVectors } from './contract.js';

const postgres = usePostgres({ schema: 'store_test' });

describe('pgvector store', () => {
  it('searches through an HNSW index on cosine distance', async () => {
    await PgVectorStore.open(postgres.db, 'indexed', 4);
    const r = await postgres.pg.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'store_test' AND tablename = 'vec_indexed'`);
    expect(r.rows.map((x) => x.indexdef).join('\n')).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    // On a 0-row table the planner would rather scan; forbid that to see the index is usable.
    await postgres.pg.db.exec('SET enable_seqscan = off');
    const plan = await postgres.pg.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM store_test.vec_indexed ORDER BY embedding <=> '[1,0,0,0]' LIMIT 5`);
    await postgres.pg.db.exec('RESET enable_seqscan');
    expect(plan.rows.map((x) => x['QUERY PLAN']).join('\n')).toMatch(/vec_indexed_hnsw/);
  });

  it('loads in bulk with the index built once afterwards, and serves collections without an index', async () => {
    const vectors = randomUnitVectors(50, 8, 5);
    const bulk = await PgVectorStore.open(postgres.db, 'bulk', 8);
    await bulk.bulkLoad(() => bulk.add(vectors.map((vector, i) => ({ id: `b${i}`, vector }))));
    const plain = await PgVectorStore.open(postgres.db, 'plain', 8, { index: 'none' });
    await plain.add(vectors.map((vector, i) => ({ id: `b${i}`, vector })));
    const indexes = await postgres.pg.db.query<{ tablename: string }>(`SELECT tablename FROM pg_indexes WHERE schemaname = 'store_test' AND indexname LIKE '%hnsw'`);
    expect(indexes.rows.map((r) => r.tablename)).toContain('vec_bulk');
    expect(indexes.rows.map((r) => r.tablename)).not.toContain('vec_plain');
    const q = vectors[7]!;
    expect((await bulk.search(q, 3))[0]!.id).toBe('b7');
    expect(await plain.search(q, 3)).toEqual(await bulk.search(q, 3));
  });

  it('refuses a query vector of another dimension', async () => {
    const store = await PgVectorStore.open(postgres.db, 'dims', 8);
    await expect(store.search(new Float32Array(7), 3)).rejects.toThrow('query vector has 7 dimensions, the store holds 8');
  });

  it('keeps a collection across reopenings and refuses another dimension unless asked to reset', async () => {
    const first = await PgVectorStore.open(postgres.db, 'reopen', 8);
    await first.add(randomUnitVectors(3, 8).map((vector, i) => ({ id: `r${i}`, vector })));
    expect(await (await PgVectorStore.open(postgres.db, 'reopen', 8)).size()).toBe(3);
    await expect(PgVectorStore.open(postgres.db, 'reopen', 16)).rejects.toThrow(/holds 8-dimensional vectors, the model makes 16: rebuild the index/);
    const reset = await PgVectorStore.open(postgres.db, 'reopen', 16, { resetOnDimensionChange: true });
    expect(await reset.size()).toBe(0);
  });

  it('opening one new collection from many places at once creates it once', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => PgVectorStore.open(postgres.db, 'racing', 8)));
    await stores[0]!.add([{ id: 'a', vector: randomUnitVectors(1, 8)[0]! }]);
    expect(await stores[4]!.size()).toBe(1);
    const r = await postgres.pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM store_test.vector_collections WHERE name = 'racing'`);
    expect(r.rows[0]!.n).toBe(1);
  });
});

describe('migrations', () => {
  it('are applied once, recorded with their versions, and a second run changes nothing', async () => {
    const versions = await postgres.pg.db.query<{ version: number }>(`SELECT version FROM store_test.schema_migrations ORDER BY version`);
    expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(postgres.db)).toEqual([]);
    const again = await Database.open(postgres.pg.url, { schema: 'store_test' });
    await again.close();
    const after = await postgres.pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM store_test.schema_migrations`);
    expect(after.rows[0]!.n).toBe(MIGRATIONS.length);
  });

  it('run concurrently from several processes without applying anything twice', async () => {
    const opened = await Promise.all(Array.from({ length: 3 }, () => Database.open(postgres.pg.url, { schema: 'concurrent_migrations' })));
    await Promise.all(opened.map((d) => d.close()));
    const r = await postgres.pg.db.query<{ version: number }>(`SELECT version FROM concurrent_migrations.schema_migrations ORDER BY version`);
    expect(r.rows.map((x) => x.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('apply only what is new when the code gains a migration', async () => {
    const next = { version: SCHEMA_VERSION + 1, name: 'test addition', up: ['CREATE TABLE $schema.added_later (x int)'] };
    expect(await migrate(postgres.db, [...MIGRATIONS, next])).toEqual([next.version]);
    expect(await migrate(postgres.db, [...MIGRATIONS, next])).toEqual([]);
  });

  it('refuse a database migrated by a newer version of the bot', async () => {
    await postgres.pg.db.exec(`CREATE SCHEMA newer; CREATE TABLE newer.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO newer.schema_migrations (version, name) VALUES (${SCHEMA_VERSION + 5}, 'from the future')`);
    await expect(Database.open(postgres.pg.url, { schema: 'newer' })).rejects.toThrow(
      `the database schema newer is at version ${SCHEMA_VERSION + 5}, newer than this bot knows (${SCHEMA_VERSION}): upgrade the bot`,
    );
  });
});
