import { describe, expect, it } from 'vitest';
import { markdownReader } from '../../../../src/engine/readers/markdown.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';
import { blockWith, bytes, expectWellFormed, show } from './helpers.js';

const page = [
  '---', // 1
  'title: Harbour Guide',
  'outline: deep',
  '---',
  '',
  '[![build](https://ci.example.com/badge.svg)](https://ci.example.com)', // 6
  '',
  '# Harbour Tools', // 8
  '',
  'Harbour Tools plans ferry crossings.',
  '',
  '## Server Options {#server}', // 12
  '',
  '### server.port', // 14
  '',
  '- **Type:** `number`', // 16
  '- Short item',
  '  - Nested item',
  '',
  'There can be up to 25 fields', // 20
  '',
  '| Option | Default |', // 22
  '| --- | --- |',
  '| `port` | 5173 |',
  '',
  '```js', // 26
  'export default { port: 5173 }',
  '```',
  '',
  '::: tip Ports', // 30
  'Ports below 1024 need root.',
  ':::',
  '',
  '> [!NOTE]', // 34
  '> The port is checked at start.',
  '',
  '> A plain quotation.', // 37
  '',
  '<Badge type="info" />', // 39
  '',
  '[docs]: https://docs.example.com', // 41
  '',
  '[[toc]]', // 43
  '',
].join('\n');

describe('markdown reader', async () => {
  const doc = await markdownReader.read({ bytes: bytes(page), fileName: 'guide/harbour.md' });

  it('gives every block a kind, heading path and lines, with offsets into the file itself', () => {
    expect(doc.text).toBe(page);
    expectWellFormed(doc);
    const port = blockWith(doc, 'server.port');
    expect(port).toMatchObject({ kind: 'heading', headingPath: ['Harbour Tools', 'Server Options'], lines: [14, 14] });
    expect(blockWith(doc, 'Server Options {#server}').kind).toBe('heading');
    expect(blockWith(doc, 'Harbour Tools plans ferry crossings.')).toMatchObject({ kind: 'paragraph', headingPath: ['Harbour Tools'], lines: [10, 10] });
  });

  it('keeps list items (nested ones too), short paragraphs and table rows as blocks', () => {
    const under = ['Harbour Tools', 'Server Options', 'server.port'];
    expect(blockWith(doc, '**Type:** `number`')).toMatchObject({ kind: 'list-item', headingPath: under, lines: [16, 16] });
    expect(blockWith(doc, 'Short item').kind).toBe('list-item');
    expect(blockWith(doc, 'Nested item').kind).toBe('list-item');
    expect(blockWith(doc, 'There can be up to 25 fields')).toMatchObject({ kind: 'paragraph', lines: [20, 20] });
    const row = blockWith(doc, '| `port` | 5173 |');
    expect(row).toMatchObject({ kind: 'table-row', lines: [24, 24], cells: ['port', '5173'], header: ['Option', 'Default'] });
    expect(blockWith(doc, '| Option | Default |').kind).toBe('table-row');
  });

  it('keeps fenced code as a code block without its fences', () => {
    expect(blockWith(doc, 'export default { port: 5173 }')).toMatchObject({ kind: 'code', lines: [27, 27] });
  });

  it('reads ::: containers and [!NOTE] alerts as notes, and plain block quotes as quotes', () => {
    // The callout's title is its first line of content; only "::: tip " is markup.
    expect(blockWith(doc, 'Ports\nPorts below 1024 need root.')).toMatchObject({ kind: 'note', lines: [30, 31] });
    expect(blockWith(doc, 'The port is checked at start.').kind).toBe('note');
    expect(blockWith(doc, 'A plain quotation.').kind).toBe('quote');
    const texts = doc.blocks.map((b) => show(doc, b));
    expect(texts.join('\n')).not.toMatch(/:::|\[!NOTE\]/);
  });

  it('skips front matter and pure markup, saying why', () => {
    const reasons = doc.skipped.map((s) => [page.slice(s.start, s.end).split('\n')[0], s.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['---', 'front matter'],
        [expect.stringContaining('badge.svg'), 'image or badge markup without text'],
        ['<Badge type="info" />', 'HTML/component markup without text'],
        ['[docs]: https://docs.example.com', 'link reference definition'],
        ['::: tip', expect.stringContaining('callout marker')],
        ['[[toc]]', expect.stringContaining('VitePress directive')],
      ]),
    );
    const covered = doc.blocks.map((b) => show(doc, b)).join('\n');
    expect(covered).not.toMatch(/badge\.svg|docs\.example|<Badge|outline: deep/);
  });

  it('takes the title from front matter, else the first h1, else the file name', async () => {
    expect(doc.title).toBe('Harbour Guide');
    const h1 = await markdownReader.read({ bytes: bytes('Intro line here.\n\n# Real Title\n\nText.\n'), fileName: 'a.md' });
    expect(h1.title).toBe('Real Title');
    const none = await markdownReader.read({ bytes: bytes('Just text.\n'), fileName: 'docs/notes.md' });
    expect(none.title).toBe('notes');
  });

  it('says what a misnamed binary file is instead of "re-save as UTF-8"', async () => {
    const pdf = bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
    const err = await markdownReader.read({ bytes: pdf, fileName: 'report.md' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toMatch(/^file is a PDF document, not text: rename it to report\.pdf/);
    expect((err as Error).message).not.toMatch(/UTF-8/);
  });
});
