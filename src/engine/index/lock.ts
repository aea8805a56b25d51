/**
 * One build at a time per index folder, across processes (the bot, `npm run index`, a chat): a
 * `proper-lockfile` lock on the index folder. A second build waits for the first with a log line,
 * then usually finds the index already up to date. proper-lockfile rather than a hand-made pid
 * file: it refreshes the lock while held and takes over a lock whose holder died (stale mtime).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { log } from '../../bootstrap/logger.js';
import { UserError } from '../../errors.js';

export const LOCK_FILE = 'build.lock';

/** A lock not refreshed for this long belongs to a dead process and is taken over. */
const STALE_MS = 10_000;
/** Polling while waiting: fast enough to start soon after the other build, cheap enough to ignore. */
const POLL_MS = 500;

export interface LockOptions {
  /** How long to wait for another build before giving up with a one-line error. */
  waitMs: number;
}

/** A full build of a large corpus on a small machine takes minutes; waiting longer means something is stuck. */
export const DEFAULT_LOCK_WAIT_MS = 15 * 60_000;

export class IndexLockedError extends UserError {
  override name = 'IndexLockedError';
}

/**
 * Runs `fn` holding the build lock of `indexDir`; `waited` tells it another build ran meanwhile
 * (so the index may already be what it was about to build).
 */
export async function withIndexLock<T>(
  indexDir: string,
  fn: (waited: boolean) => Promise<T>,
  opts: LockOptions = { waitMs: DEFAULT_LOCK_WAIT_MS },
): Promise<T> {
  await mkdir(indexDir, { recursive: true });
  const lockfilePath = path.join(indexDir, LOCK_FILE);
  const base = {
    lockfilePath,
    realpath: false,
    stale: STALE_MS,
    // The default throws from a timer (crashing the process); losing the lock only risks a
    // duplicate build, which the atomic snapshot makes harmless.
    onCompromised: (err: Error) => log.warn(`index build lock ${lockfilePath} was lost (${err.message})`),
  };
  let release: () => Promise<void>;
  let waited = false;
  try {
    release = await lockfile.lock(indexDir, base);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    waited = true;
    log.info(`another build of the index in ${indexDir} is running; waiting for it to finish`);
    try {
      release = await lockfile.lock(indexDir, {
        ...base,
        retries: { retries: Math.ceil(opts.waitMs / POLL_MS), factor: 1, minTimeout: POLL_MS, maxTimeout: POLL_MS },
      });
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'ELOCKED') throw again;
      throw new IndexLockedError(
        `another build of the index in ${indexDir} is still running after ${Math.round(opts.waitMs / 1000)} s: try again when it has finished`,
      );
    }
  }
  try {
    return await fn(waited);
  } finally {
    await release().catch(() => {});
  }
}
