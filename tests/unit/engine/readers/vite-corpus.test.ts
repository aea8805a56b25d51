import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageVsOldCleaner } from '../../../../bench/reader-coverage.js';
import { expectWellFormed, show } from './helpers.js';

const VITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/eval/docs/corpus');

describe('markdown reader on the Vite docs (../shared/eval/docs/corpus)', async () => {
  const report = await coverageVsOldCleaner(VITE);

  it('reads all 39 pages; every block is non-empty and in range, lines match offsets', () => {
    expect(report.files).toBe(39);
    for (const { doc } of report.documents) expectWellFormed(doc);
  });

  it('gives every block below the first heading a heading path, and never shows container or alert markers', () => {
    for (const { file, doc } of report.documents) {
      const firstHeading = doc.blocks.findIndex((b) => b.kind === 'heading');
      for (const b of doc.blocks.slice(firstHeading + 1)) expect(b.headingPath.length, `${file}: ${show(doc, b)}`).toBeGreaterThan(0);
      for (const b of doc.blocks.filter((x) => x.kind !== 'code')) expect(show(doc, b)).not.toMatch(/^:::|^\[!(NOTE|TIP|WARNING)\]/m);
    }
  });

  it('keeps the list items, table rows and code blocks the old cleaner dropped', () => {
    const k = report.kinds;
    // Printed for the record (README/bench): blocks now vs blocks the old cleaner could never quote.
    console.info(Object.entries(k).map(([kind, c]) => `${kind} ${c.now} (not quotable before: ${c.droppedBefore})`).join('; '));
    expect(k['list-item']!.droppedBefore).toBeGreaterThan(0);
    expect(k['table-row']!.now).toBeGreaterThan(0);
    expect(k.code!.now).toBeGreaterThan(0);
  });
});
