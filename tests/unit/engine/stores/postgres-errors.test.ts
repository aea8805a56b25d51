/**
 * The set-up mistakes people make with DATABASE_URL each give one line saying what to do: a
 * malformed URL (at config time, without the password in the message), a server that is not
 * there, and a Postgres without pgvector (a real one: PGlite started without the extension).
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../../src/bootstrap/config.js';
import { UserError } from '../../../../src/errors.js';
import { Database } from '../../../../src/engine/stores/postgres/database.js';
import { usePostgres } from '../../../helpers/use-postgres.js';

function configProblems(url: string): string[] {
  try {
    parseConfig({ DATABASE_URL: url });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('DATABASE_URL in the configuration', () => {
  it('is optional: unset leaves the embedded index in charge', () => {
    expect(parseConfig({}).databaseUrl).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: 'postgres://bot:secret@db.internal:6543/docs' }).databaseUrl).toBe('postgres://bot:secret@db.internal:6543/docs');
    expect(parseConfig({ DATABASE_URL: 'postgresql:///docs?host=/var/run/postgresql' }).databaseUrl).toBeDefined();
  });

  it('rejects malformed URLs with one line each, never echoing the password', () => {
    expect(configProblems('localhost:5432/docs')).toEqual([
      'DATABASE_URL: must start with postgres:// or postgresql://, e.g. postgres://user:password@host:5432/database',
    ]);
    expect(configProblems('not a url')).toEqual(['DATABASE_URL: is not a URL: use postgres://user:password@host:5432/database']);
    expect(configProblems('mysql://bot:hunter2@db/docs')[0]).toMatch(/^DATABASE_URL: must start with postgres:\/\//);
    expect(configProblems('postgres://bot:hunter2@db:5432')[0]).toMatch(/^DATABASE_URL: names no database: add it after the host/);
    for (const url of ['mysql://bot:hunter2@db/docs', 'postgres://bot:hunter2@db:5432']) expect(configProblems(url).join()).not.toContain('hunter2');
  });
});

describe('opening the database', () => {
  it('says when the server cannot be reached, naming where it looked', async () => {
    const port = await closedPort();
    const err = await Database.open(`postgres://bot:hunter2@127.0.0.1:${port}/docs`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `cannot reach Postgres at bot@127.0.0.1:${port}/docs (ECONNREFUSED): is the server running, and is DATABASE_URL right?`,
    );
  });

  describe('on a Postgres without pgvector', () => {
    const postgres = usePostgres({ withVector: false, connections: 0 });

    it('says to create the extension as a superuser, and leaves nothing half set up', async () => {
      const err = await Database.open(postgres.pg.url, { schema: 'no_vector' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(
        /^the vector extension is missing in database postgres \(pgvector is not installed on the server \(install the postgresql-NN-pgvector package\)\): run CREATE EXTENSION vector as a superuser$/,
      );
      const schemas = await postgres.pg.db.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'no_vector'`);
      expect(schemas.rows).toHaveLength(0);
    });
  });
});
