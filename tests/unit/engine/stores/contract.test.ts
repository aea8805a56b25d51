/**
 * The one VectorStore contract (contract.ts), run against every backend: a new store is one line
 * here. pgvector runs on a real Postgres (PGlite over the wire, tests/helpers/pglite.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryVectorStore } from '../../../../src/engine/stores/memory.js';
import { PgVectorStore } from '../../../../src/engine/stores/pgvector.js';
import { FileVectorStore } from '../../../../src/engine/stores/vector-file.js';
import { VectraVectorStore } from '../../../../src/engine/stores/vectra.js';
import { usePostgres } from '../../../helpers/use-postgres.js';
import { vectorStoreContract } from './contract.js';

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

vectorStoreContract('memory', async (dimension) => new MemoryVectorStore(dimension));

// vectra's files keep six decimals (see stores/vectra.ts).
vectorStoreContract('vectra', async (dimension) => VectraVectorStore.create(temp('vectra-contract-'), dimension), { storedDecimals: 6 });

// The binary sidecar read by row (stores/vector-file.ts): bit-exact Float32.
vectorStoreContract('file (binary sidecar)', async (dimension) => FileVectorStore.create(path.join(temp('vector-file-contract-'), 'v.f32'), dimension));

const postgres = usePostgres({ schema: 'contract' });
let collections = 0;
// HNSW is approximate: its top-10 must still hold ≥ 95 % of the exact one.
vectorStoreContract('pgvector (HNSW)', (dimension) => PgVectorStore.open(postgres.db, `contract_${collections++}`, dimension), { minRecallAt10: 0.95 });
