import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlainText, textReader } from '../../../../src/engine/readers/text.js';
import { UnreadableFileError } from '../../../../src/engine/readers/types.js';
import { CORPUS_DIR } from '../../../helpers/engine.js';
import { chromeIn } from '../../../helpers/chrome.js';
import { blockWith, bytes, expectWellFormed, show } from './helpers.js';

describe('text reader on the seed corpus (scraped news)', () => {
  const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt'));

  it.each(files)('%s: chrome is skipped with a reason, nothing quotable is chrome', (file) => {
    const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const doc = readPlainText(text, file);
    expectWellFormed(doc);
    expect(doc.blocks.filter((b) => b.kind === 'paragraph').length).toBeGreaterThan(8);
    // Headings are not quoted; every other block is, so none may be chrome.
    for (const b of doc.blocks.filter((x) => x.kind !== 'heading')) expect(chromeIn(show(doc, b)), show(doc, b)).toEqual([]);
    for (const s of doc.skipped) expect(s.reason).not.toBe('');
  });

  it('keeps a prose headline quotable instead of swallowing it as the title', () => {
    const file = files.find((f) => f.startsWith('000'))!;
    const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const doc = readPlainText(text, file);
    const first = text.split('\n')[0]!;
    expect(blockWith(doc, first).kind).toBe('paragraph');
    expect(doc.title).toBe(first);
  });
});

describe('text reader on text that is not in the corpus', () => {
  const notes = [
    'Harbour Rules', // 1
    '',
    'The ferry leaves from pier two every hour, weather permitting.',
    '',
    'What to bring', // 5
    '- A valid ticket',
    '- Your bicycle',
    '',
    'Pets travel free', // 9
    '',
    'Dogs must be kept on a lead at all times while on board the ferry.',
    '',
    'Advertisement', // 13
    '',
    'Crossings take twenty minutes in calm weather and longer in winter storms.',
  ].join('\n');

  it('keeps list items and short paragraphs inside the article as blocks; only demonstrable headings are headings', () => {
    const doc = readPlainText(notes, 'rules.txt');
    expectWellFormed(doc);
    expect(blockWith(doc, 'Harbour Rules').kind).toBe('heading');
    expect(blockWith(doc, '- A valid ticket')).toMatchObject({ kind: 'list-item', lines: [6, 6] });
    expect(blockWith(doc, '- Your bicycle').kind).toBe('list-item');
    expect(blockWith(doc, 'Pets travel free').kind).toBe('paragraph');
    expect(blockWith(doc, 'What to bring').kind).toBe('paragraph');
    expect(doc.skipped.map((s) => notes.slice(s.start, s.end))).toEqual(['Advertisement']);
    expect(doc.title).toBe('Harbour Rules');
  });

  it('treats ALL CAPS and # lines as section headings for the blocks that follow', () => {
    const text = 'Ferry notes\n\nThe first paragraph is about the harbour and its boats.\n\nTIMETABLE\n\nBoats leave every hour from the north pier.\n';
    const doc = readPlainText(text, 'n.txt');
    expect(blockWith(doc, 'TIMETABLE').kind).toBe('heading');
    expect(blockWith(doc, 'Boats leave every hour from the north pier.').headingPath).toEqual(['Ferry notes', 'TIMETABLE']);
  });

  it('names what a misnamed file is: a PDF renamed .txt gets no "re-save as UTF-8" advice', async () => {
    const err = await textReader.read({ bytes: bytes('%PDF-1.4\n1 0 obj'), fileName: 'paper.txt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toBe('file is a PDF document, not text: rename it to paper.pdf so it is read as one');
    const docx = new Uint8Array([0x50, 0x4b, 3, 4, ...bytes('[Content_Types].xml word/document.xml')]);
    expect(((await textReader.read({ bytes: docx, fileName: 'a.txt' }).catch((e: unknown) => e)) as Error).message).toMatch(/Word document.*a\.docx/);
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(((await textReader.read({ bytes: latin1, fileName: 'b.txt' }).catch((e: unknown) => e)) as Error).message).toMatch(/UTF-8/);
  });
});
