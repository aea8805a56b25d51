/** The facade end to end on a tiny corpus with the fake embedder: no model is loaded. */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnknownDocumentError } from '../../../src/engine/documents.js';
import type { AskTimings, Engine } from '../../../src/engine/engine.js';
import { openFakeEngine, TINY_CORPUS, writeCorpus } from '../../helpers/fake-engine.js';
import { handbookPdf } from '../../helpers/fixture-documents.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openFakeEngine();
});

describe('ask', () => {
  it('answers with quotes that are exact substrings of the cited document', async () => {
    const a = await engine.ask('When does the ferry to Lumen Island leave the harbour?');
    expect(a.answered).toBe(true);
    const c = a.citations[0]!;
    expect(c.quote).toContain('leaves the harbour every morning at seven');
    expect(c.document).toBe('harbour.txt');
    expect(TINY_CORPUS['harbour.txt']!.slice(c.start, c.end)).toBe(c.quote);
    expect(c.title).toBe('The Harbour Ferry Timetable');
  });

  it('says the documents do not answer, and suggests documents, when nothing is close', async () => {
    const a = await engine.ask('What is the capital of Peru?');
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.message).toMatch(/do not seem to answer/);
    expect(a.suggestions.length).toBeGreaterThan(0);
  });

  it('refuses empty and symbol-only input with a reason, without searching', async () => {
    expect((await engine.ask('   ')).message).toMatch(/empty/);
    expect((await engine.ask('🙂 ???')).message).toMatch(/words/);
  });

  it('fills the timing hooks the bench reads', async () => {
    const t = {} as AskTimings;
    await engine.ask('Who has commanded the ferry since 2011?', { timings: t });
    for (const k of ['embed', 'lexical', 'dense', 'passages', 'compose', 'total'] as const) expect(t[k]).toBeGreaterThanOrEqual(0);
    expect(t.total).toBeGreaterThanOrEqual(t.embed);
  });
});

describe('cite', () => {
  it('finds the passage behind a claim typed in another case and with curly quotes', async () => {
    const a = await engine.cite('“the ferry to lumen island leaves the harbour every morning”');
    expect(a.answered).toBe(true);
    expect(a.citations[0]!.quote).toBe('The ferry to Lumen Island leaves the harbour every morning at seven.');
    expect(a.citations[0]!.score).toBe(1);
  });

  it('finds a misspelled claim by its wording', async () => {
    const a = await engine.cite('Captian Ilse Marlow has comanded the ferry since 2011');
    expect(a.citations[0]!.quote).toBe('Captain Ilse Marlow has commanded the ferry since 2011.');
  });

  it('reports an unrelated claim as unsupported', async () => {
    const a = await engine.cite('Penguins migrate across the desert in July');
    expect(a.answered).toBe(false);
    expect(a.message).toMatch(/Nothing in the documents supports this/);
  });
});

describe('documents and summaries', () => {
  it('lists documents with titles from headings, and finds one by a prefix of its name', () => {
    expect(engine.documents().map((d) => [d.id, d.title])).toContainEqual(['guide/bread.md', 'Baking sourdough bread']);
    expect(engine.findDocument('guide/br').id).toBe('guide/bread.md');
    expect(() => engine.findDocument('zzz')).toThrow(UnknownDocumentError);
  });

  it('summarises a document with verbatim sentences in document order', () => {
    const s = engine.summarizeDocument('guide/bread.md', 'short');
    expect(s.citations.length).toBeGreaterThan(0);
    for (const c of s.citations) expect(TINY_CORPUS['guide/bread.md']!.slice(c.start, c.end)).toBe(c.quote);
    const starts = s.citations.map((c) => c.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('says where each summary quote is, as answers do: section and file lines, or the PDF page', async () => {
    const md = engine.summarizeDocument('guide/bread.md', 'long');
    const c = md.citations.find((x) => x.section !== undefined)!;
    expect(c.section).toContain('Baking sourdough bread');
    const [first, last] = c.lines!;
    const lines = TINY_CORPUS['guide/bread.md']!.split('\n');
    expect(lines.slice(first - 1, last).join('\n')).toContain(c.quote.split('\n')[0]);

    const corpus = writeCorpus({ 'notes.txt': 'The pier office opens at eight every morning.' });
    writeFileSync(path.join(corpus, 'handbook.pdf'), await handbookPdf(2));
    const e = await openFakeEngine({ CORPUS_DIR: corpus });
    const pdf = e.summarizeDocument('handbook.pdf', 'long');
    expect(pdf.citations.length).toBeGreaterThan(0);
    // The fixture's sections sit on pages 1 (Crossings 1), 2 (Limits) and 3 (Crossings 2).
    const pageOf: Record<string, number> = { 'Crossings 1': 1, Limits: 2, 'Crossings 2': 3 };
    for (const q of pdf.citations) expect(q.page).toBe(pageOf[q.section!.split(' › ').at(-1)!]);
    expect(new Set(pdf.citations.map((q) => q.page)).size).toBeGreaterThanOrEqual(2);
  });

  it('gives one line per document in the overview, and topic summaries only on topic', async () => {
    expect(engine.overview().citations.map((c) => c.document).sort()).toEqual(['guide/bread.md', 'harbour.txt', 'notes/volcano.txt']);
    const topic = await engine.summarizeTopic('ferry harbour island');
    expect(topic.citations.length).toBeGreaterThan(0);
    expect(topic.citations.every((c) => c.document === 'harbour.txt')).toBe(true);
    expect((await engine.summarizeTopic('quantum chromodynamics')).message).toMatch(/do not seem to cover/);
  });

  it("never quotes a document's labelled headline line in a topic summary", async () => {
    const e = await openFakeEngine({
      CORPUS_DIR: writeCorpus({
        'ferry.txt': [
          'Harbour news | The island ferry returns to the harbour.',
          '',
          'The island ferry returns to the harbour every evening at nine. The harbour ferry carries cars and bicycles to the island.',
        ].join('\n'),
      }),
    });
    const topic = await e.summarizeTopic('island ferry harbour');
    expect(topic.citations.length).toBeGreaterThan(0);
    for (const c of topic.citations) expect(c.quote).not.toContain('Harbour news |');
    await e.close();
  });
});

describe('reindex', () => {
  it('reports added, changed and removed documents and serves the new text', async () => {
    const corpus = writeCorpus();
    const e = await openFakeEngine({ CORPUS_DIR: corpus });
    writeFileSync(path.join(corpus, 'new.txt'), 'A new note\n\nThe committee approved the lighthouse budget on Friday afternoon.\n');
    appendFileSync(path.join(corpus, 'harbour.txt'), '\n\nThe harbour master retired in May after thirty years of service.\n');
    rmSync(path.join(corpus, 'notes/volcano.txt'));
    const report = await e.reindex();
    expect(report).toMatchObject({ added: ['new.txt'], changed: ['harbour.txt'], removed: ['notes/volcano.txt'], unchanged: 1 });
    // A reindex updates (only what changed is embedded); it no longer rebuilds an index that is up to date.
    expect(report.status.rebuilt).toBe('stale');
    expect(report.embedded).toBeGreaterThan(0);
    expect((await e.reindex()).status.rebuilt).toBeUndefined();
    const a = await e.ask('Who approved the lighthouse budget on Friday?');
    expect(a.citations[0]?.document).toBe('new.txt');
  });
});
