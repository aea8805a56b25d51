/**
 * Documents generated in the tests (never fetched): a PDF with pdf-lib and a DOCX with docx,
 * each with headings, paragraphs, list items and (DOCX) a table. `scale` repeats the body for
 * reading-time measurements.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PdfPage {
  /** Lines top to bottom; `gapBefore` (in points) above the line, default one line. */
  lines: { text: string; size?: number; gapBefore?: number; mono?: boolean; x?: number; /** Absolute baseline, for headers and footers. */ at?: number }[];
}

export async function makePdf(pages: PdfPage[], opts: { title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (opts.title) doc.setTitle(opts.title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const mono = await doc.embedFont(StandardFonts.Courier);
  for (const p of pages) {
    const page = doc.addPage([595, 842]);
    let y = 800;
    for (const line of p.lines) {
      const size = line.size ?? 11;
      if (line.at !== undefined) {
        page.drawText(line.text, { x: 50, y: line.at, size, font });
        continue;
      }
      y -= line.gapBefore ?? size * 1.3;
      if (y < 40) throw new Error('fixture page overflow: split the lines over more pages');
      page.drawText(line.text, { x: line.x ?? 50, y, size, font: line.mono ? mono : font });
    }
  }
  return doc.save();
}

/** The standard PDF fixture: two pages, headings, paragraphs, a list and code. */
export function handbookPdf(repeat = 1): Promise<Uint8Array> {
  const body = (n: number): PdfPage['lines'] => [
    { text: `Crossings ${n}`, size: 16, gapBefore: 30 },
    { text: 'The harbour runs three ferries every hour between the two', gapBefore: 24 },
    { text: 'piers, from six in the morning until midnight.' },
    { text: 'Tickets are sold on board and at the pier office.', gapBefore: 24 },
    { text: '• Up to 25 passengers per boat', gapBefore: 24 },
    { text: '• Bicycles travel free, folding ones', gapBefore: 14.3 },
    { text: 'also on the night boats', x: 60 },
    { text: 'Dogs must stay on a lead.' },
    { text: 'schedule.plan({ boats: 3 })', mono: true, gapBefore: 24 },
    { text: '  .print()', mono: true },
  ];
  const pages: PdfPage[] = [{ lines: [{ text: 'Ferry Handbook', size: 22, gapBefore: 10 }, ...body(1)] }];
  pages.push({
    lines: [
      { text: 'Limits', size: 16, gapBefore: 10 },
      { text: 'Boats do not sail when the wind exceeds force eight.', gapBefore: 24 },
    ],
  });
  for (let i = 2; i <= repeat; i++) pages.push({ lines: body(i) });
  return makePdf(pages, { title: 'Ferry Handbook' });
}

/** The standard DOCX fixture: headings, a paragraph, a bullet list, code (a 'Code' paragraph style) and a table. */
export async function handbookDocx(repeat = 1): Promise<Uint8Array> {
  const body = (n: number) => [
    new Paragraph({ text: `Crossings ${n}`, heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ children: [new TextRun('The harbour runs three ferries every hour between the two piers.')] }),
    new Paragraph({ text: 'Up to 25 passengers per boat', bullet: { level: 0 } }),
    new Paragraph({ text: 'Bicycles travel free', bullet: { level: 0 } }),
    new Paragraph({ text: 'schedule.plan({ boats: 3 })', style: 'Code' }),
    new Paragraph({ text: '  .print()', style: 'Code' }),
    new Table({
      rows: [
        ['Boat', 'Seats'],
        ['Gull', '25'],
        ['Tern', '18'],
      ].map((cells) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) })),
    }),
  ];
  const doc = new Document({
    styles: { paragraphStyles: [{ id: 'Code', name: 'Code', basedOn: 'Normal', run: { font: 'Courier New' } }] },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Ferry Handbook', heading: HeadingLevel.HEADING_1 }),
          ...Array.from({ length: repeat }, (_, i) => body(i + 1)).flat(),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
