/**
 * What every CLI front end shares: config, opening the engine with a progress bar on stderr
 * (stdout stays clean for --json), and turning known errors into one readable line.
 */
import cliProgress from 'cli-progress';
import { loadConfigOrExit, type Config } from '../config.js';
import type { BuildPhase } from '../engine/build-index.js';
import { Engine, type QueryEmbedder } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log, setLogLevel } from '../logger.js';

const PHASE_LABEL: Record<BuildPhase, string> = {
  chunk: 'Reading documents',
  embed: 'Embedding text    ',
  write: 'Writing index     ',
};

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/**
 * Progress on stderr: a bar on a terminal; on a pipe (CI logs) a line when a phase starts and at
 * every tenth of it.
 */
export function progressReporter(
  opts: { label?: (phase: string) => string; line?: (text: string) => void } = {},
): { onProgress: (p: Progress) => void; stop: () => void } {
  const label = opts.label ?? ((phase: string) => PHASE_LABEL[phase as BuildPhase] ?? phase);
  const line = opts.line ?? ((text: string) => log.info(text));
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let phase: string | undefined;
  let lastTenth = -1;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop,
    onProgress(p) {
      if (p.phase !== phase) {
        stop();
        phase = p.phase;
        lastTenth = -1;
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${label(p.phase)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.done);
        }
      }
      if (bar) bar.update(p.done);
      else {
        const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          line(`${label(p.phase).trim()} ${p.done}/${p.total}`);
        }
      }
      if (p.done >= p.total) stop();
    },
  };
}

export function cliConfig(): Config {
  const config = loadConfigOrExit();
  setLogLevel(config.logLevel);
  return config;
}

export async function openEngine(config: Config, opts: { forceRebuild?: boolean; queryEmbedder?: QueryEmbedder } = {}): Promise<Engine> {
  const progress = progressReporter();
  try {
    const engine = await Engine.open(config, { onProgress: progress.onProgress, forceRebuild: opts.forceRebuild, queryEmbedder: opts.queryEmbedder });
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

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`error: ${describeError(err)}\n`);
    process.exitCode = 1;
  }
}
