import { describe, expect, it } from 'vitest';
import { dot } from '../../../../src/domain/vector.js';
import { FakeEmbedder } from '../../../../src/engine/embedders/fake.js';
import { createEmbedder } from '../../../../src/engine/embedders/registry.js';
import { OnnxEmbedder } from '../../../../src/engine/embedders/onnx.js';

describe('fake embedder', () => {
  const e = new FakeEmbedder();

  it('gives unit vectors that are the same for the same words, whatever the case', async () => {
    const [a, b] = await e.embed(['The ferry leaves', 'the FERRY leaves'], 'document');
    expect(a!.length).toBe(e.dimension);
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 6);
    expect(dot(a!, b!)).toBeCloseTo(1, 6);
  });

  it('puts texts sharing words closer than texts sharing none', async () => {
    const [q, near, far] = await e.embed(['ferry timetable harbour', 'the harbour ferry', 'sourdough bread rises'], 'query');
    expect(dot(q!, near!)).toBeGreaterThan(dot(q!, far!) + 0.3);
  });

  it('counts whitespace tokens plus two special tokens', () => {
    expect(e.countTokens('three little words')).toBe(5);
  });
});

describe('embedder registry', () => {
  const settings = { modelsDir: '/nowhere', allowRemoteModels: false, embedThreads: 1, embedBatchSize: 1 };
  it('picks the fake for fake/ model ids and ONNX for the rest, without loading anything', () => {
    expect(createEmbedder({ ...settings, embeddingModel: 'fake/hashed-bow' })).toBeInstanceOf(FakeEmbedder);
    const onnx = createEmbedder({ ...settings, embeddingModel: 'Xenova/all-MiniLM-L6-v2' });
    expect(onnx).toBeInstanceOf(OnnxEmbedder);
    expect(onnx.modelId).toBe('Xenova/all-MiniLM-L6-v2');
  });
});
