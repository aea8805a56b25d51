/**
 * Progress of long steps (index builds, bench runs) on stderr, so stdout stays clean for --json.
 */
import cliProgress from 'cli-progress';
import type { BuildPhase } from '../engine/index/build.js';
import { log } from './logger.js';

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
