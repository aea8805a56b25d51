/**
 * What every CLI front end shares: config, opening the engine with a progress bar on stderr
 * (stdout stays clean for --json), and turning known errors into one readable line.
 */
import cliProgress from 'cli-progress';
import { loadConfigOrExit, type Config } from '../config.js';
import type { BuildPhase, BuildProgress } from '../engine/build-index.js';
import { Engine } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log, setLogLevel } from '../logger.js';

const PHASE_LABEL: Record<BuildPhase, string> = {
  chunk: 'Reading documents',
  embed: 'Embedding text    ',
  write: 'Writing index     ',
};

/** Progress reporter: a bar on a terminal, one line per phase otherwise (CI logs, pipes). */
export function progressReporter(): { onProgress: (p: BuildProgress) => void; stop: () => void } {
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let phase: BuildPhase | undefined;
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
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${PHASE_LABEL[p.phase]} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.done);
        } else {
          log.info(`${PHASE_LABEL[p.phase].trim()} (${p.total})…`);
        }
      }
      bar?.update(p.done);
      if (p.done >= p.total) stop();
    },
  };
}

export function cliConfig(): Config {
  const config = loadConfigOrExit();
  setLogLevel(config.logLevel);
  return config;
}

export async function openEngine(config: Config, opts: { forceRebuild?: boolean } = {}): Promise<Engine> {
  const progress = progressReporter();
  try {
    const engine = await Engine.open(config, { onProgress: progress.onProgress, forceRebuild: opts.forceRebuild });
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
