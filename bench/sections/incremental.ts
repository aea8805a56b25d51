/**
 * Incremental update: one file of a built corpus changes (a sentence appended, as an editor
 * would) and the running engine updates, as the folder watcher makes it do. While it updates,
 * the bench keeps asking (as Discord users would): an update must not stop the bot answering, so
 * the longest stall of the event loop and the asks' latencies during the update are measured.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/engine.js';
import type { UpdateResult } from '../protocol.js';

/** How often the probe checks the event loop and asks a question during the update. */
const PROBE_MS = 100;
const PROBE_QUESTION = 'What does the documentation say about this?';

export async function updateSection(engine: Engine, corpusDir: string, file: string): Promise<UpdateResult> {
  await engine.ask(PROBE_QUESTION);
  await appendFile(path.join(corpusDir, file), '\n\nThis sentence was appended by the benchmark to measure an incremental update of one file.\n');
  let maxStallMs = 0;
  let expected = performance.now() + PROBE_MS;
  const askMs: number[] = [];
  const asking: Promise<void>[] = [];
  const ask = (at: number) => asking.push(engine.ask(PROBE_QUESTION).then(() => void askMs.push(performance.now() - at)));
  const probe = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - expected);
    expected = now + PROBE_MS;
    ask(now);
  }, PROBE_MS);
  const started = performance.now();
  // One question as the update starts, then one per probe.
  ask(started);
  let report: Awaited<ReturnType<Engine['reindex']>>;
  try {
    report = await engine.reindex();
  } finally {
    clearInterval(probe);
  }
  const updateMs = performance.now() - started;
  // The update's last stretch may have delayed the probe without the interval firing again.
  maxStallMs = Math.max(maxStallMs, performance.now() - expected);
  await Promise.all(asking);
  if (report.changed.join() !== file) throw new Error(`expected only ${file} to change, got ${JSON.stringify(report)}`);
  askMs.sort((a, b) => a - b);
  const p95 = askMs.length ? askMs[Math.min(askMs.length - 1, Math.floor(0.95 * askMs.length))]! : 0;
  return {
    documents: report.status.documents,
    file,
    updateMs,
    embedded: report.embedded,
    reused: report.reused,
    maxStallMs,
    asksDuringUpdate: askMs.length,
    askP95DuringUpdateMs: p95,
  };
}
