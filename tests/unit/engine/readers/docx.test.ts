import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { docxReader } from '../../../../src/engine/readers/docx.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';
import { handbookDocx } from '../../../helpers/fixture-documents.js';
import { blockWith, bytes, expectWellFormed } from './helpers.js';

describe('docx reader', async () => {
  const doc = await docxReader.read({ bytes: await handbookDocx(), fileName: 'handbook.docx' });

  it('maps Heading styles, lists and tables to blocks with heading paths', () => {
    expectWellFormed(doc);
    expect(doc.title).toBe('Ferry Handbook');
    expect(blockWith(doc, 'Ferry Handbook')).toMatchObject({ kind: 'heading', headingPath: [] });
    expect(blockWith(doc, 'Crossings 1')).toMatchObject({ kind: 'heading', headingPath: ['Ferry Handbook'] });
    const under = ['Ferry Handbook', 'Crossings 1'];
    expect(blockWith(doc, 'The harbour runs three ferries every hour between the two piers.')).toMatchObject({ kind: 'paragraph', headingPath: under });
    expect(blockWith(doc, 'Up to 25 passengers per boat')).toMatchObject({ kind: 'list-item', headingPath: under });
    expect(blockWith(doc, 'schedule.plan({ boats: 3 })\n  .print()')).toMatchObject({ kind: 'code', headingPath: under });
    expect(blockWith(doc, 'Gull | 25')).toMatchObject({ kind: 'table-row', header: ['Boat', 'Seats'] });
  });

  it('keeps the paragraphs of one table cell apart (Word puts a merged or multi-line cell in several)', async () => {
    const cell = (...lines: string[]) => new TableCell({ children: lines.map((l) => new Paragraph(l)) });
    const table = new Table({ rows: [new TableRow({ children: [cell('Boat'), cell('Seats')] }), new TableRow({ children: [cell('Gull'), cell('25', '18 in winter')] })] });
    const bytes = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [table] }] })));
    const d = await docxReader.read({ bytes, fileName: 'boats.docx' });
    expect(blockWith(d, 'Gull | 25 18 in winter')).toMatchObject({ kind: 'table-row', cells: ['Gull', '25 18 in winter'], header: ['Boat', 'Seats'] });
  });

  it('turns a malformed or misnamed DOCX into one line', async () => {
    const zipNotWord = new Uint8Array([0x50, 0x4b, 3, 4, ...bytes('word/ but truncated')]);
    for (const [b, name] of [
      [zipNotWord, 'cut.docx'],
      [bytes('%PDF-1.4 ...'), 'paper.docx'],
      [bytes('hello'), 'note.docx'],
    ] as const) {
      const err = await docxReader.read({ bytes: b, fileName: name }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableFileError);
      expect((err as Error).message).toMatch(/Word|docx/);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
