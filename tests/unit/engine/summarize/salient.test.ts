import { describe, expect, it } from 'vitest';
import { fakeVector } from '../../../helpers/fake-vector.js';
import { documentSummaryProfile, summarizeDocuments, summaryBudgets } from '../../../../src/engine/summarize/document-summaries.js';
import { headlineFlags, type SummaryInput, type SummaryUnit } from '../../../../src/engine/summarize/salient.js';
import { documentFromText } from '../../../helpers/documents.js';


/** Sentences as the index build finds them (captions split off, headings left out). */
function input(text: string, section?: (start: number) => string | undefined, id = 'doc.txt'): SummaryInput {
  const units: SummaryUnit[] = documentFromText(id, text).sentences.map((s) => ({ ...s, section: section?.(s.start) }));
  return { text, units, vectors: units.map((u) => fakeVector(text.slice(u.start, u.end))) };
}

const ARTICLE = [
  'The city council of Northbridge voted on Tuesday to close the old harbour bridge after engineers found deep cracks in its main span.',
  'Mayor Helen Ortiz said the bridge would stay closed for at least eighteen months while repairs costing $40 million are carried out.',
  'Scroll down for video',
  'Commuters who cross the bridge every morning will have to use a ferry service that the council is setting up with two extra boats.',
  'Local shop owners near the harbour fear that the closure will cut the number of customers walking past their stores.',
  'Engineers first noticed the cracks during a routine inspection in March and warned the council that the span could fail in a storm.',
  'The harbour bridge was built in 1931 and carries about 20,000 vehicles a day between the old town and the northern suburbs.',
  'Ortiz said the council had no choice but to close the bridge because the safety of residents came first.',
  'A public meeting about the ferry timetable will be held at the town hall next Thursday evening.',
  'Some residents said they would rather drive the long way round than wait for a ferry in winter.',
  'The bridge closure is the biggest disruption to the town since the floods of 2007 closed the main road for a month.',
].join(' ');

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe('salient summaries (fake embedder)', () => {
  const profile = documentSummaryProfile();
  const doc = input(ARTICLE);
  const [picks] = summarizeDocuments([doc], profile);
  const quotes = (ids: number[]) => ids.map((i) => ARTICLE.slice(doc.units[i]!.contextStart, doc.units[i]!.end));

  it('quotes whole sentences verbatim, in document order, without duplicates, within the word and sentence budgets', () => {
    const budgets = summaryBudgets(profile);
    for (const length of ['short', 'medium', 'long'] as const) {
      const ids = picks![length];
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(ids.length).toBeLessThanOrEqual(budgets[length].sentences);
      expect(quotes(ids).reduce((a, q) => a + words(q), 0)).toBeLessThanOrEqual(budgets[length].words);
      for (const q of quotes(ids)) expect(ARTICLE).toContain(q);
    }
    expect(budgets.short.words).toBeLessThanOrEqual(75);
    expect(budgets.medium.words).toBeLessThanOrEqual(130);
    expect(picks!.long.length).toBeGreaterThan(picks!.short.length);
  });

  it('never picks a video prompt', () => {
    for (const length of ['short', 'medium', 'long'] as const) expect(quotes(picks![length]).join(' ')).not.toMatch(/Scroll down/);
  });

  it('gives a one-sentence document its sentence, and a document of over-budget sentences its best one', () => {
    const one = input('Bridge closure\n\nThe harbour bridge in Northbridge will close for eighteen months of repairs.');
    expect(one.units).toHaveLength(1);
    expect(summarizeDocuments([one], profile)[0]!.short).toEqual([0]);
    const long = `${'word '.repeat(90).trim()} ends here. ${'other '.repeat(90).trim()} ends too.`;
    expect(summarizeDocuments([input(long)], profile)[0]!.short).toHaveLength(1);
  });

  it('leaves out a labelled headline line ("Opinion | …") at every length, and only that', () => {
    // The text reader keeps a prose first line as a paragraph (it is also the title): units by hand.
    const byParagraph = (text: string): SummaryInput => {
      const units: SummaryUnit[] = [];
      let paragraph = 0;
      for (const m of text.matchAll(/[^\n]+/g)) {
        paragraph++;
        for (const t of m[0].matchAll(/[^.]+\.\s*/g)) {
          const start = m.index + t.index + (t[0].length - t[0].trimStart().length);
          const end = m.index + t.index + t[0].trimEnd().length;
          units.push({ start, end, contextStart: start, paragraph });
        }
      }
      return { text, units, vectors: units.map((u) => fakeVector(text.slice(u.start, u.end))) };
    };
    const headline = 'Opinion | The harbour bridge must close. The council should say so now.';
    const body = ARTICLE.split('. ').slice(0, 6).join('.\n\n');
    const labelled = byParagraph(`${headline}\n\n${body}`);
    expect(headlineFlags(labelled.text, labelled.units).filter(Boolean)).toHaveLength(2);
    const [sums] = summarizeDocuments([labelled], profile);
    for (const length of ['short', 'medium', 'long'] as const) {
      expect(sums![length].length).toBeGreaterThan(0);
      for (const i of sums![length]) expect(labelled.text.slice(labelled.units[i]!.contextStart, labelled.units[i]!.end)).not.toMatch(/Opinion|council should say so/);
    }
    // The same line without a label, or a pipe inside a one-block article, is content.
    const plain = byParagraph(`${headline.replace('Opinion | ', '')}\n\n${body}`);
    expect(headlineFlags(plain.text, plain.units).some(Boolean)).toBe(false);
    const oneBlock = byParagraph(`${headline} ${ARTICLE}`);
    expect(headlineFlags(oneBlock.text, oneBlock.units).some(Boolean)).toBe(false);
  });
});
