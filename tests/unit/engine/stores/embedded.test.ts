/** The embedded stores run the same VectorStore contract as pgvector. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryVectorStore } from '../../../../src/engine/stores/memory.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { vectorStoreContract } from './contract.js';

vectorStoreContract('memory', async (dimension) => new MemoryVectorStore(dimension));

// vectra's files keep six decimals (see stores/vectra.ts).
vectorStoreContract('vectra', async (dimension) => VectraVectorStore.create(mkdtempSync(path.join(tmpdir(), 'vectra-contract-')), dimension), {
  storedDecimals: 6,
});
