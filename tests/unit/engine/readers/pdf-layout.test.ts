/**
 * Layouts of real papers and manuals, made up small: footnote markers, two columns, tables set
 * with column gaps, TeX's indented paragraphs, alternating running headers, a paper's byline.
 * Each PDF places its text pieces itself (x, baseline, size), as TeX and Word do.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfReader } from '../../../../src/engine/readers/pdf.js';
import { isTableRow } from '../../../../src/engine/readers/common.js';
import type { ReadDocument } from '../../../../src/engine/readers/types.js';
import { blockWith, expectWellFormed, show } from './helpers.js';

interface Piece {
  text: string;
  x: number;
  y: number;
  size?: number;
}

/** One page per array of pieces; pieces are drawn in the order given (the content stream's order). */
async function placedPdf(pages: Piece[][]): Promise<ReadDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const pieces of pages) {
    const page = doc.addPage([595, 842]);
    for (const p of pieces) page.drawText(p.text, { x: p.x, y: p.y, size: p.size ?? 10, font });
  }
  const read = await pdfReader.read({ bytes: await doc.save(), fileName: 'paper.pdf' });
  expectWellFormed(read);
  return read;
}

/** Lines of running text from (x, y) down, 12 points apart. */
const column = (x: number, y: number, lines: string[]): Piece[] => lines.map((text, i) => ({ text, x, y: y - 12 * i }));
/** The x just after `text` set at `x` in 10-point Helvetica (close enough for gluing a marker to a word). */
const after = async (text: string, x: number, size = 10) => x + (await PDFDocument.create().then((d) => d.embedFont(StandardFonts.Helvetica))).widthOfTextAtSize(text, size);

describe('pdf reader on real-world layouts', () => {
  it('drops a raised footnote marker glued to a word when the page has that footnote, and keeps exponents', async () => {
    const body = 'Objects are written to a file called .RData';
    const unit = 'The hall holds 40 m';
    const d = await placedPdf([
      [
        { text: body, x: 50, y: 700 },
        { text: '5', x: await after(body, 50), y: 704, size: 7 },
        { text: ' in the current directory.', x: (await after(body, 50)) + 4, y: 700 },
        { text: unit, x: 50, y: 688 },
        { text: '2', x: await after(unit, 50), y: 692, size: 7 },
        { text: ' of floor.', x: (await after(unit, 50)) + 4, y: 688 },
        { text: '5', x: 50, y: 84, size: 7 },
        { text: 'The leading dot hides the file.', x: 56, y: 80, size: 9 },
        { text: '2', x: 50, y: 72, size: 7 },
        { text: 'Measured in 2020.', x: 56, y: 68, size: 9 },
      ],
    ]);
    const text = d.blocks.map((b) => show(d, b));
    expect(text).toContain('Objects are written to a file called .RData in the current directory.\nThe hall holds 40 m2 of floor.');
    expect(text.join('\n')).toContain('5 The leading dot hides the file.');
  });

  it('reads two columns one after the other and keeps a sentence whole across the column break', async () => {
    const left = ['Ferries leave the north pier every', 'hour and run until midnight in the', 'summer; in winter they stop at'];
    const right = ['ten at night.', 'Tickets are sold on board.'];
    // Both columns share baselines: a reader that sorted by y would interleave them.
    const d = await placedPdf([[...column(50, 700, left), ...column(310, 700, right)]]);
    expect(show(d, d.blocks[0]!)).toBe(`${left.join('\n')}\nten at night.`);
    expect(d.blocks.every((b) => !/every .*ten|pier .*Tickets/.test(show(d, b)))).toBe(true);
  });

  it('reads lines set in aligned columns as table rows with the first row as header, and a lone wide space as text', async () => {
    const row = (y: number, cells: string[]): Piece[] => cells.map((text, i) => ({ text, x: [60, 160, 260][i]!, y }));
    const d = await placedPdf([
      [
        { text: 'Boats in service this year:', x: 50, y: 720 },
        ...row(700, ['Boat', 'Seats', 'Built']),
        ...row(688, ['Gull', '25', '1998']),
        ...row(676, ['Tern', '18', '2004']),
        { text: 'The timetable changes in May.', x: 50, y: 650 },
        { text: 'Ask at', x: 50, y: 638 },
        { text: 'the office.', x: 100, y: 638 },
      ],
    ]);
    expect(blockWith(d, 'Tern | 18 | 2004')).toMatchObject({ kind: 'table-row', cells: ['Tern', '18', '2004'], header: ['Boat', 'Seats', 'Built'] });
    expect(blockWith(d, 'Boat | Seats | Built').kind).toBe('table-row');
    expect(d.blocks.filter(isTableRow)).toHaveLength(3);
    expect(blockWith(d, 'The timetable changes in May.\nAsk at the office.').kind).toBe('paragraph');
  });

  it('keeps a definition table row whole when its description wraps under the last cell', async () => {
    const d = await placedPdf([
      [
        { text: 'R-help', x: 60, y: 700 },
        { text: 'The main list, for problems encoun-', x: 160, y: 700 },
        { text: 'tered using R.', x: 160, y: 688 },
        { text: 'R-devel', x: 60, y: 676 },
        { text: 'Questions about code development.', x: 160, y: 676 },
      ],
    ]);
    expect(blockWith(d, 'R-help | The main list, for problems encountered\nusing R.')).toMatchObject({ kind: 'table-row', cells: ['R-help', 'The main list, for problems encountered using R.'] });
  });

  it('starts a new paragraph at an indented first line after a finished sentence, as TeX sets them', async () => {
    const d = await placedPdf([
      [
        { text: 'Objects are saved when the session ends.', x: 50, y: 700 },
        { text: 'When R starts again it reloads them from', x: 65, y: 688 },
        { text: 'the same directory.', x: 50, y: 676 },
      ],
    ]);
    expect(d.blocks.map((b) => show(d, b))).toEqual(['Objects are saved when the session ends.', 'When R starts again it reloads them from\nthe same directory.']);
  });

  it('starts a new paragraph after a short line that ends a sentence and a little extra space (LaTeX parskip)', async () => {
    const lines = ['Commands may go on over several lines when each line but the', 'last ends with a backslash.', 'For help on any topic, type help and the topic.'];
    const d = await placedPdf([[{ text: lines[0]!, x: 50, y: 700 }, { text: lines[1]!, x: 50, y: 688 }, { text: lines[2]!, x: 50, y: 673 }]]);
    expect(d.blocks.map((b) => show(d, b))).toEqual([`${lines[0]}\n${lines[1]}`, lines[2]]);
  });

  it('keeps an indented one-line lead-in ("For example") with the paragraph before the example it introduces', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const mono = await doc.embedFont(StandardFonts.Courier);
    const page = doc.addPage([595, 842]);
    page.drawText('If neither is given, the default by=1 is assumed.', { x: 50, y: 700, size: 10, font });
    page.drawText('For example', { x: 65, y: 684, size: 10, font });
    page.drawText('> seq(-5, 5, by=.2)', { x: 65, y: 668, size: 10, font: mono });
    const d = await pdfReader.read({ bytes: await doc.save(), fileName: 'intro.pdf' });
    expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
      ['paragraph', 'If neither is given, the default by=1 is assumed.\nFor example'],
      ['code', '> seq(-5, 5, by=.2)'],
    ]);
  });

  it('reads numbered section titles set in body size but another font as headings, one level per number part', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    const page = doc.addPage([595, 842]);
    const lines: [string, boolean][] = [
      ['1. INTRODUCTION', true],
      ['The class typesets papers with margins and fonts that follow', false],
      ['the specifications for conference papers.', false],
      ['1.1 Essential Commands', true],
      ['Fill in the fields at the top of the file first.', false],
      ['2. TABLES', true],
      ['Table captions go above tables.', false],
      ['3. Numbered item in body type', false],
      ['4. Quoting', true],
      ['By default strings are quoted.', false],
    ];
    // Titles a little smaller than the body, as asmeconf sets its sans-serif bold.
    lines.forEach(([text, isBold], i) => page.drawText(text, { x: 50, y: 700 - 16 * i, size: isBold ? 9.1 : 10, font: isBold ? bold : font }));
    const d = await pdfReader.read({ bytes: await doc.save(), fileName: 'paper.pdf' });
    expect(blockWith(d, '1. INTRODUCTION')).toMatchObject({ kind: 'heading', headingPath: [] });
    expect(blockWith(d, 'The class typesets papers with margins and fonts that follow\nthe specifications for conference papers.')).toMatchObject({ kind: 'paragraph', headingPath: ['1. INTRODUCTION'] });
    expect(blockWith(d, 'Fill in the fields at the top of the file first.').headingPath).toEqual(['1. INTRODUCTION', '1.1 Essential Commands']);
    expect(blockWith(d, 'Table captions go above tables.').headingPath).toEqual(['2. TABLES']);
    expect(blockWith(d, '3. Numbered item in body type').kind).toBe('list-item');
    // A bold lead word of an enumerated item ("4. Quoting") is not a section title: top-level titles are in capitals.
    expect(d.blocks.find((b) => show(d, b).startsWith('4. Quoting'))).toMatchObject({ kind: 'list-item', headingPath: ['2. TABLES'] });
  });

  it('goes on over a word hyphenated after a bullet, and a number inside a running sentence opens no list item', async () => {
    const d = await placedPdf([
      [
        { text: '• Computer systems organization; Re-', x: 50, y: 700 },
        { text: 'dundancy; Robotics.', x: 50, y: 688 },
        { text: 'A video game is cited twice, as (Case', x: 50, y: 664 },
        { text: '1) and as (Case 2), in the same line.', x: 50, y: 652 },
      ],
    ]);
    expect(blockWith(d, '• Computer systems organization; Redundancy;\nRobotics.').kind).toBe('list-item');
    expect(blockWith(d, 'A video game is cited twice, as (Case\n1) and as (Case 2), in the same line.').kind).toBe('paragraph');
  });

  it('keeps a list item whole when its bullet is set flush with the lines that wrap under it', async () => {
    // Generated manuals set "* " at the margin and wrap the item's text back to that margin.
    const d = await placedPdf([
      [
        ...column(50, 700, [
          '* Departure times are counted in days from the opening of the line on 1-',
          'May-1970. Earlier timetables counted from the first boat. The office has',
          'printed copies.',
          '* Bicycles travel free.',
        ]),
        { text: 'Tickets are sold on board.', x: 50, y: 640 },
      ],
    ]);
    expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
      ['list-item', '* Departure times are counted in days from the opening of the line on 1-\nMay-1970. Earlier timetables counted from the first boat. The office has\nprinted copies.'],
      ['list-item', '* Bicycles travel free.'],
      ['paragraph', 'Tickets are sold on board.'],
    ]);
  });

  const WORDS = ['Boats', 'Piers', 'Crews', 'Cargo', 'Tickets', 'Weather'];
  it('skips running headers that alternate between left and right pages', async () => {
    const pages = [1, 2, 3, 4, 5, 6].map((n) => [
      ...(n > 1 ? [{ text: n % 2 ? 'The Name of the Title' : 'Conference XX, Trovato et al.', x: 50, y: 800, size: 8 }] : []),
      { text: `${WORDS[n - 1]} is what this page is about.`, x: 50, y: 700 },
    ]);
    const d = await placedPdf(pages);
    expect(d.blocks.map((b) => show(d, b))).toEqual(WORDS.map((w) => `${w} is what this page is about.`));
    expect(d.skipped.map((s) => show(d, s as never))).toContain('The Name of the Title');
  });

  it('a paper byline (sizes used only on page 1, above every section heading) is text, not headings', async () => {
    const d = await placedPdf([
      [
        { text: 'Ferries of the North Sea Coast', x: 50, y: 780, size: 20 },
        { text: 'Ada Tern', x: 50, y: 750, size: 14 },
        { text: '1 Introduction', x: 50, y: 720, size: 12 },
        ...column(50, 700, ['Ferries connect the islands.', 'They carry cars and bicycles.', 'Most of them run all year.']),
      ],
      [
        { text: '2 Timetables', x: 50, y: 780, size: 12 },
        ...column(50, 760, ['Boats leave every hour.', 'The last boat leaves at ten.', 'Sundays have fewer boats.']),
      ],
    ]);
    expect(blockWith(d, 'Ada Tern').kind).toBe('paragraph');
    expect(blockWith(d, 'Boats leave every hour.\nThe last boat leaves at ten.\nSundays have fewer boats.').headingPath).toEqual(['Ferries of the North Sea Coast', '2 Timetables']);
  });
});
