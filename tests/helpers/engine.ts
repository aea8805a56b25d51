import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, PROJECT_ROOT, type Config } from '../../src/bootstrap/config.js';
import { Engine } from '../../src/engine/engine.js';
import { seedIndexCopy } from './seed.js';

export const CORPUS_DIR = path.join(PROJECT_ROOT, 'corpus');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/** Config for tests: real model, given corpus, a copy of the shared seed index (never the developer's index/). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    CORPUS_DIR: CORPUS_DIR,
    INDEX_DIR: seedIndexCopy(),
    DATA_DIR: tempDir('data'),
    LOG_LEVEL: 'error',
    ...overrides,
  });
}

/** A copy of the seed corpus that a test may modify. */
export function copyCorpus(): string {
  const dir = tempDir('corpus');
  cpSync(CORPUS_DIR, dir, { recursive: true });
  return dir;
}

export async function openTestEngine(overrides: Record<string, string> = {}): Promise<Engine> {
  return Engine.open(testConfig(overrides));
}
