/**
 * Incremental update: one file of a built corpus changes (a sentence appended, as an editor
 * would) and the running engine updates, as the folder watcher makes it do: once alone (its
 * cost), then after a second change while the bench keeps asking, as Discord users would. An
 * update must not stop the bot answering: the longest stall of the event loop and the asks'
 * latencies during that second update are measured.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/engine.js';
import type { UpdateResult } from '../protocol.js';

/** How often the probe checks the event loop and asks a question during the second update. */
const PROBE_MS = 100;
const PROBE_QUESTION = 'What does the documentation say about this?';

export async function updateSection(engine: Engine, corpusDir: string, file: string): Promise<UpdateResult> {
  const change = (n: number) => appendFile(path.join(corpusDir, file), `\n\nThis sentence number ${n} was appended by the benchmark to measure an incremental update of one file.\n`);
  const expectOnly = (report: Awaited<ReturnType<Engine['reindex']>>) => {
    if (report.changed.join() !== file) throw new Error(`expected only ${file} to change, got ${JSON.stringify(report)}`);
  };
  // First the update alone (what it costs), then another one while questions keep coming (what users see).
  await change(1);
  const started = performance.now();
  const report = await engine.reindex();
  const updateMs = performance.now() - started;
  expectOnly(report);

  await change(2);
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
  // One question as the update starts, then one per probe.
  ask(performance.now());
  let probed: Awaited<ReturnType<Engine['reindex']>>;
  try {
    probed = await engine.reindex();
  } finally {
    clearInterval(probe);
  }
  // The update's last stretch may have delayed the probe without the interval firing again.
  maxStallMs = Math.max(maxStallMs, performance.now() - expected);
  await Promise.all(asking);
  expectOnly(probed);
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
