/**
 * A real Postgres for tests: PGlite (Postgres compiled to WebAssembly) with the pgvector
 * extension, behind pglite-socket so the code under test talks to it with `pg` over the wire
 * protocol, exactly as it would to a server. Initialising a fresh data folder costs seconds, so
 * the first start saves one (per PGlite version) in the temp folder and later starts load it. The
 * folder holds no extension (CREATE EXTENSION is the code under test's job, and pgvector's files
 * come with the `extensions` option, not the folder), so servers with and without pgvector share
 * it: the one file started without pgvector no longer pays a second initialisation.
 *
 * PGlite is one backend session: every connection shares it, queries run one at a time, and a
 * transaction holds the others off until it ends. Session-level advisory locks therefore do not
 * exclude connections from each other here (they do on a real server; see bench/pg-native).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lock } from 'proper-lockfile';
import { PROJECT_ROOT } from '../../src/bootstrap/config.js';

export interface TestPostgres {
  /** postgres://… URL to hand to the code under test. */
  url: string;
  /** Runs SQL directly in the PGlite instance (set-up, inspection). */
  db: PGlite;
  stop(): Promise<void>;
}

const PGLITE_VERSION = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }
).version;

async function dataDir(): Promise<Blob | undefined> {
  const file = path.join(tmpdir(), `doc-quote-bot-pglite-${PGLITE_VERSION}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  // Both test workers start a Postgres file at once: without the lock each initialised its own folder.
  const release = await lock(file, { realpath: false, stale: 60_000, retries: { retries: 600, minTimeout: 50, maxTimeout: 200 } });
  try {
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('gzip');
    await fresh.close();
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
    return dump;
  } finally {
    await release();
  }
}

/** Starts PGlite on a free loopback port. `withVector: false` is a server without pgvector. */
export async function startTestPostgres(opts: { withVector?: boolean } = {}): Promise<TestPostgres> {
  const withVector = opts.withVector ?? true;
  const loadDataDir = await dataDir();
  const db = await PGlite.create({ ...(withVector ? { extensions: { vector } } : {}), loadDataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
