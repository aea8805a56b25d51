/** The embedded stores run the same VectorStore contract as pgvector. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryVectorStore } from '../../../../src/engine/stores/memory.js';
import { FileVectorStore } from '../../../../src/engine/stores/vector-file.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { vectorStoreContract } from './contract.js';

vectorStoreContract('memory', async (dimension) => new MemoryVectorStore(dimension));

// vectra's files keep six decimals (see stores/vectra.ts).
vectorStoreContract('vectra', async (dimension) => VectraVectorStore.create(mkdtempSync(path.join(tmpdir(), 'vectra-contract-')), dimension), {
  storedDecimals: 6,
});

// The binary sidecar read by row (stores/vector-file.ts): bit-exact Float32.
vectorStoreContract('file (binary sidecar)', async (dimension) => FileVectorStore.create(path.join(mkdtempSync(path.join(tmpdir(), 'vector-file-contract-')), 'v.f32'), dimension));
