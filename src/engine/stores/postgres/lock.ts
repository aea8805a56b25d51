/**
 * Several bot processes may point at one database: one of them syncs the documents into it, the
 * others serve what is there. The syncer holds a session-level advisory lock on a connection of
 * its own for as long as the sync runs; if the process dies, Postgres drops the connection and
 * with it the lock, so a crashed syncer never blocks the next one.
 */
import type pg from 'pg';
import type { Database } from './database.js';

export interface HeldLock {
  release(): Promise<void>;
}

function lockKey(db: Database, name: string): string {
  return `${db.schema}:${name}`;
}

/** Takes the lock if nobody holds it; `undefined` when another session does. */
export async function tryLock(db: Database, name: string): Promise<HeldLock | undefined> {
  const client = await db.pool.connect();
  let ok = false;
  try {
    const r = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey(db, name)]);
    ok = r.rows[0]?.locked === true;
  } finally {
    if (!ok) client.release();
  }
  return ok ? heldBy(db, client, name) : undefined;
}

/** Waits until the lock is free and takes it. */
export async function waitForLock(db: Database, name: string): Promise<HeldLock> {
  const client = await db.pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [lockKey(db, name)]);
  } catch (err) {
    client.release();
    throw err;
  }
  return heldBy(db, client, name);
}

function heldBy(db: Database, client: pg.PoolClient, name: string): HeldLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey(db, name)]);
        client.release();
      } catch (err) {
        // A broken connection is dropped from the pool; the server released the lock with it.
        client.release(err as Error);
      }
    },
  };
}

/**
 * "One syncs, the others serve": runs `sync` when this process gets the lock; otherwise returns
 * without running it (someone else is syncing and the data already there is served meanwhile),
 * unless `waitIfBusy` says there is nothing to serve yet, in which case it waits for that sync.
 */
export async function syncOnce(
  db: Database,
  sync: () => Promise<void>,
  opts: { waitIfBusy: boolean; name?: string },
): Promise<'synced' | 'skipped' | 'waited'> {
  const name = opts.name ?? 'sync';
  const lock = await tryLock(db, name);
  if (lock) {
    try {
      await sync();
      return 'synced';
    } finally {
      await lock.release();
    }
  }
  if (!opts.waitIfBusy) return 'skipped';
  const waited = await waitForLock(db, name);
  await waited.release();
  return 'waited';
}
