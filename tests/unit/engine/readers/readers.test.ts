import { describe, expect, it } from 'vitest';
import { markdownReader } from '../../../../src/engine/readers/markdown.js';
import { READERS, readerFor } from '../../../../src/engine/readers/registry.js';
import { textReader } from '../../../../src/engine/readers/text.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('reader registry', () => {
  it('maps extensions (any case) to readers and leaves other files unread', () => {
    expect(readerFor('notes/a.TXT')).toBe(textReader);
    // The registry's markdown entry loads markdown.ts on first use (registry.test.ts checks name and extensions).
    expect(readerFor('guide.md')?.name).toBe(markdownReader.name);
    expect(readerFor('guide.markdown')?.name).toBe(markdownReader.name);
    // Since issue 11 PDFs have a reader; reStructuredText is still left unread (see registry.test.ts for the reason given).
    expect(readerFor('report.pdf')?.name).toBe('pdf');
    expect(readerFor('conf.rst')).toBeUndefined();
    expect(new Set(READERS.map((r) => r.name)).size).toBe(READERS.length);
  });
});

describe('text reader', () => {
  const text = 'Harbour news\n\nAdvertisement\n\nThe ferry leaves at seven every morning, weather permitting.\n\nShare this article\n';

  it('keeps the file as canonical text and the headline and article paragraphs as blocks with exact offsets', async () => {
    const doc = await textReader.read({ bytes: bytes(text), fileName: 'news/harbour.txt' });
    expect(doc.text).toBe(text);
    expect(doc.title).toBe('Harbour news');
    // Headings are blocks too since issue 11 (the engine does not quote them).
    expect(doc.blocks.map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([
      ['heading', 'Harbour news'],
      ['paragraph', 'The ferry leaves at seven every morning, weather permitting.'],
    ]);
  });

  it('lists what it left out, with why', async () => {
    const doc = await textReader.read({ bytes: bytes(text), fileName: 'harbour.txt' });
    const skipped = doc.skipped.map((s) => [text.slice(s.start, s.end), s.reason]);
    expect(skipped).toContainEqual(['Advertisement', expect.stringContaining('widget')]);
    expect(skipped).toContainEqual(['Share this article', expect.stringContaining('widget')]);
  });

  it.each([
    ['empty', new Uint8Array(0), /empty/],
    ['binary', Uint8Array.of(0x89, 0x50, 0, 0, 0x1a), /binary/],
    ['Latin-1', Uint8Array.of(0x43, 0x61, 0x66, 0xe9), /UTF-8/],
  ])('refuses a %s file with a reason a user can act on', async (_what, data, reason) => {
    const err = await textReader.read({ bytes: data, fileName: 'x.txt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toMatch(reason);
  });
});

describe('markdown reader', () => {
  it('takes the # heading as title and keeps fenced code as a code block without its fences', async () => {
    const md = '# Baking bread\n\nThe dough rises overnight in a cool kitchen before baking.\n\n```\nmix(flour)\n```\n';
    const doc = await markdownReader.read({ bytes: bytes(md), fileName: 'bread.md' });
    expect(doc.title).toBe('Baking bread');
    // Since issue 11 code is content (kind 'code'), no longer skipped.
    expect(doc.blocks.map((b) => [b.kind, md.slice(b.start, b.end)])).toEqual([
      ['heading', 'Baking bread'],
      ['paragraph', 'The dough rises overnight in a cool kitchen before baking.'],
      ['code', 'mix(flour)'],
    ]);
  });
});
