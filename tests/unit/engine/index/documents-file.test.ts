import { describe, expect, it } from 'vitest';
import type { ParagraphInfo } from '../../../../src/engine/chunking/document.js';
import { DocumentsFileError, documentsFromBytes, documentsToBytes } from '../../../../src/engine/index/documents-file.js';

// ASCII, Latin-1 beyond ASCII (stored one byte per character), beyond Latin-1 with a surrogate pair (UTF-16), empty.
const texts = ['Plain ASCII text.\nSecond line.', 'Ünïcödé — “quotes”, emoji 🦘 and CJK 漢字.', '', 'Café, naïve, Zürich: 5 × 3 ½.'];
const paragraphs: ParagraphInfo[][] = [
  [
    { kind: 'heading', headingPath: [] },
    { kind: 'paragraph', headingPath: ['Intro'], lines: [1, 2] },
  ],
  [
    { kind: 'list-item', headingPath: ['A', 'B — ünï'], page: 3 },
    { kind: 'table-row', headingPath: ['A', 'B — ünï'], page: 4, lines: [10, 12] },
    { kind: 'note', headingPath: ['A'] },
  ],
  [],
  [{ kind: 'paragraph', headingPath: [] }],
];
const expected = { documents: texts.length, blocksOf: (d: number) => paragraphs[d]!.length };

describe('documents file', () => {
  it('reads back every text and block as written, optional fields absent where they were', () => {
    const read = documentsFromBytes(documentsToBytes(texts, paragraphs), expected);
    expect(read.texts).toEqual(texts);
    // toStrictEqual: a block without page or lines must not come back with `page: undefined`.
    expect(read.paragraphs).toStrictEqual(paragraphs);
  });

  it('refuses files that disagree with the manifest, are cut short or padded, or are not one', () => {
    const bytes = documentsToBytes(texts, paragraphs);
    expect(() => documentsFromBytes(bytes, { ...expected, documents: 2 })).toThrow(DocumentsFileError);
    expect(() => documentsFromBytes(bytes, { ...expected, blocksOf: (d) => (d === 1 ? 2 : expected.blocksOf(d)) })).toThrow(/document 1 has 3 blocks/);
    expect(() => documentsFromBytes(bytes.subarray(0, bytes.length - 3), expected)).toThrow(DocumentsFileError);
    expect(() => documentsFromBytes(Buffer.concat([bytes, Buffer.from('x')]), expected)).toThrow(DocumentsFileError);
    expect(() => documentsFromBytes(Buffer.from('["a text"]'), expected)).toThrow(DocumentsFileError);
  });

  it('refuses a block whose kind or heading path index points nowhere', () => {
    const bytes = Buffer.from(documentsToBytes(texts, paragraphs));
    const headerLength = bytes.readUInt32LE(8);
    const rows = 12 + headerLength + 4 * (2 + 3 * texts.length);
    const kindOfFirst = Buffer.from(bytes);
    kindOfFirst.writeInt32LE(99, rows);
    expect(() => documentsFromBytes(kindOfFirst, expected)).toThrow(/block 1 of document 0 is invalid/);
    const pathOfFirst = Buffer.from(bytes);
    pathOfFirst.writeInt32LE(-1, rows + 4);
    expect(() => documentsFromBytes(pathOfFirst, expected)).toThrow(/block 1 of document 0 is invalid/);
  });
});
