import { describe, expect, it } from 'vitest';
import { pdfReader } from '../../../../src/engine/readers/pdf.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';
import { handbookPdf, makePdf } from '../../../helpers/fixture-documents.js';
import { blockWith, bytes, expectWellFormed } from './helpers.js';

describe('pdf reader', async () => {
  const doc = await pdfReader.read({ bytes: await handbookPdf(), fileName: 'handbook.pdf' });

  it('rebuilds paragraphs from lines and gaps, with a page on every block', () => {
    expectWellFormed(doc);
    expect(doc.pages).toBe(2);
    expect(doc.title).toBe('Ferry Handbook');
    expect(doc.blocks.every((b) => b.page === 1 || b.page === 2)).toBe(true);
    expect(blockWith(doc, 'The harbour runs three ferries every hour between the two\npiers, from six in the morning until midnight.')).toMatchObject({
      kind: 'paragraph',
      page: 1,
      headingPath: ['Ferry Handbook', 'Crossings 1'],
    });
    expect(blockWith(doc, 'Tickets are sold on board and at the pier office.').kind).toBe('paragraph');
  });

  it('finds headings by size, list items by bullets, code by a monospace font', () => {
    expect(blockWith(doc, 'Ferry Handbook')).toMatchObject({ kind: 'heading', page: 1, headingPath: [] });
    expect(blockWith(doc, 'Limits')).toMatchObject({ kind: 'heading', page: 2, headingPath: ['Ferry Handbook'] });
    expect(blockWith(doc, 'Boats do not sail when the wind exceeds force eight.')).toMatchObject({ page: 2, headingPath: ['Ferry Handbook', 'Limits'] });
    expect(blockWith(doc, '• Up to 25 passengers per boat').kind).toBe('list-item');
    expect(blockWith(doc, '• Bicycles travel free, folding ones\nalso on the night boats').kind).toBe('list-item');
    expect(blockWith(doc, 'Dogs must stay on a lead.').kind).toBe('paragraph');
    expect(doc.blocks.find((b) => b.kind === 'code' && doc.text.slice(b.start, b.end).startsWith('schedule.plan({ boats: 3 })'))).toBeDefined();
  });

  it('skips running headers, footers, page numbers and table-of-contents lines with a reason', async () => {
    const pages = [1, 2, 3].map((n) => ({
      lines: [
        { text: 'Harbour Board Annual Report', size: 9, at: 815 },
        ...(n === 1 ? [{ text: '2 Crossings . . . . . . . . . . . . . 14', gapBefore: 40 }] : []),
        { text: `Section ${n} explains how the ferries were run during the year.`, gapBefore: 40 },
        { text: `Page ${n} of 3`, size: 9, at: 30 },
      ],
    }));
    const d = await pdfReader.read({ bytes: await makePdf(pages), fileName: 'report.pdf' });
    expectWellFormed(d);
    expect(d.blocks.map((b) => [d.text.slice(b.start, b.end), b.page])).toEqual([1, 2, 3].map((n) => [`Section ${n} explains how the ferries were run during the year.`, n]));
    const skipped = d.skipped.map((s) => [d.text.slice(s.start, s.end), s.reason]);
    expect(skipped).toContainEqual(['Harbour Board Annual Report', 'running header or footer (repeated on most pages)']);
    expect(skipped).toContainEqual(['Page 2 of 3', 'page number']);
    expect(skipped).toContainEqual(['2 Crossings . . . . . . . . . . . . . 14', 'table of contents entry']);
  });

  it('says a PDF without a text layer needs OCR', async () => {
    const scanned = await makePdf([{ lines: [] }]);
    await expect(pdfReader.read({ bytes: scanned, fileName: 'scan.pdf' })).rejects.toThrow(
      'PDF has no text layer (scanned?): run OCR (e.g. ocrmypdf) and add the result',
    );
  });

  it('turns a malformed PDF into one line, not a crash', async () => {
    for (const [b, name] of [
      [bytes('%PDF-1.7\nthis is not really a pdf'), 'broken.pdf'],
      [bytes('plain text, not a PDF'), 'fake.pdf'],
      [new Uint8Array(0), 'empty.pdf'],
    ] as const) {
      const err = await pdfReader.read({ bytes: b, fileName: name }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableFileError);
      expect((err as Error).message).toMatch(/PDF|empty/);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
