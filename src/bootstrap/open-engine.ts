/**
 * What every front end (CLI, Discord, bench) shares: config with its log level, opening the
 * engine with a progress bar, and turning known errors into one readable line.
 */
import { loadConfigOrExit, type Config } from './config.js';
import type { Engine, OpenOptions } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log, setLogLevel } from './logger.js';
import { progressReporter } from './progress.js';

/** The config from the environment (exits with one line when it is invalid), log level applied. */
export function loadConfig(): Config {
  const config = loadConfigOrExit();
  setLogLevel(config.logLevel);
  return config;
}

export async function openEngine(config: Config, opts: Pick<OpenOptions, 'forceRebuild' | 'queryEmbedder' | 'reindexEmbedder'> = {}): Promise<Engine> {
  // Loaded here, not at the top: every CLI command imports this module, and `--help` or a bad flag
  // should not pay for the engine's model runtime (~0.5 s of imports).
  const { Engine } = await import('../engine/engine.js');
  const progress = progressReporter();
  try {
    const engine = await Engine.open(config, { ...opts, onProgress: progress.onProgress });
    if (engine.status.rebuilt) {
      const s = engine.status;
      log.info(`indexed ${s.documents} document(s), ${s.chunks} chunks, ${s.sentences} sentences in ${(s.buildMs / 1000).toFixed(1)} s`);
    }
    return engine;
  } finally {
    progress.stop();
  }
}

/** Errors a user can fix get one line; anything else is a bug and keeps its stack. */
export function describeError(err: unknown): string {
  if (err instanceof UserError) return err.message;
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT') return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
