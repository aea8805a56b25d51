/**
 * The Postgres set-up every Postgres test file shares (kept apart from pglite.ts, which the
 * benches import without vitest).
 */
import { afterAll, beforeAll } from 'vitest';
import { Database } from '../../src/engine/stores/postgres/database.js';
import { startTestPostgres, type TestPostgres } from './pglite.js';

export interface PostgresFixture {
  /** The server (set once the file's beforeAll ran). */
  readonly pg: TestPostgres;
  /** The first of `databases`. */
  readonly db: Database;
  /** One Database (own pool) per simulated process, all on `schema`. */
  readonly databases: readonly Database[];
}

/**
 * A test file's Postgres: starts PGlite before the file's tests and opens `connections` Databases
 * on `schema` (each with its own pool, as separate processes would have); closes everything
 * after. Read the fields inside tests or hooks, not at module level.
 */
export function usePostgres(opts: { schema?: string; connections?: number; withVector?: boolean } = {}): PostgresFixture {
  let pg: TestPostgres | undefined;
  const databases: Database[] = [];
  beforeAll(async () => {
    pg = await startTestPostgres({ withVector: opts.withVector });
    const url = pg.url;
    databases.push(...(await Promise.all(Array.from({ length: opts.connections ?? 1 }, () => Database.open(url, { schema: opts.schema })))));
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.close()));
    await pg?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`usePostgres: ${what} is not ready (read it inside a test or hook)`);
    return value;
  };
  return {
    get pg() {
      return ready(pg, 'the server');
    },
    get db() {
      return ready(databases[0], 'the database');
    },
    databases,
  };
}
