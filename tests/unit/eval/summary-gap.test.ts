import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/engine/chunking/sentences.js';
import { gapRow, gapTable } from '../../../src/eval/summary-gap.js';
import type { Article } from '../../../src/eval/summary-eval.js';

const SENTENCES = [
  'The council voted to close the harbour bridge on Tuesday.',
  'Repairs will cost forty million dollars.',
  'Ferries will carry commuters during the works.',
  'Shop owners fear fewer customers.',
  'The bridge was built in 1931.',
  'A public meeting is set for Thursday.',
  'Some residents would rather drive the long way round.',
];
const article: Article = { id: 'a.txt', text: SENTENCES.join(' '), reference: 'The council closed the harbour bridge.\nFerries will carry commuters.' };
const spans = splitSentences(article.text);
const picks = (...i: number[]) => i.map((k) => spans[k]!);

describe('summary gap against LEAD-3', () => {
  it('sorts each article by how its picks relate to the lead, with positions among the plain sentences', () => {
    const same = gapRow(article, picks(0, 1, 2), 75);
    expect(same.kind).toBe('same as LEAD-3');
    expect(same.bot).toBe(same.lead);
    expect(same.positions).toEqual([0, 1, 2]);
    // The lead's sentences with a dateline left out of the first are still the lead.
    const dated: Article = { ...article, text: `(CNN)${article.text}` };
    const datedSpans = splitSentences(dated.text);
    expect(gapRow(dated, [{ start: 5, end: datedSpans[0]!.end }, datedSpans[1]!, datedSpans[2]!], 75).kind).toBe('same as LEAD-3');
    const late = gapRow(article, picks(0, 2, 6), 75);
    expect(late.kind).toBe('a pick past sentence 5');
    expect(late.positions).toEqual([0, 2, 6]);
    // LEAD-3 runs 22 words: over a 20-word budget the difference is the budget's.
    expect(gapRow(article, picks(0, 2), 20).kind).toBe('LEAD-3 over the budget');
    expect(gapRow(article, picks(0, 2, 3), 75).kind).toBe('other sentences of the first 5');
    // Dropping the sentence the reference does not mention raises ROUGE-1.
    const better = gapRow(article, picks(0, 2), 75);
    expect(better.bot).toBeGreaterThan(better.lead);
    expect(better.botWords).toBe(17);
  });

  it('tables the mean difference per kind and its share of the mean over all articles', () => {
    const rows = [gapRow(article, picks(0, 1, 2), 75), gapRow(article, picks(0, 2), 75), gapRow(article, picks(0, 2, 6), 75)];
    const table = gapTable(rows);
    const diff = (k: number) => rows[k]!.bot - rows[k]!.lead;
    const other = table.find((t) => t.kind === 'other sentences of the first 5')!;
    expect(other.articles).toBe(1);
    expect(other.meanDiff).toBeCloseTo(diff(1), 1);
    expect(other.shareOfMean).toBeCloseTo(diff(1) / 3, 1);
    expect(table.reduce((a, t) => a + t.articles, 0)).toBe(3);
    expect(table.reduce((a, t) => a + t.shareOfMean, 0)).toBeCloseTo((diff(0) + diff(1) + diff(2)) / 3, 1);
  });
});
