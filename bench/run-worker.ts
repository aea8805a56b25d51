/**
 * Spawns bench/worker.ts the way a user starts the bot (`node --import tsx <script>`, exactly as
 * `npm start` does, without npm's own start-up) and times it from spawn to its "ready" line: that
 * wall time is the cold start a user sees, nothing subtracted. (Until issue 15e this spawned the
 * `tsx` command instead, which starts a second Node process to run the script; README
 * "Performance" gives both.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProgressMessage, WorkerMessage, WorkerMode } from './protocol.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = path.join(ROOT, 'bench', 'worker.ts');

export interface WorkerRun<T> {
  /** Spawn to "ready" line, ms. */
  readyMs: number;
  /** The worker node process's own uptime at ready (tsx's launcher process not included). */
  processReadyMs: number;
  /** Spawn to exit, ms. */
  totalMs: number;
  result: T;
  peakRssMiB: number;
}

export class WorkerError extends Error {
  override name = 'WorkerError';
}

export function runWorker<T>(
  mode: WorkerMode,
  env: { corpusDir: string; indexDir: string },
  options: object = {},
  onProgress?: (p: ProgressMessage) => void,
): Promise<WorkerRun<T>> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, mode, JSON.stringify(options)], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR: env.corpusDir, INDEX_DIR: env.indexDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let readyMs = NaN;
    let processReadyMs = NaN;
    let done: { result: T; peakRssMiB: number } | undefined;
    let failure: string | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: WorkerMessage;
      try {
        msg = JSON.parse(line) as WorkerMessage;
      } catch {
        return; // stray output from a library; the protocol lines are all JSON
      }
      if (msg.type === 'ready') {
        readyMs = performance.now() - start;
        processReadyMs = msg.processMs;
      } else if (msg.type === 'progress') onProgress?.(msg);
      else if (msg.type === 'result') done = { result: msg.result as T, peakRssMiB: msg.peakRssMiB };
      else failure = msg.message;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (done && code === 0) resolve({ readyMs, processReadyMs, totalMs: performance.now() - start, ...done });
      else reject(new WorkerError(`bench worker "${mode}" failed (exit ${code}): ${failure ?? stderr.trim()}`));
    });
  });
}
