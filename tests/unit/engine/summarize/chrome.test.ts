import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/bootstrap/config.js';
import { withoutChrome } from '../../../../src/engine/summarize/chrome.js';
import { documentSummaryProfile, summarizeDocuments } from '../../../../src/engine/summarize/document-summaries.js';
import { summaryQuoteSpans, type SummaryInput } from '../../../../src/engine/summarize/salient.js';
import { documentFromText } from '../../../helpers/documents.js';
import { openFakeEngine, writeCorpus } from '../../../helpers/fake-engine.js';
import { fakeVector } from '../../../helpers/fake-vector.js';

function input(text: string, id = 'doc.txt'): SummaryInput {
  const units = documentFromText(id, text).sentences.map((s) => ({ ...s }));
  return { text, units, vectors: units.map((u) => fakeVector(text.slice(u.start, u.end))) };
}

/** Each sentence as a summary would quote it (its own span, chrome left out). */
function quoted(text: string, id = 'doc.txt'): string[] {
  const { units } = input(text, id);
  return summaryQuoteSpans(text, units, units.map((_, i) => i)).map((q) => text.slice(q.start, q.end));
}

/** Sentences the rule shortened or dropped. */
function touched(text: string, id = 'doc.txt'): string[] {
  const units = documentFromText(id, text).sentences;
  const shown = withoutChrome(text, units);
  return units.flatMap((u, i) => (shown.units[i]!.start !== u.start || shown.units[i]!.contextStart !== u.contextStart ? [text.slice(u.start, u.end)] : []));
}

const STORY = 'The harbour bridge in Northbridge will close for eighteen months after engineers found deep cracks in its main span. Mayor Helen Ortiz said repairs would cost $40 million and that a ferry would carry commuters in the meantime.';

describe('chrome at the top of a news article', () => {
  it('leaves a dateline out of the first sentence’s quote, which stays an exact substring', () => {
    for (const dateline of ['(CNN)', 'Kathmandu, Nepal (CNN)', 'LONDON, England (CNN) -- ', 'WASHINGTON (AP) -- ']) {
      const text = `${dateline}${STORY}`;
      const [first] = quoted(text);
      expect(first).toBe('The harbour bridge in Northbridge will close for eighteen months after engineers found deep cracks in its main span.');
      expect(text).toContain(first);
    }
  });

  it('drops a Daily Mail byline and its time stamps, and a dateline after them', () => {
    const text = `By . Daily Mail Reporter . PUBLISHED: . 12:01 EST, 3 October 2013 . | . UPDATED: . 14:22 EST, 3 October 2013 . ${STORY}`;
    const { units } = input(text);
    const shown = withoutChrome(text, units);
    const kept = units.flatMap((u, i) => (shown.chrome[i] ? [] : [text.slice(shown.units[i]!.start, u.end)]));
    expect(kept[0]).toMatch(/^The harbour bridge in Northbridge/);
    expect(kept.join(' ')).not.toMatch(/Daily Mail Reporter|PUBLISHED|UPDATED|EST/);
    // A summary never picks the byline's pieces.
    const [picks] = summarizeDocuments([input(text)], documentSummaryProfile());
    for (const i of picks!.short) expect(shown.chrome[i]).toBe(false);
    const other = `By . Sam Webb . Last updated at 4:36 PM on 12th January 2012 . ${STORY}`;
    const shownOther = withoutChrome(other, input(other).units);
    const keptOther = quoted(other).filter((_, i) => !shownOther.chrome[i]);
    expect(keptOther[0]).toMatch(/^The harbour bridge in Northbridge/);
    expect(keptOther.join(' ')).not.toMatch(/Sam Webb|Last updated/);
  });

  it('cuts a photo caption glued in front of a lead sentence when it is demonstrably one', () => {
    const lead = 'A senior doctor facing sexual assault allegations from two nurses is accused of groping one of them at a hospital.';
    // a caption's label
    expect(quoted(`Accused: Dr Ram Manohar, 38, has denied four counts of sexual assault ${lead} ${STORY}`)[0]).toBe(lead);
    // "pictured"
    expect(quoted(`The hospital in Wirral (pictured) where the two nurses worked in 2013 ${lead} ${STORY}`)[0]).toBe(lead);
    // a caption restating the sentence it is glued to, before a name
    const cameron = 'David Cameron will say today that high taxes and wasteful spending are immoral as millions of working households get a tax cut.';
    expect(quoted(`David Cameron will say that high taxes are immoral as working households receive a tax cut ${cameron} ${STORY}`)[0]).toBe(cameron);
  });

  it('keeps glued text that is no caption: no label, nothing restated, or a binding word before the capital', () => {
    for (const text of [
      // a run-on sentence whose first part says something else
      'The council met on Tuesday to discuss the budget for roads A new plan for the harbour bridge was presented by the mayor of the town.',
      // "told The Times", "plan A", "vitamin A": capitals that continue the sentence
      'Mr Ballard, 26, told The Times that he saw the climb of the mountain as his destiny and would start in June.',
      'The council said plan A for the harbour bridge would close the whole span for eighteen months from June.',
      'Doctors said vitamin A deficiency remains common in the region and that supplements are handed out free.',
    ]) {
      expect(touched(text), text).toEqual([]);
    }
  });

  it('reads only the top of a document: a caption-like run further down keeps its words', () => {
    const caption = 'Accused: Dr Ram Manohar, 38, has denied four counts of sexual assault A senior doctor facing sexual assault allegations from two nurses is accused of groping one.';
    const text = `${STORY} The ferry service starts on Monday with two boats. The council will review the timetable in spring. ${caption}`;
    expect(touched(text)).toEqual([]);
  });

  it('changes nothing in documentation pages or in the seed articles', () => {
    const walk = (d: string, ext: RegExp): string[] =>
      readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n), ext) : ext.test(n) ? [path.join(d, n)] : []));
    const docs = walk(path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'docs', 'corpus'), /\.md$/);
    const seed = walk(path.join(PROJECT_ROOT, 'corpus'), /\.(txt|md)$/);
    expect(docs.length).toBeGreaterThan(30);
    expect(seed.length).toBeGreaterThan(3);
    for (const f of [...docs, ...seed]) expect(touched(readFileSync(f, 'utf8'), path.basename(f)), f).toEqual([]);
  });

  it('made-up documentation with labels, capitals and parentheses keeps every word', () => {
    const page = [
      '# Configuration',
      '',
      'Note: The config file is loaded before the dev server starts, so changes need a restart.',
      '',
      'By default the server listens on port 5173 (see server.port) and serves the project root.',
      '',
      'Options: The following keys are read from the config file A to Z in the order they appear.',
    ].join('\n');
    expect(touched(page, 'config.md')).toEqual([]);
  });

  it('the engine quotes summaries, the overview and topic summaries without the chrome, at the offsets it cites', async () => {
    const text = `Northbridge (CNN)${STORY} The ferry service starts on Monday with two boats and runs every hour. The council will review the timetable in spring after hearing from commuters.`;
    const e = await openFakeEngine({ CORPUS_DIR: writeCorpus({ 'news.txt': text }) });
    const summary = e.summarizeDocument('news.txt', 'short');
    const topic = await e.summarizeTopic('harbour bridge cracks closure');
    expect(topic.citations.some((c) => c.quote.startsWith('The harbour bridge in Northbridge'))).toBe(true);
    const lines = [...summary.citations, ...e.overview().citations, ...topic.citations];
    expect(lines.length).toBeGreaterThan(1);
    for (const c of lines) {
      expect(text.slice(c.start, c.end)).toBe(c.quote);
      expect(c.quote).not.toMatch(/CNN/);
    }
    expect(summary.citations[0]!.quote).toMatch(/^The harbour bridge in Northbridge/);
    await e.close();
  });
});
