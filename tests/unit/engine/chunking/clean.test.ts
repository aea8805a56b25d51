import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyUnit, cleanDocument } from '../../../../src/engine/chunking/clean.js';
import { documentFromText as buildDocument } from '../../../helpers/documents.js';
import { CORPUS_DIR } from '../../../helpers/engine.js';
import { chromeIn } from '../../../helpers/chrome.js';

const meta = { hash: 'x', bytes: 0, modifiedAt: '' };

describe('site chrome in the seed corpus', () => {
  const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt'));

  it.each(files)('%s keeps the article and drops the chrome, without changing offsets', (file) => {
    const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const doc = buildDocument(file, text, meta);
    expect(doc.paragraphs.length).toBeGreaterThan(8);
    for (const p of doc.paragraphs) {
      const para = text.slice(p.start, p.end);
      expect(chromeIn(para), para).toEqual([]);
      expect(para.trim()).toBe(para);
    }
    for (const s of doc.sentences) expect(s.contextStart).toBeLessThanOrEqual(s.start);
    expect(chromeIn(doc.title)).toEqual([]);
  });

  it('titles come from the headline, or from the lead when there is none', () => {
    const titles = files.map((f) => buildDocument(f, readFileSync(path.join(CORPUS_DIR, f), 'utf8'), meta).title);
    expect(titles).toContain('It’s time to talk to Russia');
    expect(titles).toContain('Good news: Former US officials reportedly open talks with Moscow');
    const dateline = titles.find((t) => t.startsWith('NUSA DUA'));
    expect(dateline!.length).toBeLessThanOrEqual(91);
  });

  it('drops a paywall preview that repeats the opening paragraphs', () => {
    const text = readFileSync(path.join(CORPUS_DIR, '003_e3ec1e54c157f832.txt'), 'utf8');
    const doc = buildDocument('003', text, meta);
    const paras = doc.paragraphs.map((p) => text.slice(p.start, p.end));
    expect(paras.filter((p) => p.startsWith('Defense Secretary Lloyd Austin'))).toHaveLength(1);
    expect(paras.some((p) => p.endsWith('the reason why so…'))).toBe(false);
  });
});

describe('chrome rules on text that is not in the corpus', () => {
  const article = [
    'Harbour towns rethink their ferries',
    '',
    'Share',
    'Text Size',
    'Small',
    'Large',
    '',
    'The council voted on Tuesday to replace the ageing ferry fleet with electric boats by 2030.',
    '',
    'Read also: Ten beaches you must visit this summer',
    '',
    'Residents welcomed the decision, although some worried about ticket prices rising again.',
    '',
    'Advertisement',
    '',
    'The mayor said the first boat would sail in spring. (Photo by Jane Doe/Reuters)',
    '',
    'Officials expect the new boats to cut fuel costs by half over the coming decade.',
    '',
    'Related Articles',
    '',
    'A completely different story about mountain goats that climb dams.',
    '',
    'Sign up for our newsletter and never miss a story.',
  ].join('\n');

  it('keeps only the article paragraphs, as exact spans of the original text', () => {
    const doc = cleanDocument(article);
    const paras = doc.paragraphs.map((p) => article.slice(p.start, p.end));
    expect(doc.title).toBe('Harbour towns rethink their ferries');
    expect(paras).toEqual([
      'The council voted on Tuesday to replace the ageing ferry fleet with electric boats by 2030.',
      'Residents welcomed the decision, although some worried about ticket prices rising again.',
      'Officials expect the new boats to cut fuel costs by half over the coming decade.',
    ]);
  });

  it('drops trailing teaser blocks: title, credit, blurb, "Keep reading"', () => {
    const text = [
      'Main story headline',
      '',
      'First paragraph of the real article explains what happened in the city council meeting.',
      '',
      'Second paragraph of the real article gives the reactions of residents and local businesses.',
      '',
      'Third paragraph of the real article closes with what happens next for the project.',
      '',
      'Photo: John Smith/AP',
      'Another headline about something else entirely',
      'Economy',
      'A teaser blurb for a different article about interest rates and house prices.',
      'Keep reading',
      'Yet another teaser headline',
      'Top image credit: someone / Shutterstock.com',
      'Is this the question a teaser asks?',
      'Culture',
      'A second teaser blurb about a film festival that has nothing to do with councils.',
      'Keep readingShow less',
    ].join('\n');
    const doc = cleanDocument(text);
    const paras = doc.paragraphs.map((p) => text.slice(p.start, p.end));
    expect(paras).toHaveLength(3);
    expect(paras.join(' ')).not.toMatch(/teaser|interest rates|film festival/);
  });

  it('keeps hard-wrapped prose as one paragraph', () => {
    const text = 'A title\n\nThis paragraph is wrapped at a fixed width, the way old\ntext files and e-books are, so that one sentence\nruns over several lines.\n\nA second paragraph follows here and it is also long enough.\n';
    const doc = cleanDocument(text);
    expect(doc.paragraphs).toHaveLength(2);
    expect(text.slice(doc.paragraphs[0]!.start, doc.paragraphs[0]!.end)).toContain('one sentence\nruns over');
  });

  it('reads Markdown titles from front matter or the first heading', () => {
    const fm = '---\ntitle: "Field notes"\ndate: 2024-01-01\n---\n\n# Ignored heading\n\nBody text of the notes is here and it is long enough to count.\n';
    expect(cleanDocument(fm, { markdown: true }).title).toBe('Field notes');
    const h = '# Heading title\n\nBody text of the notes is here and it is long enough to count.\n\n```\ncode()\n```\n';
    const doc = cleanDocument(h, { markdown: true });
    expect(doc.title).toBe('Heading title');
    expect(doc.paragraphs).toHaveLength(1);
  });

  it.each([
    ['Advertisement', 'widget'],
    ['Leave a Reply', 'widget'],
    ['Lire Aussi :  Something happened elsewhere', 'teaser'],
    ['Related Articles', 'section-start'],
    ['Keep reading', 'end-marker'],
    ['Stay informed by joining our newsletter today', 'promo'],
    ['Opinion | Global Affairs', 'label'],
    ['A sentence of real prose, which ends with a full stop.', 'prose'],
  ] as const)('classifies %j as %s', (line, kind) => {
    expect(classifyUnit(line)).toBe(kind);
  });
});

describe('Markdown documents', () => {
  const readme = [
    '[![Build Status](https://ci.example.com/badge.svg)](https://ci.example.com)',
    '',
    '# Harbour Tools',
    '',
    'Harbour Tools is a small library that schedules ferries and',
    'computes tide tables for coastal towns, without any network access.',
    '',
    '```js',
    'const schedule = harbour.plan({ boats: 3 });',
    '```',
    '',
    '- Plans crossings for up to twelve boats at once.',
    '- Exports timetables as CSV files for printing.',
    '',
    '| option | default |',
    '|---|---|',
    '',
    '[docs]: https://docs.example.com',
  ].join('\n');

  it('takes the first heading as title, joins wrapped lines, and leaves out code, badges, tables and link definitions', () => {
    const doc = buildDocument('harbour.md', readme, meta);
    expect(doc.title).toBe('Harbour Tools');
    const sentences = doc.sentences.map((s) => readme.slice(s.start, s.end));
    expect(sentences[0]).toBe('Harbour Tools is a small library that schedules ferries and\ncomputes tide tables for coastal towns, without any network access.');
    expect(sentences.join(' ')).not.toMatch(/const schedule|badge|option \| default|docs\.example/);
    expect(sentences).toContain('- Plans crossings for up to twelve boats at once.');
  });
});
