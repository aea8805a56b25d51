/**
 * npx tsx scripts/embedding-scale.ts [MODEL_ID ...]
 *
 * Where each model's cosine similarities sit, to show which un-fitted cosine thresholds of a
 * scoring profile (cite.nearExact / minSemantic, answer.duplicateCosine, summary.redundancy /
 * minTopicRelevance / document.redundancyMax, all set on MiniLM's scale) would move if the default
 * model changed. Workload: the first sentences of each seed article (deterministic, no sampling);
 * pairs of sentences from different articles stand for "unrelated", pairs from one article for
 * "same topic". Prints percentiles and the share of pairs at or above each threshold.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfigOrExit, PROJECT_ROOT } from '../src/bootstrap/config.js';
import { splitSentences } from '../src/engine/chunking/sentences.js';
import { OnnxEmbedder } from '../src/engine/embedders/onnx.js';
import { profileFor } from '../src/engine/scoring/profile.js';

const PER_DOC = 30;
const MIN_WORDS = 6;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['Xenova/all-MiniLM-L6-v2', 'Xenova/bge-small-en-v1.5', 'Xenova/e5-small-v2'];
  const dir = path.join(PROJECT_ROOT, 'corpus');
  const docs: string[][] = [];
  for (const f of (await readdir(dir)).sort()) {
    const text = await readFile(path.join(dir, f), 'utf8');
    const sentences = splitSentences(text)
      .map((s) => text.slice(s.start, s.end).trim())
      .filter((s) => s.split(/\s+/).length >= MIN_WORDS);
    docs.push(sentences.slice(0, PER_DOC));
  }
  // The thresholds as the shipped (MiniLM) profile sets them.
  const p = profileFor('Xenova/all-MiniLM-L6-v2');
  const thresholds: [string, number][] = [
    ['summary.minTopicRelevance', p.summary.minTopicRelevance],
    ['cite.minSemantic', p.cite.minSemantic],
    ['cite.nearExact', p.cite.nearExact],
    ['summary.redundancy', p.summary.redundancy],
    ['answer.duplicateCosine', p.answer.duplicateCosine],
  ];
  const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  // The first model is the reference: a threshold's share of its pairs at or above it is mapped to
  // the value with the same share in each other model (quantile matching, a first guess, not a fit).
  let reference: number[] | undefined;
  for (const modelId of ids) {
    const e = new OnnxEmbedder({ modelsDir: config.modelsDir, modelId, threads: config.embedThreads });
    try {
      await e.load();
    } catch (err) {
      process.stdout.write(`${modelId}: missing (${(err as Error).message.split(':')[0]})\n`);
      continue;
    }
    const vecs: Float32Array[][] = [];
    for (const sentences of docs) vecs.push(await e.embed(sentences, 'document'));
    const cross: number[] = [];
    const same: number[] = [];
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    for (let d = 0; d < vecs.length; d++)
      for (let i = 0; i < vecs[d]!.length; i++) {
        for (let j = i + 1; j < vecs[d]!.length; j++) same.push(cos(vecs[d]![i]!, vecs[d]![j]!));
        for (let d2 = d + 1; d2 < vecs.length; d2++) for (const v of vecs[d2]!) cross.push(cos(vecs[d]![i]!, v));
      }
    cross.sort((a, b) => a - b);
    same.sort((a, b) => a - b);
    const line = (name: string, xs: number[]) =>
      `  ${name.padEnd(22)} n=${String(xs.length).padStart(5)}  p5 ${pct(xs, 0.05).toFixed(3)}  p50 ${pct(xs, 0.5).toFixed(3)}  p95 ${pct(xs, 0.95).toFixed(3)}  p99 ${pct(xs, 0.99).toFixed(3)}`;
    process.stdout.write(`${modelId}\n${line('different articles', cross)}\n${line('same article', same)}\n`);
    const all = [...cross, ...same].sort((a, b) => a - b);
    reference ??= all;
    for (const [name, t] of thresholds) {
      const share = (xs: number[]) => ((100 * xs.filter((x) => x >= t).length) / xs.length).toFixed(1);
      const above = reference.filter((x) => x >= t).length / reference.length;
      const at = pct(all, 1 - above);
      // Repeated sentences (cosine 1) are all a reference tail may hold: no other pair to match.
      const matched = above === 0 || at > 0.999 ? 'beyond the sample (only repeated sentences reach it)' : at.toFixed(3);
      process.stdout.write(`  >= ${name} (${t}): different articles ${share(cross)} %, same article ${share(same)} %; same share of all pairs as the first model at ${matched}\n`);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
