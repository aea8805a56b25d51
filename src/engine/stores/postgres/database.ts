/**
 * One Postgres database shared by every part that lives there (vectors, keyword search, documents,
 * bot state): a `pg` pool, the schema the tables live in, and the checks that turn the usual
 * set-up mistakes (a wrong URL, a server that is down, pgvector not installed) into one line a
 * user can act on instead of a driver stack trace.
 */
import pg from 'pg';
import { DatabaseError } from './errors.js';
import { migrate } from './migrations.js';
import { describeTarget, parseDatabaseUrl } from './url.js';

export { DatabaseError };

/** Tuned for a bot: a handful of concurrent questions per process, not a web server's load. */
export const POSTGRES = {
  poolSize: 8,
  connectTimeoutMs: 5000,
  /** Candidates the HNSW graph search keeps; ≥ the largest k asked, and high enough for recall@10 ≥ 0.95. */
  efSearch: 100,
} as const;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/** A safe SQL identifier, double-quoted. Only names this code chose or validated ever reach SQL. */
export function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid SQL identifier: ${name}`);
  return `"${name}"`;
}

interface PgErrorLike {
  code?: string;
  message?: string;
}

/** The one line for a failure to connect or to set up the schema. */
export function explainConnectError(err: unknown, target: string): DatabaseError {
  const e = (err ?? {}) as PgErrorLike;
  const code = e.code ?? '';
  const detail = (e.message ?? String(err)).split('\n')[0];
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'ENETUNREACH'].includes(code) || /timeout/i.test(detail ?? '')) {
    return new DatabaseError(`cannot reach Postgres at ${target} (${code || detail}): is the server running, and is DATABASE_URL right?`);
  }
  if (code === '28P01' || code === '28000') return new DatabaseError(`Postgres at ${target} refused the login (${detail}): check the user and password in DATABASE_URL`);
  if (code === '3D000') return new DatabaseError(`Postgres at ${target}: ${detail}: create it (createdb) or fix the name in DATABASE_URL`);
  return new DatabaseError(`Postgres at ${target} failed: ${detail}`);
}

export interface OpenDatabaseOptions {
  /** Schema the bot's tables live in (created if missing). Tests use one each. */
  schema?: string;
  poolSize?: number;
  /** HNSW candidates per search (default POSTGRES.efSearch); more buys recall on larger graphs. */
  efSearch?: number;
}

export class Database {
  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    readonly target: string,
  ) {}

  /**
   * Connects, makes sure pgvector is there and brings the schema up to date. Every failure is a
   * DatabaseError with one line saying what to do.
   */
  static async open(url: string, opts: OpenDatabaseOptions = {}): Promise<Database> {
    const parts = parseDatabaseUrl(url);
    const target = describeTarget(parts);
    const schema = opts.schema ?? 'docbot';
    ident(schema);
    const efSearch = opts.efSearch ?? POSTGRES.efSearch;
    if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > 1000) throw new DatabaseError(`hnsw.ef_search must be a whole number from 1 to 1000, not ${efSearch}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? POSTGRES.poolSize,
      connectionTimeoutMillis: POSTGRES.connectTimeoutMs,
      // Set at connection start so every search gets it without an extra round trip.
      options: `-c hnsw.ef_search=${efSearch}`,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Database(pool, schema, target);
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw explainConnectError(err, target);
    }
    try {
      await ensureVectorExtension(pool, parts.database);
      await migrate(db);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err instanceof DatabaseError ? err : explainConnectError(err, target);
    }
    return db;
  }

  /** `schema.name`, quoted. */
  table(name: string): string {
    return `${ident(this.schema)}.${ident(name)}`;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params);
  }

  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * pgvector must be installed on the server (a package) and created in the database (a superuser
 * statement). The bot tries the statement itself, which works when it connects as the owner.
 */
async function ensureVectorExtension(pool: pg.Pool, database: string): Promise<void> {
  const present = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
  if (present.rowCount) return;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (err) {
    const code = (err as PgErrorLike).code;
    const why =
      code === '42501'
        ? 'the bot’s user may not create it'
        : code === '58P01' || code === '0A000'
          ? 'pgvector is not installed on the server (install the postgresql-NN-pgvector package)'
          : ((err as PgErrorLike).message ?? String(err)).split('\n')[0];
    throw new DatabaseError(`the vector extension is missing in database ${database} (${why}): run CREATE EXTENSION vector as a superuser`);
  }
}
