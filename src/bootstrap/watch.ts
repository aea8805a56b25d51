/**
 * Live updates for the bot and `npm run chat`: the corpus folder is watched and, once changes
 * settle, the engine updates incrementally (only changed files are re-embedded) while it keeps
 * answering from the old index.
 *
 * chokidar rather than Node 20's `fs.watch({ recursive: true })`: on Linux the recursive mode is
 * emulated in JavaScript in Node 20 and has had bugs (missed events in new subfolders, duplicate
 * and rename-only events from editors' atomic saves); chokidar 4 normalises those into
 * add/change/unlink on every platform and has a single small dependency.
 */
import { watch, type FSWatcher } from 'chokidar';
import type { ReindexReport } from '../engine/engine.js';
import { log } from './logger.js';

export interface WatchOptions {
  /** Quiet time after the last event before updating. */
  debounceMs: number;
  onUpdate?: (report: ReindexReport) => void;
  onError?: (err: unknown) => void;
}

export interface CorpusWatcher {
  /** Resolves once the watcher is listening. */
  ready: Promise<void>;
  /** Resolves when no update is pending or running (for tests and shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Dotfiles (editor swap files, our own atomic-save temporaries) are never documents. */
const hidden = (file: string) => file.split(/[\\/]/).some((part) => part.startsWith('.') && part !== '.' && part !== '..');

export function watchCorpus(corpusDir: string, engine: { reindex(): Promise<ReindexReport> }, opts: WatchOptions): CorpusWatcher {
  const watcher: FSWatcher = watch(corpusDir, {
    ignoreInitial: true,
    ignored: (file) => file !== corpusDir && hidden(file.slice(corpusDir.length)),
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  // A change during an update is picked up by one more update right after it.
  let again = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const settle = () => {
    if (timer || running) return;
    for (const w of idleWaiters) w();
    idleWaiters = [];
  };

  const update = () => {
    timer = undefined;
    if (closed) return settle();
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const report = await engine.reindex();
        const changed = report.added.length + report.removed.length + report.changed.length;
        if (changed > 0) {
          log.info(
            `corpus changed: ${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed; ` +
              `${report.embedded} text(s) embedded, ${report.reused} reused`,
          );
        }
        opts.onUpdate?.(report);
      } catch (err) {
        // A bad state of the folder (e.g. every file removed) must not stop the watcher.
        log.warn(`could not update the index after a change in ${corpusDir}: ${(err as Error).message}`);
        opts.onError?.(err);
      }
    })().finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        schedule();
      } else settle();
    });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, opts.debounceMs);
  };

  watcher.on('all', (event, file) => {
    log.debug(`corpus ${event}: ${file}`);
    schedule();
  });
  watcher.on('error', (err) => log.warn(`watching ${corpusDir} failed: ${(err as Error).message}`));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    idle: () =>
      new Promise<void>((resolve) => {
        if (!timer && !running) resolve();
        else idleWaiters.push(resolve);
      }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await watcher.close();
      await running;
      settle();
    },
  };
}
