import { copyFileSync, cpSync, mkdtempSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/bootstrap/config.js';
import { dot } from '../../src/domain/vector.js';
import { OnnxEmbedder as Embedder, EmbedderError } from '../../src/engine/embedders/onnx.js';

const config = parseConfig({});

describe('Embedder with the vendored model', () => {
  const embedder = new Embedder({ modelsDir: config.modelsDir, modelId: config.embeddingModel, threads: 2 });
  beforeAll(() => embedder.load());

  it('embeds the reference sentence into a 384-d unit vector close to the transformers.js reference', async () => {
    const [v] = await embedder.embed(['This is an example sentence']);
    expect(v).toBeInstanceOf(Float32Array);
    expect(v!.length).toBe(384);
    expect(embedder.dimension).toBe(384);
    expect(Math.sqrt(dot(v!, v!))).toBeCloseTo(1, 5);
    // Published output of Xenova/all-MiniLM-L6-v2 (transformers.js README, mean pooling + normalize).
    const reference = [0.0459, 0.0733, 0.054];
    reference.forEach((r, i) => expect(Math.abs(v![i]! - r)).toBeLessThanOrEqual(0.02));
  });

  it('scores a paraphrase pair clearly higher than an unrelated pair', async () => {
    const [a, b, c] = await embedder.embed([
      'The defense ministers of the two countries spoke on the phone twice.',
      'Two phone calls took place between the US and Russian defence chiefs.',
      'My sourdough bread needs more time to rise in a cold kitchen.',
    ]);
    const paraphrase = dot(a!, b!);
    const unrelated = dot(a!, c!);
    expect(paraphrase).toBeGreaterThan(0.5);
    expect(paraphrase - unrelated).toBeGreaterThan(0.3);
  });

  it('gives the same vectors in a batch as one at a time, in input order', async () => {
    const texts = ['short', 'a somewhat longer sentence about diplomacy and talks', 'Moscow', ''];
    const batch = await embedder.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await embedder.embed([texts[i]!]);
      expect(dot(batch[i]!, single!)).toBeGreaterThan(0.9999);
    }
  });
});

describe('Embedder errors', () => {
  it('names the missing model folder and how to restore it', async () => {
    const e = new Embedder({ modelsDir: path.join(tmpdir(), 'no-such-models'), modelId: 'Xenova/all-MiniLM-L6-v2' });
    const err = await e.load().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as Error).message).toMatch(/model folder .*no-such-models\/Xenova\/all-MiniLM-L6-v2 not found/);
    expect((err as Error).message).toMatch(/git checkout -- models|fetch-model/);
  });

  it('reports a corrupt ONNX file as a clear error, not an onnxruntime stack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
    const src = path.join(config.modelsDir, 'Xenova/all-MiniLM-L6-v2');
    const dest = path.join(dir, 'Xenova/all-MiniLM-L6-v2');
    cpSync(src, dest, { recursive: true });
    truncateSync(path.join(dest, 'onnx/model_quantized.onnx'), 1000);
    const err = await new Embedder({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2' }).load().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as Error).message).toMatch(/could not load model Xenova\/all-MiniLM-L6-v2 .*corrupt/);
  });

  it('lists the missing files of an incomplete model folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
    const dest = path.join(dir, 'Xenova/all-MiniLM-L6-v2');
    cpSync(path.join(config.modelsDir, 'Xenova/all-MiniLM-L6-v2'), dest, { recursive: true });
    copyFileSync(path.join(dest, 'config.json'), path.join(dest, 'tokenizer.json.bak'));
    const { rmSync } = await import('node:fs');
    rmSync(path.join(dest, 'tokenizer.json'));
    const err = await new Embedder({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2' }).load().catch((x: unknown) => x);
    expect((err as Error).message).toMatch(/incomplete \(missing tokenizer\.json\)/);
  });
});
