import { describe, expect, it } from 'vitest';
import { READERS, readerFor, skipReason } from '../../../../src/engine/readers/registry.js';

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

  it('has no extension claimed by two readers', () => {
    const all = READERS.flatMap((r) => r.extensions);
    expect(new Set(all).size).toBe(all.length);
  });
});
