/**
 * npx tsx bench/reader-coverage.ts [DIR]  (default ../shared/eval/docs/corpus)
 *
 * How many blocks of each kind the readers emit for a folder, and how many of them the old
 * cleaner (chunking/clean.ts, what the text and Markdown readers used before) had dropped: a block counts as dropped when no
 * old paragraph overlaps it, so it could never be quoted.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanDocument } from '../src/engine/chunking/clean.js';
import { readerFor } from '../src/engine/readers/registry.js';
import type { BlockKind, ReadDocument } from '../src/engine/readers/types.js';

export interface KindCoverage {
  now: number;
  droppedBefore: number;
}

export interface CoverageReport {
  files: number;
  kinds: Partial<Record<BlockKind, KindCoverage>>;
  documents: { file: string; doc: ReadDocument }[];
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

export async function coverageVsOldCleaner(dir: string): Promise<CoverageReport> {
  const report: CoverageReport = { files: 0, kinds: {}, documents: [] };
  for (const file of await listFiles(dir)) {
    const reader = readerFor(file);
    if (!reader) continue;
    const bytes = await readFile(path.join(dir, file));
    const doc = await reader.read({ bytes, fileName: file });
    report.files++;
    report.documents.push({ file, doc });
    const old = cleanDocument(doc.text, { markdown: /\.(md|markdown)$/i.test(file) });
    for (const b of doc.blocks) {
      const k = (report.kinds[b.kind] ??= { now: 0, droppedBefore: 0 });
      k.now++;
      if (!old.paragraphs.some((p) => p.start < b.end && b.start < p.end)) k.droppedBefore++;
    }
  }
  return report;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../shared/eval/docs/corpus');
  const r = await coverageVsOldCleaner(dir);
  console.log(`${r.files} files in ${dir}`);
  console.log('kind        blocks now  not quotable before');
  for (const [kind, c] of Object.entries(r.kinds)) console.log(`${kind.padEnd(12)}${String(c.now).padStart(10)}  ${String(c.droppedBefore).padStart(19)}`);
}
