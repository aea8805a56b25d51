/**
 * The worker-pool embedder against the in-thread one: same vectors bit for bit, the contract's
 * metadata, a main thread that stays free while a worker embeds, and a clear load error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/bootstrap/config.js';
import { EmbedderError, OnnxEmbedder } from '../../../src/engine/embedders/onnx.js';
import { OnnxPoolEmbedder } from '../../../src/engine/embedders/onnx-pool.js';

const config = parseConfig({});
const options = { modelsDir: config.modelsDir, modelId: config.embeddingModel, threads: 1 };

describe('OnnxPoolEmbedder (ONNX in worker threads)', () => {
  const inThread = new OnnxEmbedder(options);
  const pool = new OnnxPoolEmbedder({ ...options, workers: 2 });
  beforeAll(() => Promise.all([inThread.load(), pool.load()]));
  afterAll(() => pool.close());

  it('gives exactly the in-thread vectors, in input order, for queries and documents, across concurrent calls', async () => {
    const texts = ['Who took part in the talks?', 'Moscow', '', 'a somewhat longer sentence about diplomacy, sanctions and a ceasefire in Ukraine'];
    for (const kind of ['query', 'document'] as const) {
      const expected = await inThread.embed(texts, kind);
      // Concurrent single-text calls land on different workers; one batched call stays together.
      const singles = await Promise.all(texts.map(async (t) => (await pool.embed([t], kind))[0]!));
      const together = await pool.embed(texts, kind);
      for (let i = 0; i < texts.length; i++) {
        expect(Array.from(singles[i]!)).toEqual(Array.from(expected[i]!));
        expect(Array.from(together[i]!)).toEqual(Array.from(expected[i]!));
      }
    }
  });

  it('reports the model metadata and counts tokens like the in-thread embedder', async () => {
    expect(pool.modelId).toBe(config.embeddingModel);
    expect(pool.dimension).toBe(inThread.dimension);
    expect(pool.maxTokens).toBe(inThread.maxTokens);
    for (const t of ['', 'Who met in Geneva?', 'x'.repeat(300)]) expect(pool.countTokens(t)).toBe(inThread.countTokens(t));
  });

  it('leaves the main thread free while embedding', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const long = Array.from({ length: 40 }, (_, i) => `sentence ${i} about the talks between Washington and Moscow during the war`);
    await pool.embed(long, 'document');
    clearInterval(timer);
    // In-thread, a 40-text embed runs as one synchronous block per text: the interval could not fire between them.
    expect(ticks).toBeGreaterThan(5);
  });

  it('fails load() with the embedder\'s own message when the model is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'pool-models-'));
    const broken = new OnnxPoolEmbedder({ modelsDir: empty, modelId: 'Xenova/all-MiniLM-L6-v2', workers: 1 });
    try {
      const err = await broken.load().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(EmbedderError);
      expect((err as Error).message).toMatch(/model folder .* not found/);
    } finally {
      await broken.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
