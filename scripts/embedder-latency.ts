/**
 * npx tsx scripts/embedder-latency.ts [MODEL_ID ...]
 *
 * Question-embedding latency of several models, measured interleaved (question by question, the
 * models in turn, EMBED_THREADS or all cores) so that a shared, busy machine slows every model
 * alike. The seed eval questions (dev + held-out) are the workload, as in the bench's warm ask.
 * Models not fetched (scripts/fetch-model.sh) are reported as missing.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigOrExit, PROJECT_ROOT } from '../src/bootstrap/config.js';
import { readQuestions } from '../src/engine/evaluate.js';
import { OnnxEmbedder } from '../src/engine/embedders/onnx.js';

const ROUNDS = 3;
const WARMUP = 10;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['Xenova/all-MiniLM-L6-v2', 'Xenova/bge-small-en-v1.5', 'Xenova/e5-small-v2'];
  const questions = [
    ...(await readQuestions(path.join(PROJECT_ROOT, '../shared/eval/dev-questions.jsonl'))),
    ...(await readQuestions(path.join(PROJECT_ROOT, 'eval/heldout-questions.jsonl'))),
  ].map((q) => q.question);
  const embedders: OnnxEmbedder[] = [];
  for (const modelId of ids) {
    const e = new OnnxEmbedder({ modelsDir: config.modelsDir, modelId, threads: config.embedThreads });
    try {
      await e.load();
      embedders.push(e);
    } catch (err) {
      process.stdout.write(`${modelId}: missing (${(err as Error).message.split(':')[0]})\n`);
    }
  }
  for (const e of embedders) for (const q of questions.slice(0, WARMUP)) await e.embed([q], 'query');
  // The machine is shared: the load average before and after says what the timings are worth.
  const loadBefore = os.loadavg()[0]!;
  const times = embedders.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      for (const [i, e] of embedders.entries()) {
        const t0 = performance.now();
        await e.embed([q], 'query');
        times[i]!.push(performance.now() - t0);
      }
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  process.stdout.write(
    `${questions.length} questions x ${ROUNDS} rounds, threads ${config.embedThreads}, load average (1 min) ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after\n`,
  );
  embedders.forEach((e, i) =>
    process.stdout.write(`${e.modelId.padEnd(28)} query embedding p50 ${pct(times[i]!, 50).toFixed(2)} ms  p95 ${pct(times[i]!, 95).toFixed(2)} ms\n`),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
