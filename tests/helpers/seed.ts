/** The seed-corpus index built once per test run by tests/setup/seed-index.ts. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

/** Copies the shared seed index into `dest` (or a new temp folder) and returns that folder. */
export function seedIndexCopy(dest = mkdtempSync(path.join(tmpdir(), 'index-'))): string {
  cpSync(inject('seedIndexDir'), dest, { recursive: true });
  return dest;
}
