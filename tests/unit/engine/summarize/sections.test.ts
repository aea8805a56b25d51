import { describe, expect, it } from 'vitest';
import { fakeVector } from '../../../helpers/fake-vector.js';
import { SECTION_SEPARATOR } from '../../../../src/domain/citation.js';
import { sourceDocument } from '../../../../src/engine/chunking/document.js';
import { readHtmlText } from '../../../../src/engine/readers/html.js';
import { readMarkdownText } from '../../../../src/engine/readers/markdown.js';
import { pdfReader } from '../../../../src/engine/readers/pdf.js';
import { readPlainText } from '../../../../src/engine/readers/text.js';
import type { ReadDocument } from '../../../../src/engine/readers/types.js';
import { documentSummaryProfile, summarizeDocuments } from '../../../../src/engine/summarize/document-summaries.js';
import type { SummaryInput } from '../../../../src/engine/summarize/salient.js';
import { majorSections } from '../../../../src/engine/summarize/sections.js';
import { handbookPdf } from '../../../helpers/fixture-documents.js';


/** A document as the index build sees it: the reader's blocks, sentences, and each sentence's major section. */
function input(id: string, read: ReadDocument): SummaryInput {
  const doc = sourceDocument(id, read, { hash: 'x', bytes: 0, modifiedAt: '' });
  const sections = majorSections(doc.sentences.map((s) => doc.paragraphInfo[s.paragraph - 1]!.headingPath));
  const units = doc.sentences.map((s, i) => ({ ...s, section: sections[i] }));
  return { text: doc.text, units, vectors: units.map((u) => fakeVector(doc.text.slice(u.start, u.end))) };
}

const profile = documentSummaryProfile();
const sectionsOf = (doc: SummaryInput, picks: readonly number[]) => new Set(picks.map((i) => doc.units[i]!.section));

describe('major sections from the readers’ headingPath', () => {
  it('takes the shallowest level that splits the document, under a page title', () => {
    const t = (...p: string[]) => p.join(SECTION_SEPARATOR);
    expect(majorSections([['Guide'], ['Guide', 'Install'], ['Guide', 'Install', 'npm'], ['Guide', 'Configure']])).toEqual([
      undefined,
      t('Guide', 'Install'),
      t('Guide', 'Install'),
      t('Guide', 'Configure'),
    ]);
    expect(majorSections([[], ['Install'], ['Configure']])).toEqual([undefined, 'Install', 'Configure']);
  });

  it('finds none in a news article with a headline only, or without headings', () => {
    expect(majorSections([[], ['Headline'], ['Headline']])).toEqual([undefined, undefined, undefined]);
    expect(majorSections([[], []])).toEqual([undefined, undefined]);
    const article = input('news.txt', readPlainText('Harbour bridge to close\n\nThe council voted to close the bridge on Tuesday after engineers found cracks.\n\nRepairs will take eighteen months and cost $40 million, the mayor said.', 'news.txt'));
    expect(article.units.every((u) => u.section === undefined)).toBe(true);
  });
});

describe('page summaries cover the sections of a page that has several', () => {
  const markdown = [
    '# Guide',
    '',
    'This guide explains how to install, configure and deploy the site generator in a few steps.',
    '',
    '## Installing',
    '',
    'Install the package with npm and pin the version in your lockfile. The installer needs Node 20 or newer to run. It checks the version of Node before it starts.',
    '',
    '## Configuring',
    '',
    'Write the settings into a config file at the root of the project. Every setting has a default value that works for most projects.',
    '',
    '### Environment variables',
    '',
    'Variables prefixed with SITE_ are exposed to the client code at build time.',
    '',
    '## Deploying',
    '',
    'Build the site with the build command and copy the output folder to any static host. The output folder holds plain files only.',
  ].join('\n');

  it('Markdown: one line per major (##) section, the ### under its ##', () => {
    const doc = input('guide.md', readMarkdownText(markdown, 'guide.md'));
    const s = (name: string) => `Guide${SECTION_SEPARATOR}${name}`;
    expect(new Set(doc.units.map((u) => u.section))).toEqual(new Set([undefined, s('Installing'), s('Configuring'), s('Deploying')]));
    const [picks] = summarizeDocuments([doc], profile);
    expect(sectionsOf(doc, picks!.short)).toEqual(new Set([s('Installing'), s('Configuring'), s('Deploying')]));
    for (const length of ['medium', 'long'] as const) for (const name of ['Installing', 'Configuring', 'Deploying']) expect(sectionsOf(doc, picks![length])).toContain(s(name));
  });

  it('HTML: sections from <h2> headings', () => {
    const html = `<html><head><title>Ferries</title></head><body><h1>Ferries</h1>
      <h2>Timetable</h2><p>The harbour runs three ferries every hour between the two piers. The first boat leaves at six in the morning.</p>
      <h2>Tickets</h2><p>Tickets are sold on board and at the pier office. Children under five travel free on every crossing.</p>
      <h2>Weather</h2><p>Boats do not sail when the wind exceeds force eight. Cancellations are posted at the pier by seven.</p></body></html>`;
    const doc = input('ferries.html', readHtmlText(html, 'ferries.html'));
    const [picks] = summarizeDocuments([doc], profile);
    expect([...sectionsOf(doc, picks!.medium)].map((s) => s?.split(SECTION_SEPARATOR).at(-1)).sort()).toEqual(['Tickets', 'Timetable', 'Weather']);
  });

  it('PDF: sections from headings found by font size', async () => {
    const read = await pdfReader.read({ bytes: await handbookPdf(3), fileName: 'handbook.pdf' });
    const doc = input('handbook.pdf', read);
    const sections = new Set(doc.units.map((u) => u.section).filter(Boolean));
    expect(sections.size).toBeGreaterThanOrEqual(3);
    const [picks] = summarizeDocuments([doc], profile);
    expect(sectionsOf(doc, picks!.long).size).toBeGreaterThanOrEqual(3);
    for (const i of picks!.long) expect(doc.text).toContain(doc.text.slice(doc.units[i]!.start, doc.units[i]!.end));
  });
});
