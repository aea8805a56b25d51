import { describe, expect, it } from 'vitest';
import { composeAccents, joinHyphenated, pdfReader } from '../../../../src/engine/readers/pdf.js';
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

  const SENTENCES = ['Boats leave the north pier.', 'Piers open at six.', 'Crews change at noon.', 'Cargo goes on the late boat.', 'Dogs travel free.'];
  it('skips running headers that carry the page number, even when their words change from chapter to chapter', async () => {
    // Printed numbers run one behind the page index (a title page first); left pages put the number first.
    const pages = [1, 2, 3, 4, 5].map((n) => ({
      lines: [
        { text: n % 2 === 0 ? `${n - 1} Harbour Manual` : `Chapter ${Math.ceil(n / 2)}: ${['Boats', 'Piers', 'Crews'][Math.floor(n / 2)]} ${n - 1}`, size: 9, at: 815 },
        { text: `${SENTENCES[n - 1]}`, gapBefore: 40 },
        { text: `Also: ${SENTENCES[5 - n]}`, gapBefore: 40 },
      ],
    }));
    const d = await pdfReader.read({ bytes: await makePdf(pages), fileName: 'manual.pdf' });
    expectWellFormed(d);
    expect(d.blocks.map((b) => d.text.slice(b.start, b.end))).toEqual(SENTENCES.map((t, i) => `${t}\nAlso: ${SENTENCES[4 - i]}`));
    const skipped = d.skipped.map((s) => [d.text.slice(s.start, s.end), s.reason]);
    expect(skipped).toContainEqual(['Chapter 2: Piers 2', 'running header or footer (with the page number)']);
    expect(skipped).toContainEqual(['3 Harbour Manual', 'running header or footer (with the page number)']);
  });

  it('keeps a paragraph whole over a page break, and the page furniture between its halves is still skipped', async () => {
    const footer = (n: number) => ({ text: `Harbour Manual ${n}`, size: 9, at: 30 });
    const d = await pdfReader.read({
      bytes: await makePdf([
        { lines: [{ text: 'Ferries leave the north pier every hour and run until', gapBefore: 40 }, footer(1)] },
        { lines: [{ text: 'midnight in the summer months.', gapBefore: 40 }, { text: 'Tickets are sold on board', gapBefore: 30 }, { text: 'and at the pier office.' }, footer(2)] },
        { lines: [{ text: 'Winter crossings stop at ten.', gapBefore: 40 }, footer(3)] },
      ]),
      fileName: 'manual.pdf',
    });
    expectWellFormed(d);
    expect(blockWith(d, 'Ferries leave the north pier every hour and run until\nmidnight in the summer months.').page).toBe(1);
    // A sentence that ended on the previous page starts a new block.
    expect(blockWith(d, 'Tickets are sold on board\nand at the pier office.').page).toBe(2);
    expect(blockWith(d, 'Winter crossings stop at ten.').page).toBe(3);
    expect(d.skipped.map((s) => d.text.slice(s.start, s.end))).toEqual(['Harbour Manual 1', 'Harbour Manual 2', 'Harbour Manual 3']);
  });

  it('joins words hyphenated at a line break unless the document writes them with a hyphen', async () => {
    const d = await pdfReader.read({
      bytes: await makePdf([
        {
          lines: [
            { text: 'The right-hand pier is closed.', gapBefore: 40 },
            { text: 'Boats leave from the left pier, as the time-', gapBefore: 40 },
            { text: 'table shows, and the right-' },
            { text: 'hand pier reopens in May with S-' },
            { text: 'Plus ferries.' },
          ],
        },
      ]),
      fileName: 'manual.pdf',
    });
    expectWellFormed(d);
    expect(blockWith(d, 'Boats leave from the left pier, as the timetable\nshows, and the right-\nhand pier reopens in May with S-\nPlus ferries.').kind).toBe('paragraph');
  });

  it('joinHyphenated moves the rest of the word up and drops a line it empties', () => {
    expect(joinHyphenated(['a sequence of pack-', 'ages, then more'], new Set())).toEqual(['a sequence of packages,', 'then more']);
    expect(joinHyphenated(['ends in a hyphen-', 'ated'], new Set())).toEqual(['ends in a hyphenated']);
    expect(joinHyphenated(['Cam-', 'bridge University Press'], new Set())).toEqual(['Cambridge', 'University Press']);
    expect(joinHyphenated(['an X-', 'ray, DBMS-', 'specific'], new Set())).toEqual(['an X-', 'ray, DBMS-', 'specific']);
    expect(joinHyphenated(['a non-', 'numeric value'], new Set(['non-numeric']))).toEqual(['a non-', 'numeric value']);
    expect(joinHyphenated(['epoch 1-', 'Jan-1970', 'x -', 'y'], new Set())).toEqual(['epoch 1-', 'Jan-1970', 'x -', 'y']);
  });

  it('on a title page only the largest type is a heading; authors and dates set large are text', async () => {
    const d = await pdfReader.read({
      bytes: await makePdf([
        { lines: [{ text: 'Ferry Manual', size: 24, gapBefore: 60 }, { text: 'Thomas Example and Ann Other', size: 16, gapBefore: 60 }, { text: 'Version 2 (May 2024)', size: 14, gapBefore: 40 }] },
        { lines: [{ text: 'Crossings', size: 16, gapBefore: 20 }, { text: 'Boats leave the north pier every hour.', gapBefore: 24 }, { text: 'Tickets are sold on board.' }, { text: 'Dogs travel free.', gapBefore: 24 }, { text: 'Bicycles too.' }] },
      ]),
      fileName: 'manual.pdf',
    });
    expectWellFormed(d);
    expect(blockWith(d, 'Ferry Manual')).toMatchObject({ kind: 'heading', headingPath: [] });
    // With one gap on the page there is no usual spacing to tell paragraphs apart: the two lines are one block.
    expect(blockWith(d, 'Thomas Example and Ann Other\nVersion 2 (May 2024)')).toMatchObject({ kind: 'paragraph', headingPath: ['Ferry Manual'] });
    expect(blockWith(d, 'Crossings')).toMatchObject({ kind: 'heading', headingPath: ['Ferry Manual'] });
    expect(blockWith(d, 'Boats leave the north pier every hour.\nTickets are sold on board.').headingPath).toEqual(['Ferry Manual', 'Crossings']);
  });

  it('puts accents that TeX sets as separate glyphs onto their letters', async () => {
    expect(composeAccents('P\u00b4eter Juh\u00b4asz, Petr Mikul\u00b4\u0131k, Fran\u00b8cois')).toBe('Péter Juhász, Petr Mikulík, François');
    expect(composeAccents('set a\u02dc 3 and x \u00b4 y')).toBe('set a\u02dc 3 and x \u00b4 y');
    const d = await pdfReader.read({ bytes: await makePdf([{ lines: [{ text: 'Thanks to Hans-Bernhard Br\u00a8oker.', gapBefore: 40 }] }]), fileName: 'm.pdf' });
    expect(d.text).toBe('Thanks to Hans-Bernhard Bröker.');
  });

  it('skips table-of-contents lines with spaced dot leaders or on a page of rising page numbers', async () => {
    const topics = ['Boats', 'Piers', 'Tickets', 'Crews', 'Weather', 'Cargo', 'Bicycles', 'Dogs', 'Night service'];
    const d = await pdfReader.read({
      bytes: await makePdf([
        { lines: [{ text: 'Contents', size: 16 }, { text: '1 Crossings . . 2' }, { text: 'Boats, index . . 2, 5' }, ...topics.map((t, i) => ({ text: `${t} ${3 + i * 2}` }))] },
        { lines: [{ text: 'Boats sail at 7, 9 and 11', gapBefore: 40 }, { text: 'Piers open at 6' }] },
      ]),
      fileName: 'manual.pdf',
    });
    expectWellFormed(d);
    const toc = d.skipped.filter((s) => s.reason === 'table of contents entry').map((s) => d.text.slice(s.start, s.end));
    expect(toc).toEqual(['1 Crossings . . 2', 'Boats, index . . 2, 5', ...topics.map((t, i) => `${t} ${3 + i * 2}`)]);
    expect(blockWith(d, 'Boats sail at 7, 9 and 11\nPiers open at 6').page).toBe(2);
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
