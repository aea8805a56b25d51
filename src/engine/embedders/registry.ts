/**
 * Embedding model id → implementation. A new kind of embedder is one file plus one entry here;
 * the first entry whose `handles` accepts the configured model id wins.
 */
import { FAKE_MODEL_PREFIX, FakeEmbedder } from './fake.js';
import { OnnxEmbedder } from './onnx.js';
import type { Embedder } from './types.js';

export interface EmbedderSettings {
  modelsDir: string;
  /** e.g. `Xenova/all-MiniLM-L6-v2`, or `fake/hashed-bow` for tests. */
  embeddingModel: string;
  allowRemoteModels: boolean;
  embedThreads: number;
  embedBatchSize: number;
}

interface EmbedderEntry {
  handles(modelId: string): boolean;
  create(settings: EmbedderSettings): Embedder;
}

export const EMBEDDERS: readonly EmbedderEntry[] = [
  { handles: (id) => id.startsWith(FAKE_MODEL_PREFIX), create: (s) => new FakeEmbedder(s.embeddingModel) },
  {
    handles: () => true,
    create: (s) =>
      new OnnxEmbedder({
        modelsDir: s.modelsDir,
        modelId: s.embeddingModel,
        allowRemote: s.allowRemoteModels,
        threads: s.embedThreads,
        batchSize: s.embedBatchSize,
      }),
  },
];

export function createEmbedder(settings: EmbedderSettings): Embedder {
  return EMBEDDERS.find((e) => e.handles(settings.embeddingModel))!.create(settings);
}
