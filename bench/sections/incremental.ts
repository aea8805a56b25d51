/**
 * Incremental update: one file of a built corpus changes (a sentence appended, as an editor
 * would) and the running engine updates, as the folder watcher makes it do.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/engine.js';
import type { UpdateResult } from '../protocol.js';

export async function updateSection(engine: Engine, corpusDir: string, file: string): Promise<UpdateResult> {
  await appendFile(path.join(corpusDir, file), '\n\nThis sentence was appended by the benchmark to measure an incremental update of one file.\n');
  const started = performance.now();
  const report = await engine.reindex();
  const updateMs = performance.now() - started;
  if (report.changed.join() !== file) throw new Error(`expected only ${file} to change, got ${JSON.stringify(report)}`);
  return { documents: report.status.documents, file, updateMs, embedded: report.embedded, reused: report.reused };
}
