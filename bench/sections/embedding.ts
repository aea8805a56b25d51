/**
 * Embedding throughput of the project's `Embedder` against a bare onnxruntime-node session
 * running the same ONNX file on the same tokenized batches, in the same process, interleaved.
 * The bare side is the raw limit: session.run only, with tokenization done beforehand. The
 * Embedder side is what the build pays: tokenize + run + pool + normalise.
 */
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import type { Config } from '../../src/bootstrap/config.js';
import { OnnxEmbedder, pool } from '../../src/engine/embedders/onnx.js';
import type { Engine } from '../../src/engine/engine.js';
import type { EmbeddingResult, EmbeddingRun } from '../protocol.js';

interface PreparedBatch {
  /** Positions in the input of the batch's texts. */
  idx: number[];
  feeds: Record<string, ort.Tensor>;
  mask: BigInt64Array;
}

/** The same batches the Embedder forms: sorted by length, `batchSize` at a time, padded. */
function prepare(tokenizer: PreTrainedTokenizer, inputNames: readonly string[], texts: readonly string[], batchSize: number): PreparedBatch[] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
  const out: PreparedBatch[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const enc = tokenizer(idx.map((i) => texts[i]!), { padding: true, truncation: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
    const ids = enc.input_ids!;
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of inputNames) {
      const t = enc[name];
      feeds[name] = t ? new ort.Tensor('int64', t.data, t.dims) : new ort.Tensor('int64', new BigInt64Array(ids.data.length), ids.dims);
    }
    out.push({ idx, feeds, mask: enc.attention_mask!.data });
  }
  return out;
}

export async function embeddingSection(
  engine: Engine,
  config: Config,
  opts: { threads: number[]; batchSizes: number[]; rounds: number; texts?: number },
): Promise<EmbeddingResult> {
  const { index } = engine;
  const docs = index.texts;
  const docOf = new Map(index.manifest.documents.map((d, i) => [d.id, i]));
  const texts = index.chunks.map((c) => docs[docOf.get(c.document)!]!.slice(c.start, c.end)).slice(0, opts.texts);
  // The engine's embedder is loaded, so transformers.js already points at the vendored models.
  await engine.embedder.load();
  const modelDir = new OnnxEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel }).modelDir;
  const tokenizer = await AutoTokenizer.from_pretrained(config.embeddingModel, { quantized: true });
  const meanTokens = texts.reduce((a, t) => a + tokenizer.encode(t).length, 0) / texts.length;
  const modelFile = path.join(modelDir, 'onnx/model_quantized.onnx');

  const runs: EmbeddingRun[] = [];
  for (const threads of opts.threads) {
    // Same options as Embedder.doLoad, so only the code around session.run differs.
    const bare = await ort.InferenceSession.create(modelFile, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    });
    for (const batchSize of opts.batchSizes) {
      const embedder = new OnnxEmbedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, threads, batchSize });
      await embedder.load();
      const batches = prepare(tokenizer, bare.inputNames, texts, batchSize);
      await embedder.embed(texts.slice(0, 2 * batchSize));
      for (const b of batches.slice(0, 2)) await bare.run(b.feeds);

      // Interleaved batch by batch (alternating which goes first), so a burst of load from
      // another process on this shared machine hits both sides alike. Embedding one batch's
      // texts makes the Embedder form exactly that batch (same texts, same length order).
      let embedderMs = 0;
      let bareMs = 0;
      const vectors = new Array<Float32Array>(texts.length);
      const outputs = new Array<ort.Tensor>(batches.length);
      for (let r = 0; r < opts.rounds; r++) {
        for (let bi = 0; bi < batches.length; bi++) {
          const b = batches[bi]!;
          const timeEmbedder = async () => {
            const t = performance.now();
            const out = await embedder.embed(b.idx.map((i) => texts[i]!));
            embedderMs += performance.now() - t;
            b.idx.forEach((ti, k) => (vectors[ti] = out[k]!));
          };
          const timeBare = async () => {
            const t = performance.now();
            const result = await bare.run(b.feeds);
            bareMs += performance.now() - t;
            outputs[bi] = result[bare.outputNames[0]!]!;
          };
          if ((r + bi) % 2 === 0) {
            await timeEmbedder();
            await timeBare();
          } else {
            await timeBare();
            await timeEmbedder();
          }
        }
      }

      // Same inputs must give the same vectors: checks the comparison is like for like.
      let maxAbsDiff = 0;
      batches.forEach((b, bi) => {
        const out = outputs[bi]!;
        const pooled = pool(out.data as Float32Array, out.dims, b.mask, 'mean');
        b.idx.forEach((ti, k) => {
          const v = vectors[ti]!;
          const w = pooled[k]!;
          for (let d = 0; d < v.length; d++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v[d]! - w[d]!));
        });
      });
      const n = texts.length * opts.rounds;
      const embedderPerSec = n / (embedderMs / 1000);
      const barePerSec = n / (bareMs / 1000);
      runs.push({ threads, batchSize, texts: texts.length, rounds: opts.rounds, embedderPerSec, barePerSec, ratio: embedderPerSec / barePerSec, maxAbsDiff });
    }
  }
  return { sample: `${texts.length} seed-corpus chunks`, meanTokens, runs };
}
