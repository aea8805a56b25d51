import { describe, expect, it } from 'vitest';
import { READERS, readDocumentFile, readerFor, skipReason } from '../../../../src/engine/readers/registry.js';

describe('reader registry', () => {
  it.each([
    ['notes.txt', 'text'],
    ['guide/Intro.MD', 'markdown'],
    ['page.html', 'html'],
    ['paper.pdf', 'pdf'],
    ['report.docx', 'docx'],
    ['fleet.csv', 'csv'],
  ])('%s is read by the %s reader', (file, name) => {
    expect(readerFor(file)?.name).toBe(name);
    expect(skipReason(file)).toBeUndefined();
  });

  it('accounts for every other file with a reason that lists what is supported', () => {
    expect(readerFor('conf.rst')).toBeUndefined();
    expect(skipReason('conf.rst')).toMatch(/^reStructuredText is not read: convert it to Markdown.*supported are .*\.md.*\.pdf/);
    expect(skipReason('photo.xyz')).toMatch(/^unsupported file type \.xyz: supported are \.txt .*\.docx/);
    expect(skipReason('Makefile')).toMatch(/^unsupported file type \(no extension\)/);
  });

  it('names each reader and its extensions as the reader module itself does (modules load on first use)', async () => {
    const modules = [
      (await import('../../../../src/engine/readers/text.js')).textReader,
      (await import('../../../../src/engine/readers/markdown.js')).markdownReader,
      (await import('../../../../src/engine/readers/html.js')).htmlReader,
      (await import('../../../../src/engine/readers/pdf.js')).pdfReader,
      (await import('../../../../src/engine/readers/docx.js')).docxReader,
      (await import('../../../../src/engine/readers/csv.js')).csvReader,
    ];
    expect(READERS.map((r) => [r.name, r.extensions])).toEqual(modules.map((r) => [r.name, r.extensions]));
  });

  it('has no extension claimed by two readers', () => {
    const all = READERS.flatMap((r) => r.extensions);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('readDocumentFile', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('reads a supported file and names its reader', async () => {
    const r = await readDocumentFile({ bytes: enc('# Notes\n\nFerries leave hourly.\n'), fileName: 'notes.md' });
    expect(r.ok && r.reader).toBe('markdown');
  });

  it('turns every other file into a one-line reason instead of an exception', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['conf.rst', enc('Title\n=====\n'), /^reStructuredText is not read/],
      ['empty.txt', new Uint8Array(0), /^file is empty$/],
      ['paper.txt', enc('%PDF-1.5\n'), /^file is a PDF document, not text: rename it to paper\.pdf/],
      ['scan.pdf', enc('%PDF-1.5 broken'), /^not a readable PDF/],
      ['badges.md', enc('[![ci](https://x/badge.svg)](https://x)\n'), /^no text to quote/],
    ];
    for (const [fileName, bytes, reason] of cases) {
      const r = await readDocumentFile({ bytes, fileName });
      expect(r.ok, fileName).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.reason).not.toContain('\n');
      }
    }
  });
});
