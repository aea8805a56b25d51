/**
 * Global setup of the tests that use the real model: the seed corpus is indexed ONCE per test
 * run, and test files copy that index instead of building their own (see tests/helpers/seed.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { parseConfig, PROJECT_ROOT } from '../../src/bootstrap/config.js';
import { setLogLevel } from '../../src/bootstrap/logger.js';
import { Engine } from '../../src/engine/engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An index of the seed corpus (corpus/) built with the real model; copy it, never write to it. */
    seedIndexDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const indexDir = mkdtempSync(path.join(tmpdir(), 'seed-index-'));
  setLogLevel('error');
  const engine = await Engine.open(parseConfig({ CORPUS_DIR: path.join(PROJECT_ROOT, 'corpus'), INDEX_DIR: indexDir, LOG_LEVEL: 'error' }));
  await engine.close();
  project.provide('seedIndexDir', indexDir);
  return () => rmSync(indexDir, { recursive: true, force: true });
}
